/** What every token check gets, and the helpers they share. */
import type { DecodedJwt } from './jwt';
import { memberPath } from './source';
import type {
  CheckTokenOptions,
  TokenCheck,
  TokenCheckId,
  TokenCheckStatus,
  TokenFix,
  TokenIdentitySource,
  TokenType,
  TokenTypeBasis,
} from './types';

export interface CheckContext {
  source: TokenIdentitySource;
  jwt: DecodedJwt;
  claims: Record<string, unknown>;
  options: CheckTokenOptions;
  /** The token type the checks go by (F-OIDC-TOKEN-TYPE). */
  type: TokenType;
  basis: TokenTypeBasis;
  /** `now` in seconds, and the tolerance for `exp` / `nbf` in seconds. */
  nowSeconds: number;
  tolerance: number;
}

export const TITLES: Record<TokenCheckId, string> = {
  format: 'Token format',
  algorithm: 'Signed token',
  issuer: 'Issuer',
  'token-type': 'Token type',
  audience: 'Client ID or audience',
  expiry: 'Expiry',
  'not-before': 'Not before',
  'principal-id': 'Principal ID',
  groups: 'Groups',
  'reserved-claims': 'Reserved claim names',
  attributes: 'Claims as Cedar values',
  'principal-type': 'Principal entity type',
  signature: 'Signature',
};

export interface CheckExtras {
  fix?: TokenFix;
  expected?: unknown;
  actual?: unknown;
}

export function result(
  id: TokenCheckId,
  status: TokenCheckStatus,
  reason: string,
  facts: string[],
  extras: CheckExtras = {},
): TokenCheck {
  return { id, title: TITLES[id], status, reason, ...extras, facts };
}

export function fix(message: string, ...paths: string[]): TokenFix {
  return { message, paths };
}

/** A member path below the source's own union member (`cognitoUserPoolConfiguration` / `openIdConnectConfiguration`). */
export function path(source: TokenIdentitySource, ...members: string[]): string {
  const union = source.type === 'cognito' ? 'cognitoUserPoolConfiguration' : 'openIdConnectConfiguration';
  return memberPath(source.paths, union, ...members);
}

/** The path of the OIDC token selection member in use (`…tokenSelection.identityTokenOnly.clientIds`). */
export function selectionPath(source: TokenIdentitySource, ...members: string[]): string {
  return source.type === 'oidc' ? path(source, 'tokenSelection', source.tokenSelection, ...members) : path(source);
}

export const asList = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export const describeType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** `2 h 5 min`, `40 s`, `3 days`. */
export function duration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
  }
  const d = Math.floor(s / 86400);
  return `${d} day${d === 1 ? '' : 's'}`;
}

/** An epoch-seconds claim as an ISO time, or a plain note when it is out of range. */
export function isoTime(seconds: number): string {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'a time out of range';
}

export const TOKEN_KIND: Record<'id' | 'access', string> = { id: 'an ID token', access: 'an access token' };
export const SELECTION_KIND: Record<'identityTokenOnly' | 'accessTokenOnly', 'id' | 'access'> = {
  identityTokenOnly: 'id',
  accessTokenOnly: 'access',
};
