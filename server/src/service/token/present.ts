/**
 * What the front ends of the token check share (the CLI's `check-token`, the editor's Check a Token…): running the
 * check with or without a verifier so that the signature check always says why it was not made, the verdict in one
 * line, the principal as Cedar writes it, and a copy of the result with sensitive claims masked. Pure.
 */
import { checkToken, verifyAndCheckToken, type VerifySignature } from './check';
import { COGNITO_PREFIXES } from './claims';
import type { ClaimSensitivity, TokenCheckResult, TokenCheckStatus, TokenIdentitySource } from './types';

export interface RunCheckOptions {
  now: number;
  /** The host's verifier; undefined when signatures are not verified here. */
  verify?: VerifySignature;
  /** Why there is no verifier (`online checks are off`), shown as "The signature was not checked: …". */
  offlineReason?: string;
}

/**
 * Checks `token` against `source`, verifying the signature with `verify` when given. The signature check says why
 * it was not made: no verifier (`offlineReason`), or an earlier check failed so the issuer's keys were not fetched.
 */
export async function runTokenCheck(
  source: TokenIdentitySource,
  token: string,
  options: RunCheckOptions,
): Promise<TokenCheckResult> {
  const { now, verify, offlineReason } = options;
  if (!verify)
    return checkToken(source, token, {
      now,
      ...(offlineReason ? { signature: { status: 'not-checked', reason: offlineReason } } : {}),
    });
  let asked = false;
  const result = await verifyAndCheckToken(source, token, {
    now,
    verify: (t, target) => {
      asked = true;
      return verify(t, target);
    },
  });
  if (asked) return result;
  return checkToken(source, token, {
    now,
    signature: {
      status: 'not-checked',
      reason: "the token failed a check above (format, signed token or issuer), so the issuer's keys were not fetched",
    },
  });
}

/** The token's verdict in one sentence. */
export function verdictLine(r: TokenCheckResult): string {
  const failed = r.checks.filter(c => c.status === 'fail').length;
  const warned = r.checks.filter(c => c.status === 'warn').length;
  const unchecked = r.checks.filter(c => c.status === 'not-checked').map(c => c.title.toLowerCase());
  if (failed > 0)
    return `Rejected: ${failed} check${failed === 1 ? '' : 's'} failed; Verified Permissions would not accept this token.`;
  const notes = [
    ...(unchecked.length ? [`not checked: ${unchecked.join(', ')}`] : []),
    ...(warned ? [`${warned} warning${warned === 1 ? '' : 's'}`] : []),
  ];
  return `Accepted${notes.length ? ` (${notes.join('; ')})` : ''}: no check failed.`;
}

/** `MyCorp::User::"us-east-1_EXAMPLE|a1b2…"`, as Cedar writes an entity. */
export function entityText(type: string, id: string): string {
  return `${type}::${JSON.stringify(id)}`;
}

export const STATUS_LABEL: Record<TokenCheckStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warning',
  'not-checked': 'not checked',
};

/** The placeholder a masked value shows. */
export function maskText(why: ClaimSensitivity): string {
  return `<hidden: ${why === 'personal' ? 'personal data' : 'session identifier'}>`;
}

/** The parts of a result that carry claim values, as front ends show them. */
export interface DisplayedClaims {
  claims?: Record<string, unknown>;
  entities: TokenCheckResult['entities'];
  context?: Record<string, unknown>;
  /** Names of the claims whose values are hidden (empty when revealed or none are sensitive). */
  masked: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of `o` with `path` (already present) replaced by `value`; other members shared. */
function replaced(o: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(o, head)) return o;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  const next = rest.length === 0 ? value : isRecord(o[head]) ? replaced(o[head], rest, value) : o[head];
  Object.defineProperty(out, head, { value: next, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * The claims, entities and context of a result with the values of sensitive claims (`result.sensitiveClaims`)
 * replaced by a placeholder, wherever the mapping put them: the claim itself, the principal's attribute of the same
 * name, its Cognito dot-notation record (`custom:x` → `custom.x`), and `context.token.<claim>`. `reveal` keeps them.
 */
export function displayedClaims(r: TokenCheckResult, reveal: boolean): DisplayedClaims {
  if (reveal || r.sensitiveClaims.length === 0)
    return {
      ...(r.claims ? { claims: r.claims } : {}),
      entities: r.entities,
      ...(r.context ? { context: r.context } : {}),
      masked: [],
    };
  let claims = r.claims;
  let attrs = r.entities[0]?.attrs;
  let context = r.context;
  for (const { name, why } of r.sensitiveClaims) {
    const mask = maskText(why);
    if (claims) claims = replaced(claims, [name], mask);
    if (attrs) {
      attrs = replaced(attrs, [name], mask);
      const parts = name.split(':');
      if (parts.length > 1 && COGNITO_PREFIXES.includes(parts[0])) attrs = replaced(attrs, parts, mask);
    }
    if (context && isRecord(context.token)) context = replaced(context, ['token', name], mask);
  }
  const entities = attrs && r.entities[0] ? [{ ...r.entities[0], attrs }, ...r.entities.slice(1)] : r.entities;
  return {
    ...(claims ? { claims } : {}),
    entities,
    ...(context ? { context } : {}),
    masked: r.sensitiveClaims.map(s => s.name),
  };
}

/** The identity source in a few words: `Cognito user pool us-east-1_EXAMPLE`, `OIDC issuer https://… (ID tokens)`. */
export function sourceText(s: TokenIdentitySource): string {
  if (s.type === 'cognito') return `Cognito user pool ${s.userPoolId} (${s.region})`;
  return `OIDC issuer ${s.issuer} (${s.tokenSelection === 'identityTokenOnly' ? 'ID tokens' : 'access tokens'})`;
}

export const TOKEN_TYPE_TEXT: Record<TokenCheckResult['tokenType'], string> = {
  id: 'ID token',
  access: 'access token',
  unknown: 'token of unknown type',
};
