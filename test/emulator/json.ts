/**
 * Bounded JSON reading for request bodies, control bodies, seeds and Cedar schemas: strict UTF-8, a nesting limit
 * checked by a flat scan before `JSON.parse` (so nothing recursive ever sees a deeper value), and `null` object
 * members dropped for awsJson1_0, where Smithy servers read them as absent.
 */

/** Far above any real request (the deepest input served is 6 levels) and far below any stack limit. */
export const MAX_JSON_DEPTH = 100;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a UTF-8 body, or undefined when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether arrays and objects nest deeper than `max` anywhere in `text`. A flat scan that skips strings; on text that
 * is not JSON it may answer either way, and JSON.parse then reports the syntax error.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** `message` completes "The body is …": `not valid JSON (…)` or `nested deeper than N levels`. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses JSON text nested at most `maxDepth` levels. With `dropNullMembers`, object members whose value is `null` are
 * removed at every depth (list items stay as they are).
 */
export function readJson(text: string, options: { maxDepth?: number; dropNullMembers?: boolean } = {}): JsonRead {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  if (nestsDeeperThan(text, maxDepth)) {
    return { ok: false, message: `nested deeper than ${maxDepth} levels` };
  }
  try {
    const value: unknown = options.dropNullMembers ? JSON.parse(text, dropNullMember) : JSON.parse(text);
    return { ok: true, value };
  } catch (e) {
    // V8's message may quote the text: the quotes are left out.
    const detail = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/ '.*?'/, '');
    return { ok: false, message: `not valid JSON (${detail})` };
  }
}

/** A reviver: returning `undefined` removes the member (a top-level `null` becomes `undefined`); list items stay. */
function dropNullMember(this: unknown, _key: string, value: unknown): unknown {
  return value === null && !Array.isArray(this) ? undefined : value;
}
