/**
 * Decodes a compact JWS without verifying it: bounded, strict, and with errors that never quote the token.
 * Pure: base64url through `atob`, UTF-8 through `TextDecoder` (both globals in Node and browsers).
 */

/** The service's limit for `identityToken` / `accessToken` (F-IAWT-TOKEN-SHAPE). */
export const MAX_TOKEN_LENGTH = 131_072;
/** Deepest JSON nesting accepted in the header or the claims. */
export const MAX_JSON_DEPTH = 64;

export type JwtPart = 'header' | 'payload' | 'signature';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Length of the decoded signature in bytes (0: unsigned). The signature itself is not kept. */
  signatureBytes: number;
}

export type JwtErrorCode =
  | 'empty'
  | 'too-long'
  | 'not-text'
  | 'encrypted'
  | 'parts'
  | 'empty-part'
  | 'base64url'
  | 'utf8'
  | 'json'
  | 'not-object'
  | 'too-deep';

export type DecodeResult =
  { ok: true; jwt: DecodedJwt } | { ok: false; code: JwtErrorCode; part?: JwtPart; message: string };

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Surrounding whitespace and a leading `Bearer ` (as copied from an Authorization header) are ignored. */
export function normalizeTokenText(text: string): string {
  return text.trim().replace(/^bearer\s+/i, '');
}

function fail(code: JwtErrorCode, message: string, part?: JwtPart): DecodeResult {
  return part ? { ok: false, code, part, message } : { ok: false, code, message };
}

function base64urlBytes(segment: string): Uint8Array | undefined {
  if (!B64URL.test(segment)) return undefined;
  const body = segment.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const b64 = body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Nesting depth of a JSON text, counted outside strings; stops early past the limit. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

const PART_NAMES: Record<JwtPart, string> = { header: 'header', payload: 'claims (payload)', signature: 'signature' };

type JsonPart = { value: Record<string, unknown> } | { error: DecodeResult };

function decodeJson(segment: string, part: 'header' | 'payload'): JsonPart {
  const error = (code: JwtErrorCode, what: string): JsonPart => ({
    error: fail(code, `The token's ${PART_NAMES[part]} ${what}.`, part),
  });
  const bytes = base64urlBytes(segment);
  if (!bytes) return error('base64url', 'is not valid base64url');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return error('utf8', 'is not UTF-8 text');
  }
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return error('too-deep', `nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return error('json', 'is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return error('not-object', 'is not a JSON object');
  return { value: value as Record<string, unknown> };
}

/**
 * Decodes `header.payload.signature`. Never throws; the error messages describe what is wrong with which part and
 * never contain any of the token's text.
 */
export function decodeJwt(input: string): DecodeResult {
  if (typeof input !== 'string') return fail('not-text', 'The token is not text.');
  const token = normalizeTokenText(input);
  if (token === '') return fail('empty', 'The token is empty.');
  if (token.length > MAX_TOKEN_LENGTH)
    return fail(
      'too-long',
      `The token has ${token.length} characters; Verified Permissions accepts at most ${MAX_TOKEN_LENGTH}.`,
    );
  const parts = token.split('.');
  if (parts.length === 5)
    return fail(
      'encrypted',
      'This is an encrypted token (JWE, five parts); Verified Permissions takes signed tokens (JWS, three parts). Send the token your provider signs, or turn off token encryption for this client.',
    );
  if (parts.length !== 3)
    return fail(
      'parts',
      `The token has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by dots; a JWT has three (header.claims.signature).`,
    );
  if (parts[0] === '') return fail('empty-part', "The token's header is empty.", 'header');
  if (parts[1] === '') return fail('empty-part', "The token's claims (payload) are empty.", 'payload');
  const header = decodeJson(parts[0], 'header');
  if ('error' in header) return header.error;
  const claims = decodeJson(parts[1], 'payload');
  if ('error' in claims) return claims.error;
  let signatureBytes = 0;
  if (parts[2] !== '') {
    const sig = base64urlBytes(parts[2]);
    if (!sig) return fail('base64url', "The token's signature is not valid base64url.", 'signature');
    signatureBytes = sig.length;
  }
  return {
    ok: true,
    jwt: { header: header.value, claims: claims.value, signatureBytes },
  };
}
