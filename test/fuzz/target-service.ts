/**
 * Target (a): the language service in process. One case: analyze (by name, else by content, else with a forced
 * kind), validate, symbols, hover and completion at the case's offsets and at positions an out-of-sync editor could
 * send, code actions over each diagnostic's range and a random range (their edits applied and the result checked
 * again), and the request data of every document.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  clearDiscoveryCache,
  createLanguageService,
  type AnalyzedFile,
  type Diagnostic,
  type Kind,
  type LanguageService,
  type Position,
} from '../../server/src/service';
import {
  Problems,
  applyEdits,
  checkCompletion,
  checkDiagnostics,
  checkEcho,
  checkPlainData,
  checkSymbols,
} from './invariants';
import { loadCorpus } from './corpus';
import { fuzzHost } from './host';
import type { FuzzCase } from './mutate';
import { Lines } from './text';

const KINDS: readonly Kind[] = ['identity-source', 'identity-source-update', 'trust-provider', 'trust-provider-update'];

export interface CaseResult {
  /** Time in the target: the service's calls (not the checks around them), the CLI's `main`, the server's answers. */
  ms: number;
  problems: string[];
  /** How the file was associated: by name, by content, forced. */
  how: 'name' | 'content' | 'forced';
  diagnostics: number;
}

export interface ServiceTarget {
  service: LanguageService;
  codes: ReadonlySet<string>;
}

export function serviceTarget(): ServiceTarget {
  const service = createLanguageService(fuzzHost());
  return { service, codes: new Set(service.rules().map(r => r.code)) };
}

/**
 * Loads the Cedar engine and runs every corpus entry once before the first case, so that start-up and the first
 * compilation of the service's code are not counted as the first cases' time.
 */
export async function warmUp(t: ServiceTarget): Promise<void> {
  for (const [index, e] of loadCorpus().entries()) {
    const c: FuzzCase = {
      seed: 0,
      index,
      source: e.source,
      name: e.name,
      original: e.text,
      text: e.text,
      splices: [],
      ops: [],
      offsets: [0, e.text.length],
    };
    await runServiceCase(t, c);
  }
}

export function uriOf(c: FuzzCase): string {
  return `file:///fuzz/${c.seed}/${c.index}/${encodeURIComponent(c.name)}`;
}

/** The file as the service sees it: by name; else by content, as the CLI does for a path it is given; else forced. */
export function analyzeCase(
  service: LanguageService,
  c: FuzzCase,
  text = c.text,
): { file: AnalyzedFile; how: CaseResult['how'] } {
  const doc = { uri: uriOf(c), text };
  const byName = service.analyze(doc);
  if (byName) return { file: byName, how: 'name' };
  const byContent = service.analyze(doc, { sniff: true });
  if (byContent) return { file: byContent, how: 'content' };
  return { file: service.analyze(doc, { kind: KINDS[c.index % KINDS.length] })!, how: 'forced' };
}

/** Positions an editor whose copy of the document is out of date could send. */
function wildPositions(lines: Lines): Position[] {
  return [
    { line: -1, character: 0 },
    { line: lines.count + 3, character: 2 },
    { line: 0, character: 1e9 },
    { line: lines.count - 1, character: -5 },
  ];
}

/** What the service makes of the text: every feature, with the invariants checked. */
/**
 * The service with every call timed into `clock` (promises until they settle): a case's time is the service's, not
 * the invariant checks'.
 */
function timed(service: LanguageService, clock: { ms: number }): LanguageService {
  return new Proxy(service, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]): unknown => {
        const t0 = performance.now();
        const stop = () => (clock.ms += performance.now() - t0);
        let r: unknown;
        try {
          r = (v as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          stop();
          throw e;
        }
        if (r instanceof Promise) return r.finally(stop);
        stop();
        return r;
      };
    },
  });
}

export function exercise(t: ServiceTarget, c: FuzzCase, p: Problems, file: AnalyzedFile): Diagnostic[] {
  const { service, codes } = t;
  const text = c.text;
  const where = 'service';
  const lines = new Lines(text);
  const diagnostics = service.validate(file);
  const documents = file.parsed.documents.length;
  checkDiagnostics(p, `${where} validate`, lines, diagnostics, codes, documents);
  for (const d of diagnostics) {
    if (d.data !== undefined) {
      try {
        if (!isDeepStrictEqual(JSON.parse(JSON.stringify(d.data)), d.data))
          p.add(where, `${d.code}: data is not JSON data`);
      } catch (e) {
        p.add(where, `${d.code}: data does not serialize (${String(e)})`);
      }
    }
  }
  const shown: { what: string; text: string }[] = diagnostics.map(d => ({
    what: `${d.code} message`,
    text: d.message,
  }));
  checkSymbols(p, `${where} symbols`, lines, service.symbols(file));

  const positions = [...c.offsets.map(o => lines.cursorAt(o)), ...wildPositions(lines)];
  for (const [i, position] of positions.entries()) {
    const valid = i < c.offsets.length;
    const hover = service.hover(file, position);
    if (hover) {
      const bad = lines.rangeProblem(hover.range);
      if (bad) p.add(`${where} hover at ${JSON.stringify(position)}`, `range: ${bad}`);
      shown.push({ what: 'hover', text: hover.markdown });
    }
    const items = service.complete(file, position);
    if (valid) checkCompletion(p, `${where} at ${JSON.stringify(position)}`, lines, items, position);
    else
      for (const item of items)
        if (lines.rangeProblem(item.range))
          p.add(
            `${where} at ${JSON.stringify(position)}`,
            `completion range ${JSON.stringify(item.range)} outside the document`,
          );
    for (const item of items)
      shown.push(
        { what: 'completion label', text: item.label },
        { what: 'completion detail', text: item.detail ?? '' },
      );
  }

  const ranges = [
    ...diagnostics.slice(0, 6).map(d => d.range),
    { start: positions[0], end: positions[c.offsets.length - 1] },
    { start: positions[1], end: positions[0] },
  ];
  let fixed = 0;
  for (const range of ranges) {
    for (const action of service.codeActions(file, range)) {
      const w = `${where} action ${JSON.stringify(action.title)}`;
      shown.push({ what: 'action title', text: action.title });
      for (const d of action.diagnostics)
        if (!codes.has(d.code)) p.add(w, `fixes the unregistered code ${JSON.stringify(d.code)}`);
      const after = applyEdits(p, w, lines, action.edits);
      // The result of a fix is checked again: a few per case, on files of ordinary size (each costs a parse, and a
      // case's time is bounded).
      if (after !== undefined && fixed < 2 && text.length <= 50_000) {
        fixed++;
        const q = new Problems();
        const again = analyzeCase(service, c, after).file;
        checkDiagnostics(
          q,
          'after fix',
          new Lines(after),
          service.validate(again),
          codes,
          again.parsed.documents.length,
        );
        for (const x of q.list) p.add(w, x);
      }
    }
  }

  for (let d = 0; d < Math.min(documents, 5); d++) {
    const data = service.requestInput(file, d);
    if (data !== undefined) checkPlainData(p, `${where} requestInput(${d})`, data);
    if (d === 0 && data !== undefined && file.format === 'json') jsonAgrees(p, where, text, diagnostics, data);
  }
  service.requestInput(file, documents + 3);
  checkEcho(p, where, text, shown);
  return diagnostics;
}

/**
 * For a JSON file that JSON.parse reads and that has no syntax finding, the request data is what JSON.parse gives
 * (the AWS CLI reads the file with Python's json, which agrees with it on such text).
 */
function jsonAgrees(p: Problems, where: string, text: string, diagnostics: Diagnostic[], data: unknown): void {
  if (diagnostics.some(d => d.code === 'syntax' || d.code === 'duplicate-key' || d.code.startsWith('cli-json'))) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  if (
    !isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), JSON.parse(JSON.stringify(data))) ||
    !sameKeys(parsed, data)
  )
    p.add(
      where,
      `requestInput differs from JSON.parse: ${JSON.stringify(data)?.slice(0, 200)} vs ${JSON.stringify(parsed)?.slice(0, 200)}`,
    );
}

/** Own keys agree all the way down (JSON.stringify skips a `__proto__` that became a prototype). */
function sameKeys(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameKeys(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      isDeepStrictEqual(ka, kb) &&
      ka.every(k => sameKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return true;
}

/**
 * The checks against facts outside the file, with the fuzzing host's schemas and discovery answers: their findings
 * must hold to the same invariants (the discovery cache is cleared first, so a case does not depend on earlier ones).
 */
async function semantic(t: ServiceTarget, c: FuzzCase, file: AnalyzedFile, p: Problems): Promise<number> {
  clearDiscoveryCache();
  const found = await t.service.validateSemantic(file);
  const lines = new Lines(c.text);
  checkDiagnostics(p, 'service validateSemantic', lines, found, t.codes, file.parsed.documents.length);
  checkEcho(
    p,
    'service validateSemantic',
    c.text,
    found.map(d => ({ what: `${d.code} message`, text: d.message })),
  );
  for (const action of t.service.codeActions(
    file,
    { start: { line: 0, character: 0 }, end: lines.positionAt(c.text.length) },
    found,
  ))
    applyEdits(p, `service semantic action ${JSON.stringify(action.title)}`, lines, action.edits);
  return found.length;
}

export async function runServiceCase(target: ServiceTarget, c: FuzzCase): Promise<CaseResult> {
  const p = new Problems();
  const clock = { ms: 0 };
  const t: ServiceTarget = { ...target, service: timed(target.service, clock) };
  let diagnostics = 0;
  let how: CaseResult['how'] = 'name';
  try {
    const analyzed = analyzeCase(t.service, c);
    how = analyzed.how;
    diagnostics = exercise(t, c, p, analyzed.file).length;
    diagnostics += await semantic(t, c, analyzed.file, p);
  } catch (e) {
    p.add(
      'service',
      `threw ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join(' | ') : String(e)}`,
    );
  }
  return { ms: clock.ms, problems: p.list, how, diagnostics };
}
