/**
 * Text helpers of the fuzzer, written independently of the service's own (`parse/line-index.ts`) so that the
 * invariants do not check the service against itself: LSP positions (line breaks `\n`, `\r\n`, `\r`; UTF-16
 * columns), and the longest stretch of a text that some message repeats.
 */

export interface Pos {
  line: number;
  character: number;
}

export interface Rng2 {
  start: Pos;
  end: Pos;
}

export class Lines {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }

  get count(): number {
    return this.starts.length;
  }

  /** Length of a line without its line break. */
  length(line: number): number {
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end - start;
  }

  positionAt(offset: number): Pos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** The position of an offset, moved off the middle of a CRLF (an editor never puts the cursor there). */
  cursorAt(offset: number): Pos {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const inCrlf = o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10;
    return this.positionAt(inCrlf ? o - 1 : o);
  }

  /** An offset moved off the middle of a CRLF, to the end of its line. */
  lineEndOf(offset: number): number {
    return offset > 0 && this.text.charCodeAt(offset - 1) === 13 && this.text.charCodeAt(offset) === 10
      ? offset - 1
      : offset;
  }

  /** The offset of a valid position (see `problem`). */
  offsetAt(p: Pos): number {
    return this.starts[p.line] + p.character;
  }

  /** Why a position is not inside the document, or undefined when it is. */
  problem(p: unknown): string | undefined {
    if (typeof p !== 'object' || p === null) return `not a position: ${JSON.stringify(p)}`;
    const { line, character } = p as Pos;
    if (!Number.isInteger(line) || !Number.isInteger(character)) return `not integers: ${JSON.stringify(p)}`;
    if (line < 0 || line >= this.count) return `line ${line} outside 0..${this.count - 1}`;
    if (character < 0 || character > this.length(line))
      return `character ${character} outside line ${line} (length ${this.length(line)})`;
    return undefined;
  }

  /** Why a range is not a range inside the document with start ≤ end, or undefined when it is. */
  rangeProblem(r: unknown): string | undefined {
    if (typeof r !== 'object' || r === null) return `not a range: ${JSON.stringify(r)}`;
    const { start, end } = r as Rng2;
    const p = this.problem(start) ?? this.problem(end);
    if (p) return p;
    if (this.offsetAt(start) > this.offsetAt(end)) return `start after end: ${JSON.stringify(r)}`;
    return undefined;
  }

  /** Whether range `inner` lies within range `outer` (both valid). */
  within(inner: Rng2, outer: Rng2): boolean {
    return (
      this.offsetAt(inner.start) >= this.offsetAt(outer.start) && this.offsetAt(inner.end) <= this.offsetAt(outer.end)
    );
  }
}

/**
 * The length of the longest substring of `text` that occurs in one of `messages` (a suffix automaton over the
 * messages, then one pass over the text). Messages are joined with a separator the text does not contain, so no
 * match spans two messages.
 */
export function longestEcho(text: string, messages: readonly string[]): number {
  const unique = [...new Set(messages)].filter(m => m.length > 0);
  if (unique.length === 0 || text.length === 0) return 0;
  let sep = 0xe000;
  while (text.includes(String.fromCharCode(sep))) sep++;
  const s = unique.join(String.fromCharCode(sep));
  // Suffix automaton: transitions in one Map per state.
  const next: Map<number, number>[] = [new Map()];
  const link: number[] = [-1];
  const len: number[] = [0];
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cur = next.length;
    next.push(new Map());
    len.push(len[last] + 1);
    link.push(0);
    let p = last;
    while (p !== -1 && !next[p].has(c)) {
      next[p].set(c, cur);
      p = link[p];
    }
    if (p !== -1) {
      const q = next[p].get(c)!;
      if (len[p] + 1 === len[q]) link[cur] = q;
      else {
        const clone = next.length;
        next.push(new Map(next[q]));
        len.push(len[p] + 1);
        link.push(link[q]);
        while (p !== -1 && next[p].get(c) === q) {
          next[p].set(c, clone);
          p = link[p];
        }
        link[q] = clone;
        link[cur] = clone;
      }
    }
    last = cur;
  }
  let state = 0;
  let l = 0;
  let best = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    while (state !== 0 && !next[state].has(c)) {
      state = link[state];
      l = len[state];
    }
    const to = next[state].get(c);
    if (to !== undefined) {
      state = to;
      l++;
    }
    if (l > best) best = l;
  }
  return best;
}
