/** Bounds that keep parsing and checking linear and fast on any input (SPEC: never crash, never hang). */
export const LIMITS = {
  /** Files larger than this are refused with one diagnostic (a real request file is a few kilobytes). */
  maxFileBytes: 2 * 1024 * 1024,
  /** Deepest nesting of objects/arrays we parse; the request shapes are at most 7 levels deep. */
  maxDepth: 128,
  /**
   * Deepest nesting of collections in a YAML document's syntax tree. Blocks and brackets within their bounds reach
   * about 2 × `maxDepth`; beyond, the text is refused before the library's composer (recursive) could overflow the
   * stack at a depth that depends on the thread, and drop the rest of the text there.
   */
  maxSyntaxDepth: 320,
  /** Nodes a YAML document may reach through aliases before it is treated as an alias bomb. */
  maxAliasExpansion: 50_000,
  /** Diagnostics reported per file; the rest are summarized in one more diagnostic. */
  maxDiagnostics: 500,
};

export type Limits = typeof LIMITS;

/**
 * Deepest bracket nesting in the text, ignoring brackets inside double-quoted strings. Stops counting at `limit`
 * and returns the offset where it was exceeded. Used before handing text to a recursive parser.
 */
export function bracketDepthExceeds(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** A parser's tree nests deeper than the limits allow, from `offset` on: the file is refused. */
export class NestedTooDeep extends RangeError {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Heuristic for "this is not a text file": a NUL character in the first 8 KiB. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/**
 * Deepest YAML block nesting (indentation levels plus `- ` sequence markers), estimated line by line without
 * parsing. Some parsers overflow, or exhaust memory beyond recovery, on thousands of levels, so such input is
 * refused before it reaches them. Returns the offset where `limit` is exceeded.
 */
export function blockDepthExceeds(text: string, limit: number): number | undefined {
  const stack: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (i < end && c !== 35 /* # */ && c !== 13) {
      const col = i - lineStart;
      if (col === 0 && (text.startsWith('---', i) || text.startsWith('...', i))) stack.length = 0;
      else {
        while (stack.length && stack[stack.length - 1] >= col) stack.pop();
        stack.push(col);
        let dashes = 0;
        while (text.charCodeAt(i) === 45 /* - */ && (i + 1 >= end || text.charCodeAt(i + 1) === 32)) {
          if (stack.length + ++dashes > limit) return i;
          i += 2;
          while (i < end && text.charCodeAt(i) === 32) i++;
        }
        if (stack.length + dashes > limit) return i;
      }
    }
    lineStart = end + 1;
  }
  return undefined;
}
