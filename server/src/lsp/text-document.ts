/**
 * An open document's text kept as an array of lines, so that an incremental change costs the lines it touches, not
 * the whole text: vscode-languageserver-textdocument rebuilds the whole string on every change (a 150 KB file
 * edited a thousand times in a burst kept the server busy for seconds before it could analyze anything). The text
 * is joined when it is read; a change to a text read since the last change is made on it too (two slices and a
 * concatenation, flattened by V8 when the text is next read), so a document read after every change is not joined
 * again each time, and a burst of changes nobody reads in between still costs one join. Changes mean exactly what
 * they mean to `TextDocument.update` (positions clamped to the text, a line's length excluding its line break,
 * reversed ranges swapped, `\r\n`, `\r` and `\n` breaks);
 * `test/unit/text-document.test.ts` compares both on random edits. Positions must be integers (`documents.ts`
 * drops changes with others, which the library would turn into a garbled text).
 */
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const BREAK = /\r\n|\r|\n/g;

/** The lines of `text`, each with its line break; the last one is what follows the last break (maybe ''). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  BREAK.lastIndex = 0;
  for (let m = BREAK.exec(text); m; m = BREAK.exec(text)) {
    out.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  out.push(text.slice(start));
  return out;
}

function isBreak(c: number): boolean {
  return c === 13 || c === 10;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character)
    ? { start: end, end: start }
    : range;
}

export class LineDocument implements TextDocument {
  /** Split on the first incremental change (a document that is only read never pays for it). */
  private split: string[] | undefined;
  private text: string | undefined;
  /** `text` was read since the last change: the next change is made on it; else it is dropped (a burst joins once). */
  private read = false;
  private snapshot: TextDocument | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.text = content;
  }

  private get lines(): string[] {
    return (this.split ??= splitLines(this.text ?? ''));
  }

  private set lines(lines: string[]) {
    this.split = lines;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.split ? this.split.length : this.view().lineCount;
  }

  getText(range?: Range): string {
    this.text ??= this.lines.join('');
    this.read = true;
    return range ? this.view().getText(range) : this.text;
  }

  getLineRange(line: number): Range {
    return this.view().getLineRange(line);
  }

  getEOLCharacters(line: number): string {
    return this.view().getEOLCharacters(line);
  }

  positionAt(offset: number): Position {
    return this.view().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.view().offsetAt(position);
  }

  /** Applies changes in order, each to the text the previous one left. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range !== undefined) {
        this.replace(wellFormed(change.range), change.text);
      } else {
        this.split = undefined;
        this.text = change.text;
      }
      this.snapshot = undefined;
    }
    this.read = false;
    this.currentVersion = version;
  }

  /** A library document of the current text, for the position look-ups (made only when asked). */
  private view(): TextDocument {
    return (this.snapshot ??= TextDocument.create(this.uri, this.languageId, this.version, this.getText()));
  }

  /** Line and column of a position, clamped as `TextDocument.offsetAt` clamps it. */
  private locate(p: Position): [number, number] {
    const last = this.lines.length - 1;
    if (p.line > last) return [last, this.lines[last].length];
    if (p.line < 0) return [0, 0];
    if (p.character <= 0) return [p.line, 0];
    const line = this.lines[p.line];
    let col = Math.min(p.character, line.length);
    while (col > 0 && isBreak(line.charCodeAt(col - 1))) col--;
    return [p.line, col];
  }

  /** The offset of a located position: a sum over the lines before it (microseconds, where a join copies the text). */
  private offsetOf(line: number, col: number): number {
    const lines = this.lines;
    let offset = col;
    for (let i = 0; i < line; i++) offset += lines[i].length;
    return offset;
  }

  private replace(range: Range, insert: string): void {
    const lines = this.lines;
    const [sl, sc] = this.locate(range.start);
    const [el, ec] = this.locate(range.end);
    // The joined text, when there is one, gets the same replacement.
    if (this.text !== undefined && this.read) {
      const from = this.offsetOf(sl, sc);
      const to = el === sl ? from - sc + ec : this.offsetOf(el, ec);
      this.text = this.text.slice(0, from) + insert + this.text.slice(to);
    } else this.text = undefined;
    let text = lines[sl].slice(0, sc) + insert + lines[el].slice(ec);
    // A lone `\r` before or after the change joins a `\n` on the other side into one line break.
    let from = sl;
    let to = el;
    if (from > 0 && lines[from - 1].endsWith('\r') && text.startsWith('\n')) text = lines[--from] + text;
    if (to < lines.length - 1 && text.endsWith('\r') && lines[to + 1].startsWith('\n')) text += lines[++to];
    const added = splitLines(text);
    // The last piece of a region that ends with a line break is the empty rest of the text only at its very end.
    if (to < lines.length - 1) added.pop();
    if (added.length === to - from + 1) {
      for (let i = 0; i < added.length; i++) lines[from + i] = added[i];
    } else {
      this.lines = lines.slice(0, from).concat(added, lines.slice(to + 1));
    }
  }
}
