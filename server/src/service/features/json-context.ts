/** Where the cursor is in a JSON document: the path, key or value position, and what to replace (jsonc-parser). */
import { getLocation } from 'jsonc-parser';
import type { PathSegment } from './shape-path';

export interface JsonKeyContext {
  mode: 'key';
  path: PathSegment[];
  replaceStart: number;
  replaceEnd: number;
  /** A comma is needed before / after the inserted member to keep the JSON valid. */
  commaBefore: boolean;
  commaAfter: boolean;
  /** The rest after the replaced key already has `:` (insert only the name). */
  hasColon: boolean;
}

export interface JsonValueContext {
  mode: 'value';
  path: PathSegment[];
  replaceStart: number;
  replaceEnd: number;
}

export type JsonContext = JsonKeyContext | JsonValueContext;

function prevSignificant(text: string, i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (!/\s/.test(text[j])) return text[j];
  return undefined;
}

function nextSignificant(text: string, i: number): string | undefined {
  for (let j = i; j < text.length; j++) if (!/\s/.test(text[j])) return text[j];
  return undefined;
}

export function jsonContext(text: string, offset: number): JsonContext | undefined {
  const loc = getLocation(text, offset);
  const prev = loc.previousNode;
  const path = loc.path.slice() as PathSegment[];
  if (loc.isAtPropertyKey) {
    let start = offset;
    let end = offset;
    if (prev && prev.type === 'property' && prev.offset <= offset && offset <= prev.offset + prev.length) {
      start = prev.offset;
      end = prev.offset + prev.length;
    } else {
      while (start > 0 && /[A-Za-z0-9_-]/.test(text[start - 1])) start--;
    }
    const before = prevSignificant(text, start);
    const after = nextSignificant(text, end);
    return {
      mode: 'key',
      path: path.slice(0, -1),
      replaceStart: start,
      replaceEnd: end,
      commaBefore: before !== undefined && before !== '{' && before !== ',',
      commaAfter: after === '"',
      hasColon: after === ':',
    };
  }
  if (path.length === 0) return undefined;
  // After a complete value (`"a": "x" |`, `"a": 1 Pol|`): a new member of the enclosing object is being started.
  const insideToken = prev !== undefined && prev.offset <= offset && offset <= prev.offset + prev.length;
  let wordStart = offset;
  while (wordStart > 0 && /[A-Za-z0-9_-]/.test(text[wordStart - 1])) wordStart--;
  const beforeWord = prevSignificant(text, wordStart);
  if (
    !insideToken &&
    beforeWord !== undefined &&
    !':,[{'.includes(beforeWord) &&
    typeof path[path.length - 1] === 'string'
  ) {
    return {
      mode: 'key',
      path: path.slice(0, -1),
      replaceStart: wordStart,
      replaceEnd: offset,
      commaBefore: true,
      commaAfter: nextSignificant(text, offset) === '"',
      hasColon: false,
    };
  }
  let start = offset;
  let end = offset;
  if (
    prev &&
    prev.type !== 'property' &&
    prev.type !== 'object' &&
    prev.type !== 'array' &&
    prev.offset <= offset &&
    offset <= prev.offset + prev.length
  ) {
    start = prev.offset;
    end = prev.offset + prev.length;
  } else {
    while (start > 0 && /[A-Za-z0-9_.:-]/.test(text[start - 1])) start--;
    while (end < text.length && /[A-Za-z0-9_.:-]/.test(text[end])) end++;
  }
  return { mode: 'value', path, replaceStart: start, replaceEnd: end };
}
