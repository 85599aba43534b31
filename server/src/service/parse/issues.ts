/** A problem found while parsing, before it is turned into a positioned diagnostic. */
import type { Severity } from '../types';

export interface ParseIssue {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

/** A text cut to `max` UTF-16 units (never inside a surrogate pair), with `…` when cut. */
export function shorten(s: string, max = 60): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return `${s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max)}…`;
}

/** A member name from the file, for messages and titles: a key can be as long as the file, so it is shortened. */
export function keyLabel(key: string): string {
  return shorten(key, 60);
}

/**
 * An issue whose offsets are inside the text and never between the CR and LF of a line break (parsers report some
 * problems at the end of the text, or at the LF of a CRLF): an editor position cannot be there.
 */
export function withinText(text: string, issue: ParseIssue): ParseIssue {
  const inCrlf = (o: number) => o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10;
  let start = Math.min(issue.start, text.length);
  let end = Math.min(Math.max(issue.end, start), text.length);
  if (inCrlf(start)) start--;
  if (inCrlf(end)) end = end - 1 > start ? end - 1 : end + 1;
  return start === issue.start && end === issue.end ? issue : { ...issue, start, end };
}
