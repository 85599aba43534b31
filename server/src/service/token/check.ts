/**
 * Check a token against an identity source, offline: will Verified Permissions accept it, and which Cedar principal
 * does it become? Pure and synchronous: the signature verdict comes from the caller (`checkToken`), or from a host
 * function the caller passes (`verifyAndCheckToken`). The result never contains the token or its signature.
 */
import {
  algorithmCheck,
  audienceCheck,
  detectType,
  expiryCheck,
  issuerCheck,
  notBeforeCheck,
  signatureCheck,
  tokenTypeCheck,
} from './checks-token';
import { sensitiveClaims } from './claims';
import { type CheckContext, result } from './context';
import { decodeJwt } from './jwt';
import { mapToken } from './principal';
import type {
  CheckTokenOptions,
  SignatureTarget,
  SignatureVerdict,
  TokenCheck,
  TokenCheckId,
  TokenCheckResult,
  TokenIdentitySource,
} from './types';

/** The checks a source gets, in the order results list them. */
export function checkIds(source: TokenIdentitySource): TokenCheckId[] {
  return [
    'format',
    'algorithm',
    'issuer',
    'token-type',
    'audience',
    'expiry',
    'not-before',
    'principal-id',
    'groups',
    ...(source.type === 'cognito' ? (['reserved-claims'] as const) : []),
    'attributes',
    'principal-type',
    'signature',
  ];
}

/**
 * Where to verify a token for this identity source: only its own issuer's keys, never a URL taken from the token,
 * and only asymmetric algorithms (F-SIGNATURE).
 */
export function signatureTarget(source: TokenIdentitySource): SignatureTarget {
  if (source.type === 'cognito')
    return { issuer: source.issuer, jwksUrl: `${source.issuer}/.well-known/jwks.json`, algorithms: ['RS256'] };
  return {
    issuer: source.issuer,
    discoveryUrl: `${source.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
  };
}

/** Checks `token` against `source` at `options.now`. Never throws on bad input. */
export function checkToken(source: TokenIdentitySource, token: string, options: CheckTokenOptions): TokenCheckResult {
  const decoded = decodeJwt(token);
  if (!decoded.ok) {
    const checks: TokenCheck[] = checkIds(source).map(id =>
      id === 'format'
        ? result('format', 'fail', decoded.message, ['F-IAWT-TOKEN-SHAPE'])
        : result(id, 'not-checked', 'Not checked: the token could not be read.', []),
    );
    return {
      accepted: false,
      complete: false,
      tokenType: 'unknown',
      tokenTypeBasis: 'none',
      checks,
      sensitiveClaims: [],
      entities: [],
    };
  }
  const { jwt } = decoded;
  const { type, basis } = detectType(source, jwt, options.parameter);
  const ctx: CheckContext = {
    source,
    jwt,
    claims: jwt.claims,
    options,
    type,
    basis,
    nowSeconds: options.now / 1000,
    tolerance: Math.max(0, options.clockToleranceSeconds ?? 0),
  };
  const mapping = mapToken(ctx);
  const byId = new Map<TokenCheckId, TokenCheck>(mapping.checks.map(c => [c.id, c]));
  for (const c of [
    result('format', 'pass', 'A signed JWT (header, claims and signature).', ['F-IAWT-TOKEN-SHAPE']),
    algorithmCheck(ctx),
    issuerCheck(ctx),
    tokenTypeCheck(ctx),
    audienceCheck(ctx),
    expiryCheck(ctx),
    notBeforeCheck(ctx),
    signatureCheck(ctx),
  ])
    byId.set(c.id, c);
  const checks = checkIds(source).map(id => byId.get(id) as TokenCheck);
  const header: TokenCheckResult['header'] = {};
  for (const k of ['alg', 'kid', 'typ'] as const) if (typeof jwt.header[k] === 'string') header[k] = jwt.header[k];
  return {
    accepted: checks.every(c => c.status !== 'fail'),
    complete: checks.every(c => c.status !== 'not-checked'),
    tokenType: type,
    tokenTypeBasis: basis,
    checks,
    header,
    claims: jwt.claims,
    sensitiveClaims: sensitiveClaims(jwt.claims),
    ...(mapping.principal ? { principal: mapping.principal } : {}),
    entities: mapping.entities,
    ...(mapping.context ? { context: mapping.context } : {}),
  };
}

/** Verifies a signature through the host (I/O and crypto live there); resolves to a verdict, never rejects. */
export type VerifySignature = (token: string, target: SignatureTarget) => Promise<SignatureVerdict>;

/**
 * `checkToken` with the signature verified by `verify` when one is given (a trusted workspace with online checks,
 * the CLI with `--online`, the emulator). `verify` is only called for a token that decodes, is signed, and comes
 * from the identity source's issuer, so the host never fetches keys for anything else.
 */
export async function verifyAndCheckToken(
  source: TokenIdentitySource,
  token: string,
  options: Omit<CheckTokenOptions, 'signature'> & { verify?: VerifySignature },
): Promise<TokenCheckResult> {
  const { verify, ...rest } = options;
  const first = checkToken(source, token, rest);
  if (!verify) return first;
  const status = (id: TokenCheckId) => first.checks.find(c => c.id === id)?.status;
  if (status('format') !== 'pass' || status('algorithm') !== 'pass' || status('issuer') !== 'pass') return first;
  let verdict: SignatureVerdict;
  try {
    verdict = await verify(token, signatureTarget(source));
  } catch {
    verdict = { status: 'not-checked', reason: 'the signature check failed unexpectedly' };
  }
  return checkToken(source, token, { ...rest, signature: verdict });
}
