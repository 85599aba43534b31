/**
 * What the AWS CLI's YAML reader refuses in a file's text although YAML 1.2 allows it (`reference/cli-input.md`):
 * a tab anywhere but inside a quoted or block scalar or a comment (its scanner skips only spaces between tokens,
 * and ends a plain scalar at a tab), and a second document in the stream.
 */
import { CST, Lexer } from 'yaml';
import type { ParseIssue } from './issues';

/** Markers the lexer emits that are not in the text. */
const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';

/** Offsets of the first tab on each line that the AWS CLI's YAML reader refuses. */
export function refusedTabs(text: string): number[] {
  if (!text.includes('\t')) return [];
  const out: number[] = [];
  let lastLine = -1;
  // The start of a tab's line: tabs come in text order, so each line break is looked for once (a backward search
  // per tab was quadratic on a long run of tabs).
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  const lineOf = (at: number): number => {
    while (nextBreak >= 0 && nextBreak < at) {
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    return lineStart;
  };
  const refuse = (source: string, offset: number) => {
    for (let i = source.indexOf('\t'); i >= 0; i = source.indexOf('\t', i + 1)) {
      const line = lineOf(offset + i);
      if (line !== lastLine) out.push(offset + i);
      lastLine = line;
    }
  };
  let offset = 0;
  /** A block scalar header was seen, so the next scalar is its content. */
  let header = false;
  /** The next token is a scalar's text: plain, or a block scalar's content. */
  let scalar: 'plain' | 'block' | undefined;
  for (const source of new Lexer().lex(text)) {
    if (source === DOCUMENT || source === FLOW_END) continue;
    if (source === SCALAR) {
      scalar = header ? 'block' : 'plain';
      header = false;
      continue;
    }
    if (scalar) {
      if (scalar === 'plain') refuse(source, offset);
      scalar = undefined;
    } else {
      const type = CST.tokenType(source);
      if (type === 'block-scalar-header') header = true;
      const allowed = type === 'comment' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar';
      if (!allowed) refuse(source, offset);
    }
    offset += source.length;
  }
  return out;
}

export function tabIssue(offset: number): ParseIssue {
  return {
    code: 'cli-yaml-unreadable',
    severity: 'error',
    message:
      'The AWS CLI cannot read a tab here: its YAML reader takes tabs only inside quotes, block scalars and comments, so `--cli-input-yaml` rejects the file. Use spaces.',
    start: offset,
    end: offset + 1,
  };
}

/** Reported once per stream, where its second document starts (a `---` or `...` marker, else its first line). */
export function streamIssue(text: string, second: { start: number; end: number }): ParseIssue {
  const { start } = second;
  const marker = text.startsWith('---', start) || text.startsWith('...', start);
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = text.length;
  else if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // before the CR of a CRLF
  const end = marker ? start + 3 : Math.min(lineEnd, second.end);
  return {
    code: 'cli-yaml-stream',
    severity: 'warning',
    message:
      'A second YAML document: `aws … --cli-input-yaml` reads files of one document only ("expected a single document in the stream"). Each document is checked and can be applied from the editor; for the AWS CLI, keep one request per file.',
    start,
    end: Math.max(end, start + 1),
  };
}
