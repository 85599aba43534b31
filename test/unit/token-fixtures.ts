/**
 * Real JWTs for the token tests: signed with node:crypto keys made at load time (RSA for Cognito-shaped tokens,
 * EC P-256 for an OIDC provider), a JWKS of their public keys, and a verifier that plays the host's part (it checks
 * the signature against the JWKS it is given, as the host will against the issuer's).
 */
import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import {
  checkToken,
  tokenSourceFromRequest,
  type CheckTokenOptions,
  type SignatureTarget,
  type SignatureVerdict,
  type TokenCheck,
  type TokenCheckId,
  type TokenCheckResult,
  type TokenIdentitySource,
  type VerifySignature,
} from '../../server/src/service';

/** 2026-01-15T12:00:00Z: the tests' "now". */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const NOW_S = NOW / 1000;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

export interface SignOptions {
  alg?: string;
  kid?: string;
  typ?: string;
  /** Sign with a key that is not in the JWKS. */
  foreignKey?: boolean;
  /** Replace the signature segment (`''`: unsigned). */
  signature?: string;
  header?: Record<string, unknown>;
}

export const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function signWith(alg: string, input: string, foreign: boolean): string {
  const data = Buffer.from(input);
  if (alg === 'RS256') return b64url(sign('sha256', data, foreign ? otherRsa.privateKey : rsa.privateKey));
  if (alg === 'ES256') return b64url(sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
  return b64url(Buffer.from('not-a-real-signature'));
}

/** A compact JWS of `claims`, signed for real with RS256 (default) or ES256. */
export function jwt(claims: Record<string, unknown>, o: SignOptions = {}): string {
  const alg = o.alg ?? 'RS256';
  const header = {
    alg,
    kid: o.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'),
    ...(o.typ ? { typ: o.typ } : {}),
    ...o.header,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${o.signature ?? signWith(alg, input, o.foreignKey ?? false)}`;
}

/** The public keys, as an issuer publishes them. */
export const JWKS = {
  keys: [
    { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ],
};

/** The host's part, in miniature: verifies against `jwks`, and records which targets it was asked about. */
export function testVerifier(jwks = JWKS): VerifySignature & { targets: SignatureTarget[] } {
  const targets: SignatureTarget[] = [];
  const fn = (token: string, target: SignatureTarget): Promise<SignatureVerdict> => {
    targets.push(target);
    const [h, p, s] = token.trim().split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; kid: string };
    if (!target.algorithms.includes(header.alg))
      return Promise.resolve({ status: 'invalid', reason: 'the algorithm is not allowed' });
    const jwk = jwks.keys.find(k => k.kid === header.kid);
    if (!jwk) return Promise.resolve({ status: 'invalid', reason: "no key with the token's kid" });
    const key: KeyObject = createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${h}.${p}`);
    const sig = Buffer.from(s, 'base64url');
    const ok =
      header.alg === 'ES256'
        ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
        : verify('sha256', data, key, sig);
    return Promise.resolve(ok ? { status: 'valid' } : { status: 'invalid', reason: 'the signature does not match' });
  };
  return Object.assign(fn, { targets });
}

export const POOL = 'us-east-1_EXAMPLE';
export const COGNITO_ISS = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;

export const COGNITO_SOURCE = {
  policyStoreId: 'PSEXAMPLEabcdefg111111',
  principalEntityType: 'MyCorp::User',
  configuration: {
    cognitoUserPoolConfiguration: {
      userPoolArn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`,
      clientIds: ['client-a', 'client-b'],
      groupConfiguration: { groupEntityType: 'MyCorp::UserGroup' },
    },
  },
};

export const OIDC_ISS = 'https://auth.example.com';

export function oidcSource(tokenSelection: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    policyStoreId: 'PSEXAMPLEabcdefg111111',
    principalEntityType: 'MyCorp::User',
    configuration: {
      openIdConnectConfiguration: {
        issuer: OIDC_ISS,
        entityIdPrefix: 'auth.example.com',
        groupConfiguration: { groupClaim: 'groups', groupEntityType: 'MyCorp::UserGroup' },
        tokenSelection,
        ...extra,
      },
    },
  };
}

export const OIDC_ID_SOURCE = oidcSource({ identityTokenOnly: { clientIds: ['web-app'], principalIdClaim: 'sub' } });
export const OIDC_ACCESS_SOURCE = oidcSource({ accessTokenOnly: { audiences: ['https://api.example.com'] } });

export function cognitoId(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    'cognito:groups': ['admins', 'staff'],
    'cognito:username': 'alice',
    'custom:department': 'Finance',
    email: 'alice@example.com',
    email_verified: true,
    iss: COGNITO_ISS,
    aud: 'client-a',
    token_use: 'id',
    auth_time: NOW_S - 60,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    jti: 'a1b2c3d4-e5f6-a1b2-c3d4-TOKEN1111111',
    ...extra,
  };
}

export function cognitoAccess(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    'cognito:groups': ['admins'],
    iss: COGNITO_ISS,
    client_id: 'client-b',
    token_use: 'access',
    scope: 'openid profile MyAPI/read',
    auth_time: NOW_S - 60,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    jti: 'a1b2c3d4-e5f6-a1b2-c3d4-TOKEN2222222',
    username: 'alice',
    ...extra,
  };
}

export function oidcId(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: OIDC_ISS,
    sub: 'user-1234',
    aud: 'web-app',
    nonce: 'n-0S6_WzA2Mj',
    groups: ['Accounting', 'Staff'],
    name: 'Carlos Salazar',
    iat: NOW_S - 60,
    exp: NOW_S + 600,
    ...extra,
  };
}

export function oidcAccess(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: OIDC_ISS,
    sub: 'user-1234',
    aud: 'https://api.example.com',
    client_id: 'web-app',
    scope: 'orders:read orders:write',
    groups: ['Accounting'],
    iat: NOW_S - 60,
    exp: NOW_S + 600,
    ...extra,
  };
}

export function sourceOf(input: unknown): TokenIdentitySource {
  const r = tokenSourceFromRequest(input);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.source;
}

export function run(
  input: unknown,
  claims: Record<string, unknown>,
  sign: SignOptions = {},
  options: Partial<CheckTokenOptions> = {},
): TokenCheckResult & { check(id: TokenCheckId): TokenCheck } {
  const r = checkToken(sourceOf(input), jwt(claims, sign), { now: NOW, ...options });
  return Object.assign(r, {
    check(id: TokenCheckId) {
      const c = r.checks.find(x => x.id === id);
      assert.ok(c, `no check ${id}`);
      return c;
    },
  });
}

/** The statuses of all checks, for compact assertions. */
export function statuses(r: TokenCheckResult): Record<string, string> {
  return Object.fromEntries(r.checks.map(c => [c.id, c.status]));
}
