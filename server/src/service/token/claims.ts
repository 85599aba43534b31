/**
 * Claims as Cedar values (F-CLAIM-VALUES), group claims as group names (F-OIDC-GROUP-FORMATS), the Cognito dot
 * notation (F-COGNITO-COLON-CLAIMS), and which claims are sensitive.
 */
import type { ClaimSensitivity } from './types';

/** Deepest claim value turned into a Cedar value. */
export const MAX_VALUE_DEPTH = 32;

/** Keys that make Cedar's JSON entity format read an object as an escape instead of a record. */
const CEDAR_ESCAPES = new Set(['__entity', '__extn', '__expr']);

/** Sets an own property, even `__proto__` (a claim name is data: it must never reach a prototype). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

export type CedarValueResult = { ok: true; value: unknown } | { ok: false; why: string };

/** A JSON claim value as a Cedar value in Cedar's JSON entity format, or why it cannot be one. */
export function cedarValue(v: unknown, depth = 0): CedarValueResult {
  if (depth > MAX_VALUE_DEPTH) return { ok: false, why: `nests deeper than ${MAX_VALUE_DEPTH} levels` };
  if (typeof v === 'string' || typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { ok: false, why: 'is a number with a fraction (Cedar has integers only)' };
    if (!Number.isSafeInteger(v)) return { ok: false, why: 'is an integer too large to keep exactly' };
    return { ok: true, value: v };
  }
  if (v === null) return { ok: false, why: 'is null (Cedar has no null)' };
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = cedarValue(x, depth + 1);
      if (!r.ok) return { ok: false, why: `has an element that ${r.why}` };
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (CEDAR_ESCAPES.has(k)) return { ok: false, why: `has a member named ${k}, which Cedar reserves` };
      const r = cedarValue(x, depth + 1);
      if (!r.ok) return { ok: false, why: `has a member that ${r.why}` };
      setOwn(out, k, r.value);
    }
    return { ok: true, value: out };
  }
  return { ok: false, why: 'has no JSON type' };
}

export interface ClaimRecord {
  values: Record<string, unknown>;
  /** Claims left out, each with why. */
  dropped: Array<{ name: string; why: string }>;
}

/** Every claim but `skip`, as Cedar values; `scope` strings split into sets when `splitScope` (F-SCOPE-SET). */
export function claimRecord(claims: Record<string, unknown>, skip: Set<string>, splitScope: boolean): ClaimRecord {
  const values: Record<string, unknown> = {};
  const dropped: ClaimRecord['dropped'] = [];
  for (const [name, raw] of Object.entries(claims)) {
    if (skip.has(name)) continue;
    const v = splitScope && name === 'scope' && typeof raw === 'string' ? raw.split(' ').filter(s => s !== '') : raw;
    const r = cedarValue(v);
    if (r.ok) setOwn(values, name, r.value);
    else dropped.push({ name, why: r.why });
  }
  return { values, dropped };
}

/** Cognito's colon prefixes that dot notation nests under (F-COGNITO-COLON-CLAIMS, F-COGNITO-RESERVED-CLAIMS). */
export const COGNITO_PREFIXES = ['cognito', 'custom', 'dev'];

/**
 * The dot-notation records of a Cognito token: `cognito:username` → `cognito.username`, `dev:custom:x` →
 * `dev.custom.x`. Prefixes whose name is also a claim of its own are left out (that token fails
 * `reserved-claims`). A claim that would nest under a claim already set as a value is left out too.
 */
export function dotNotation(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(claims)) {
    const parts = name.split(':');
    if (parts.length < 2 || !COGNITO_PREFIXES.includes(parts[0]) || hasOwn(claims, parts[0])) continue;
    if (parts.some(p => p === '' || CEDAR_ESCAPES.has(p))) continue;
    const r = cedarValue(raw);
    if (!r.ok) continue;
    let node = out;
    let ok = true;
    for (const p of parts.slice(0, -1)) {
      if (!hasOwn(node, p)) setOwn(node, p, {});
      const next = node[p];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        ok = false;
        break;
      }
      node = next as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (ok && !hasOwn(node, last)) setOwn(node, last, r.value);
  }
  return out;
}

export type GroupsResult = { ok: true; groups: string[]; split: boolean } | { ok: false; why: string };

/** A group claim as group names: a string (split on spaces), or a list of strings (F-OIDC-GROUP-FORMATS). */
export function groupNames(v: unknown): GroupsResult {
  if (typeof v === 'string') {
    const groups = v.split(' ').filter(s => s !== '');
    return { ok: true, groups: unique(groups), split: groups.length > 1 };
  }
  if (Array.isArray(v)) {
    if (!v.every(x => typeof x === 'string')) return { ok: false, why: 'is a list with members that are not strings' };
    return { ok: true, groups: unique(v.filter(s => s !== '')), split: false };
  }
  return { ok: false, why: v === null ? 'is null' : `is ${typeof v === 'object' ? 'an object' : `a ${typeof v}`}` };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Session identifiers: useful to correlate or replay a session, of no use to a policy. */
const SESSION = new Set(['jti', 'origin_jti', 'event_id', 'nonce', 'at_hash', 'c_hash', 's_hash', 'sid', 'device_key']);
/** Personal data about the user (OpenID Connect standard claims and common provider claims). */
const PERSONAL = new Set([
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'address',
  'username',
  'upn',
  'unique_name',
  'cognito:username',
]);

/**
 * Claims front ends should mask by default and never log. Claims are shown (they are what the user needs to see);
 * these carry personal data (standard OIDC profile claims, user names, Cognito `custom:` attributes) or identify
 * the session.
 */
export function sensitiveClaims(claims: Record<string, unknown>): Array<{ name: string; why: ClaimSensitivity }> {
  const out: Array<{ name: string; why: ClaimSensitivity }> = [];
  for (const name of Object.keys(claims)) {
    if (SESSION.has(name)) out.push({ name, why: 'session' });
    else if (PERSONAL.has(name) || name.startsWith('custom:')) out.push({ name, why: 'personal' });
  }
  return out;
}
