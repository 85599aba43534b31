/**
 * Where the cursor is in a YAML block structure, worked out from the text alone (no parse): the member path of the
 * mapping being written, the keys it already has, and whether the cursor is on a key or a value. Completion runs
 * on every keystroke, and a full YAML parse of a large file costs tens of milliseconds; this scan costs a fraction
 * of one. Flow collections (`{…}`, `[…]`) and multi-line scalars are skipped, not interpreted.
 */
import type { LineIndex } from '../parse/line-index';
import type { PathSegment } from './shape-path';

export interface YamlKeyContext {
  mode: 'key';
  /** Path of the mapping the key belongs to. */
  path: PathSegment[];
  present: Set<string>;
  /** Offsets of the partial key under the cursor (may be empty). */
  wordStart: number;
  wordEnd: number;
  /** The rest of the line after the word starts with ':' (only the name should be inserted). */
  hasColon: boolean;
  /** Column of the key (for snippet indentation). */
  column: number;
  /** First line of the current YAML document (after `---`). */
  docStartLine: number;
}

export interface YamlValueContext {
  mode: 'value';
  /** Path of the member whose value is being written. */
  path: PathSegment[];
  valueStart: number;
  valueEnd: number;
  docStartLine: number;
}

export type YamlContext = YamlKeyContext | YamlValueContext;

interface Token {
  dashes: number[];
  key?: string;
  keyCol: number;
  /** Text after `key:` (trimmed, comments removed) or the scalar after the dashes. */
  rest: string;
}

/**
 * `key:` at the start of a line's content. A plain key ends on a character that is not a space (so that no two ways
 * to split a run of spaces between the key and `\s*` exist: the match stays linear on a line of any length).
 */
const KEY_RE =
  /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-](?:[^:#]*[^\s:#])?|-[^\s:#](?:[^:#]*[^\s:#])?)\s*:(?:\s+|$)(.*)$/;

function stripComment(s: string): string {
  const i = s.search(/(^|\s)#/);
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function unquote(k: string): string {
  if (k.startsWith('"') && k.endsWith('"') && k.length >= 2) {
    try {
      return JSON.parse(k) as string;
    } catch {
      return k.slice(1, -1);
    }
  }
  if (k.startsWith("'") && k.endsWith("'") && k.length >= 2) return k.slice(1, -1).replace(/''/g, "'");
  return k.trim();
}

/** Splits a line into its sequence dashes and an optional `key:`. */
function tokenize(line: string): Token | undefined {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  if (i >= line.length || line[i] === '#') return undefined;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 >= line.length || line[i + 1] === ' ')) {
    if (dashes.length >= MAX_FRAMES) return undefined;
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const content = line.slice(i);
  const m = KEY_RE.exec(content);
  if (m) return { dashes, key: unquote(m[1]), keyCol: i, rest: stripComment(m[2] ?? '') };
  return { dashes, keyCol: i, rest: stripComment(content) };
}

/** Deeper structures than any request has are not interpreted (and cannot make the scan quadratic). */
const MAX_FRAMES = 64;

interface Frame {
  kind: 'map' | 'seq';
  col: number;
  path: PathSegment[];
  keys: Set<string>;
  count: number;
  /** Last key of a map whose value continues on the next lines. */
  openKey?: string;
}

const isDocMarker = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);

/** Applies one line's tokens to the frame stack. */
function apply(frames: Frame[], tok: Token): void {
  const entries: { col: number; dash: boolean }[] = tok.dashes.map(col => ({ col, dash: true }));
  if (tok.key !== undefined || entries.length === 0) entries.push({ col: tok.keyCol, dash: false });
  let first = true;
  for (const e of entries) {
    let top = frames[frames.length - 1];
    if (first) {
      while (frames.length > 1 && top.col > e.col) {
        frames.pop();
        top = frames[frames.length - 1]!;
      }
      if (top.kind === 'seq' && top.col === e.col && !e.dash && frames.length > 1) {
        frames.pop(); // an indentless sequence ends at its parent's next key
        top = frames[frames.length - 1]!;
      }
    }
    first = false;
    if (top.col === e.col && top.kind === (e.dash ? 'seq' : 'map')) {
      if (e.dash) top.count++;
      continue;
    }
    let path: PathSegment[];
    if (top.kind === 'map') path = top.openKey !== undefined ? [...top.path, top.openKey] : top.path;
    else path = [...top.path, Math.max(0, top.count - 1)];
    if (top.kind === 'map' && top.col === e.col && e.dash && top.openKey !== undefined) {
      path = [...top.path, top.openKey]; // indentless sequence under `key:`
    }
    frames.push({ kind: e.dash ? 'seq' : 'map', col: e.col, path, keys: new Set(), count: e.dash ? 1 : 0 });
  }
  const top = frames[frames.length - 1];
  if (tok.key !== undefined && top.kind === 'map') {
    top.keys.add(tok.key);
    top.openKey = tok.key;
  }
}

/** Whether a value starts a block scalar or an unclosed flow collection whose lines must be skipped. */
function opensMultiline(rest: string): 'block' | 'flow' | undefined {
  if (/^[|>][-+0-9]*$/.test(rest)) return 'block';
  if (/^[[{]/.test(rest)) {
    let depth = 0;
    for (const c of rest) {
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
    }
    return depth > 0 ? 'flow' : undefined;
  }
  return undefined;
}

export function yamlContext(lines: LineIndex, offset: number): YamlContext | undefined {
  const cursor = lines.positionAt(offset);
  let docStart = 0;
  for (let l = cursor.line - 1; l >= 0; l--) {
    if (isDocMarker(lines.lineText(l))) {
      docStart = l + 1;
      break;
    }
  }
  const frames: Frame[] = [{ kind: 'map', col: -1, path: [], keys: new Set(), count: 0 }];
  let skipDeeperThan = -1;
  let flowDepth = 0;
  for (let l = docStart; l < cursor.line; l++) {
    const line = lines.lineText(l);
    if (flowDepth > 0) {
      for (const c of line) flowDepth += c === '[' || c === '{' ? 1 : c === ']' || c === '}' ? -1 : 0;
      continue;
    }
    const tok = tokenize(line);
    if (!tok) continue;
    const col = tok.dashes[0] ?? tok.keyCol;
    if (skipDeeperThan >= 0 && col > skipDeeperThan) continue;
    skipDeeperThan = -1;
    if (tok.key === undefined && tok.dashes.length === 0) continue; // scalar continuation
    apply(frames, tok);
    if (frames.length > MAX_FRAMES) return undefined;
    const multi = opensMultiline(tok.rest);
    if (multi === 'block') skipDeeperThan = tok.keyCol;
    else if (multi === 'flow') {
      for (const c of tok.rest) flowDepth += c === '[' || c === '{' ? 1 : c === ']' || c === '}' ? -1 : 0;
    }
    if (tok.key !== undefined && tok.rest !== '') {
      const top = frames[frames.length - 1];
      if (top.kind === 'map') top.openKey = multi ? undefined : tok.key;
      if (!multi) skipDeeperThan = tok.keyCol; // deeper lines continue this scalar value
    }
  }

  const lineStart = lines.lineStart(cursor.line);
  const lineText = lines.lineText(cursor.line);
  const before = lineText.slice(0, cursor.character);
  const after = lineText.slice(cursor.character);

  // Value: `key: partial|`
  const valueMatch =
    /^(\s*(?:-\s+)*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`:](?:[^:#]*[^\s:#])?)\s*:\s+(.*)$/.exec(
      before,
    );
  if (valueMatch) {
    const tok = tokenize(before.slice(0, valueMatch[1].length) + valueMatch[2] + ':');
    if (!tok || tok.key === undefined) return undefined;
    apply(frames, tok);
    const top = frames[frames.length - 1];
    const valueStart = lineStart + before.length - valueMatch[3].length;
    const restOfValue = /^[^#]*/.exec(after)![0].trimEnd(); // (`/\s+$/` is quadratic on a run of spaces)
    return {
      mode: 'value',
      path: [...top.path, tok.key],
      valueStart,
      valueEnd: lineStart + cursor.character + restOfValue.length,
      docStartLine: docStart,
    };
  }

  // Key: `  - partial|` or `  partial|`
  const keyMatch = /^(\s*(?:-\s+)*)([^\s:#'"{[\]},&*!|>%@`]*)$/.exec(before);
  if (!keyMatch) return undefined;
  const word = keyMatch[2];
  const column = keyMatch[1].length;
  // The partial word is a key of the mapping at `column`.
  const entries = tokenize(keyMatch[1] + '__vi_cursor__:');
  if (!entries) return undefined; // more sequence dashes than any request nests
  apply(frames, entries);
  const top = frames[frames.length - 1];
  top.keys.delete('__vi_cursor__');
  const wordTail = /^[^\s:#]*/.exec(after)![0];
  const hasColon = /^[^\s:#]*\s*:/.test(after);
  // Keys below the cursor in the same mapping count as present too.
  for (let l = cursor.line + 1; l < lines.lineCount; l++) {
    const line = lines.lineText(l);
    if (isDocMarker(line)) break;
    const t = tokenize(line);
    if (!t) continue;
    const col = t.dashes[0] ?? t.keyCol;
    if (col < column) break;
    if (t.dashes.length === 0 && t.keyCol === column && t.key !== undefined) top.keys.add(t.key);
    if (t.dashes.length > 0 && t.dashes[0] === column) break;
  }
  return {
    mode: 'key',
    path: top.path,
    present: top.keys,
    wordStart: lineStart + cursor.character - word.length,
    wordEnd: lineStart + cursor.character + wordTail.length,
    hasColon,
    column,
    docStartLine: docStart,
  };
}
