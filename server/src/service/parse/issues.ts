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
