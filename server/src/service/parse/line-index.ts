/** Offset ↔ position conversion for a text, with LSP line-break rules (`\n`, `\r\n`, `\r`) and UTF-16 columns. */
import type { Position, Range } from '../types';

export class LineIndex {
  private computed: number[] | undefined;
  /** The line starts of an earlier text and how it was edited into this one (see `follow`). */
  private earlier: { starts: number[]; start: number; oldEnd: number; newEnd: number } | undefined;

  constructor(private readonly text: string) {}

  /**
   * This text is `before`'s text with `[start, oldEnd)` replaced by `[start, newEnd)` of this one: when its line
   * starts are asked for, those of `before` (if it has them) are kept before the edit, moved after it, and only the
   * edited lines are scanned again. The same starts as a scan of the whole text.
   */
  follow(before: LineIndex, edit: { start: number; oldEnd: number; newEnd: number }): void {
    if (before.computed && !this.computed) this.earlier = { starts: before.computed, ...edit };
  }

  /** Line start offsets, computed on first use (a refused 5 MB file never pays for them). */
  private get starts(): number[] {
    if (!this.computed) {
      const earlier = this.earlier;
      this.earlier = undefined;
      this.computed = earlier ? editedLineStarts(this.text, earlier) : lineStarts(this.text);
    }
    return this.computed;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    const starts = this.starts;
    return starts[Math.max(0, Math.min(line, starts.length - 1))] ?? 0;
  }

  /** Offset just past the line's last character, before its line break. */
  lineEnd(line: number): number {
    const starts = this.starts;
    if (line + 1 >= starts.length) return this.text.length;
    let end = starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** An offset between the CR and LF of a line break is the end of its line (as editors read it). */
  positionAt(offset: number): Position {
    const starts = this.starts;
    let o = Math.max(0, Math.min(offset, this.text.length));
    if (o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10) o--;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Line starts after an edit. A line starts at `x` by the characters at `x - 1` and `x` (a lone CR, or the LF of
 * CR LF): starts before the edit keep, the edited characters (and the one before them) are scanned again, and the
 * old starts after the edit move by the change in length.
 */
function editedLineStarts(
  text: string,
  e: { starts: number[]; start: number; oldEnd: number; newEnd: number },
): number[] {
  const old = e.starts;
  const out: number[] = [0];
  let k = 1;
  while (k < old.length && old[k] < e.start) out.push(old[k++]);
  const delta = e.newEnd - e.oldEnd;
  for (let i = Math.max(0, e.start - 1); i < e.newEnd && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10 /* \n */) {
      out.push(i + 1);
    }
  }
  const last = out[out.length - 1];
  for (let j = k; j < old.length; j++) {
    if (old[j] >= e.oldEnd + 1 && old[j] + delta > last) out.push(old[j] + delta);
  }
  return out;
}
