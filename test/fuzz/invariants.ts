/**
 * What every answer must satisfy, whatever the input: ranges inside the document (start ≤ end, offsets that agree
 * with the range), registered codes, short messages that do not repeat long stretches of the file, completion
 * ranges an editor accepts, code actions whose edits apply, symbols VS Code can show, and plain request data.
 * Each check adds readable problems to a list instead of throwing, so one case reports everything it found.
 */
import { Lines, longestEcho, type Pos, type Rng2 } from './text';

export const BOUNDS = {
  /** Longest diagnostic message (the longest registered message is about 300 characters). */
  message: 1000,
  /**
   * Longest stretch of the file a message, hover, action title or completion label may repeat. Messages quote values
   * cut to 60-200 characters; anything longer is the file's input echoed back without a bound.
   */
  echo: 256,
  /** Longest hover (the member's documentation and constraints). */
  hover: 8000,
  /** Diagnostics per file: the service's cap (500) plus the one that says how many more there are. */
  diagnostics: 501,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

export class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    if (this.list.length < 50) this.list.push(`${where}: ${what}`);
  }
}

/** A diagnostic as the service, the CLI's JSON or LSP give it (LSP severities are numbers). */
export interface AnyDiagnostic {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  range?: unknown;
  offset?: unknown;
  length?: unknown;
  document?: unknown;
  path?: unknown;
}

export function checkDiagnostics(
  p: Problems,
  where: string,
  lines: Lines,
  diagnostics: readonly AnyDiagnostic[],
  codes: ReadonlySet<string>,
  documents?: number,
): void {
  if (diagnostics.length > BOUNDS.diagnostics)
    p.add(where, `${diagnostics.length} diagnostics (cap ${BOUNDS.diagnostics})`);
  for (const [i, d] of diagnostics.entries()) {
    const w = `${where} diagnostic ${i} (${String(d.code)})`;
    if (typeof d.code !== 'string' || !codes.has(d.code)) p.add(w, `code ${JSON.stringify(d.code)} is not registered`);
    if (typeof d.severity === 'string' ? !SEVERITIES.has(d.severity) : ![1, 2, 3, 4].includes(d.severity as number))
      p.add(w, `severity ${JSON.stringify(d.severity)}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') p.add(w, 'empty message');
    else if (d.message.length > BOUNDS.message) p.add(w, `message of ${d.message.length} characters`);
    const bad = lines.rangeProblem(d.range);
    if (bad) {
      p.add(w, `range: ${bad}`);
      continue;
    }
    const r = d.range as Rng2;
    if (d.offset !== undefined || d.length !== undefined) {
      const start = lines.offsetAt(r.start);
      const end = lines.offsetAt(r.end);
      // An offset between CR and LF has no position of its own: it is the end of its line.
      const o = typeof d.offset === 'number' ? lines.lineEndOf(d.offset) : d.offset;
      const e =
        typeof d.offset === 'number' && typeof d.length === 'number' ? lines.lineEndOf(d.offset + d.length) : undefined;
      if (o !== start || e !== end)
        p.add(w, `offset ${String(d.offset)}+${String(d.length)} but range is ${start}..${end} (${JSON.stringify(r)})`);
    }
    if (d.path !== undefined && typeof d.path !== 'string') p.add(w, `path ${JSON.stringify(d.path)}`);
    if (
      documents !== undefined &&
      (!Number.isInteger(d.document) || (d.document as number) < 0 || (d.document as number) >= Math.max(1, documents))
    )
      p.add(w, `document ${JSON.stringify(d.document)} of ${documents}`);
  }
}

export interface AnySymbol {
  name?: unknown;
  detail?: unknown;
  range?: unknown;
  selectionRange?: unknown;
  children?: unknown;
}

/** VS Code refuses a symbol with an empty name or a selection range outside its range (and drops the outline). */
export function checkSymbols(p: Problems, where: string, lines: Lines, symbols: readonly AnySymbol[]): number {
  let n = 0;
  // Children may lie outside their parent: a YAML alias shows the anchored node, where it is written.
  const walk = (list: readonly AnySymbol[], path: string): void => {
    for (const [i, s] of list.entries()) {
      n++;
      const w = `${where} symbol ${path}${i}`;
      if (typeof s.name !== 'string' || s.name === '')
        p.add(w, `name ${JSON.stringify(s.name)} (VS Code rejects an empty name)`);
      if (s.detail !== undefined && s.detail !== null && (typeof s.detail !== 'string' || s.detail.length > 200))
        p.add(w, `detail of ${String((s.detail as string)?.length)} characters`);
      const bad = lines.rangeProblem(s.range) ?? lines.rangeProblem(s.selectionRange);
      if (bad) {
        p.add(w, `range: ${bad}`);
        continue;
      }
      const range = s.range as Rng2;
      if (!lines.within(s.selectionRange as Rng2, range))
        p.add(w, `selection range ${JSON.stringify(s.selectionRange)} not inside range ${JSON.stringify(range)}`);
      if (s.children !== undefined && !Array.isArray(s.children)) p.add(w, 'children is not a list');
      else if (s.children) walk(s.children as AnySymbol[], `${path}${i}.`);
    }
  };
  walk(symbols, '');
  return n;
}

export interface AnyCompletion {
  label?: unknown;
  range?: unknown;
  insertText?: unknown;
}

/** An editor takes an item's range only when it is on one line and contains the position completion was asked at. */
export function checkCompletion(
  p: Problems,
  where: string,
  lines: Lines,
  items: readonly AnyCompletion[],
  position: Pos,
): void {
  for (const [i, item] of items.entries()) {
    const w = `${where} completion ${i} (${JSON.stringify(item.label)})`;
    if (typeof item.label !== 'string' || item.label === '') p.add(w, 'empty label');
    if (item.range === undefined) continue;
    const bad = lines.rangeProblem(item.range);
    if (bad) {
      p.add(w, `range: ${bad}`);
      continue;
    }
    const r = item.range as Rng2;
    if (r.start.line !== r.end.line) p.add(w, `range spans lines ${JSON.stringify(r)}`);
    const off = lines.offsetAt(position);
    if (lines.offsetAt(r.start) > off || lines.offsetAt(r.end) < off)
      p.add(w, `range ${JSON.stringify(r)} does not contain the position ${JSON.stringify(position)}`);
  }
}

export interface AnyEdit {
  range: unknown;
  newText: unknown;
}

/** Applies edits that must be valid and must not overlap; returns the new text, or undefined after a problem. */
export function applyEdits(p: Problems, where: string, lines: Lines, edits: readonly AnyEdit[]): string | undefined {
  const spans: [number, number, string][] = [];
  for (const e of edits) {
    const bad = lines.rangeProblem(e.range);
    if (bad) {
      p.add(where, `edit range: ${bad}`);
      return undefined;
    }
    if (typeof e.newText !== 'string') {
      p.add(where, `edit text ${JSON.stringify(e.newText)}`);
      return undefined;
    }
    const r = e.range as Rng2;
    spans.push([lines.offsetAt(r.start), lines.offsetAt(r.end), e.newText]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) {
      p.add(where, `overlapping edits ${spans[i - 1][0]}..${spans[i - 1][1]} and ${spans[i][0]}..${spans[i][1]}`);
      return undefined;
    }
  }
  let out = '';
  let last = 0;
  for (const [s, e, t] of spans) {
    out += lines.text.slice(last, s) + t;
    last = e;
  }
  return out + lines.text.slice(last);
}

/** Request data is plain JSON data: objects with the ordinary prototype, lists, strings, numbers, booleans, null. */
export function checkPlainData(p: Problems, where: string, value: unknown): void {
  const stack = new Set<unknown>();
  let count = 0;
  const walk = (v: unknown, path: string): void => {
    if (++count > 2_000_000) return;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') return; // ±Infinity and NaN are numbers the YAML loader can make
    if (typeof v !== 'object') return p.add(where, `${path || 'value'} is a ${typeof v}`);
    if (stack.has(v)) return p.add(where, `${path} is a cycle`);
    const proto: unknown = Object.getPrototypeOf(v);
    if (Array.isArray(v)) {
      stack.add(v);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
      stack.delete(v);
      return;
    }
    if (proto !== Object.prototype && proto !== null)
      return p.add(where, `${path || 'value'} is not a plain object (prototype ${describeProto(proto)})`);
    stack.add(v);
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      // A member without a value (JSON error recovery) is left out by JSON.stringify, as by the SDK.
      if (x !== undefined) walk(x, path ? `${path}.${k}` : k);
    }
    stack.delete(v);
  };
  walk(value, '');
}

function describeProto(proto: unknown): string {
  const ctor = (proto as { constructor?: { name?: string } } | null)?.constructor?.name;
  return ctor ?? JSON.stringify(proto)?.slice(0, 60) ?? String(proto);
}

/** Strings shown to the user that must not repeat long stretches of the file. */
export function checkEcho(
  p: Problems,
  where: string,
  text: string,
  shown: readonly { what: string; text: string }[],
): void {
  // Only a string longer than the bound can repeat more than the bound.
  // Any stretch of more than 2k - 2 characters holds an aligned window of k: the cheap test first.
  const k = Math.ceil((BOUNDS.echo + 2) / 2);
  const suspect = (m: string) => {
    for (let i = 0; i + k <= m.length; i += k) if (text.includes(m.slice(i, i + k))) return true;
    return false;
  };
  const long = shown.filter(s => s.text.length > BOUNDS.echo && suspect(s.text));
  if (long.length === 0) return;
  const longest = longestEcho(
    text,
    long.map(s => s.text),
  );
  if (longest <= BOUNDS.echo) return;
  for (const s of long) {
    const n = longestEcho(text, [s.text]);
    if (n > BOUNDS.echo)
      p.add(where, `${s.what} repeats ${n} characters of the file: ${JSON.stringify(s.text.slice(0, 160))}…`);
  }
}
