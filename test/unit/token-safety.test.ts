/**
 * What a token check must never do: put the token (or any of its parts) into a result, let a claim name reach an
 * object prototype, verify against anything but the identity source's own issuer, or throw on hostile input.
 */
import * as assert from 'node:assert/strict';
import { checkToken, signatureTarget, verifyAndCheckToken } from '../../server/src/service';
import {
  COGNITO_ISS,
  COGNITO_SOURCE,
  NOW,
  OIDC_ACCESS_SOURCE,
  OIDC_ID_SOURCE,
  b64url,
  cognitoAccess,
  cognitoId,
  jwt,
  oidcAccess,
  oidcId,
  run,
  sourceOf,
  testVerifier,
} from './token-fixtures';

/** The token, each of its parts, and its signing input must not appear anywhere in the serialized result. */
function assertRedacted(token: string, result: unknown): void {
  const text = JSON.stringify(result);
  const [h, p, s] = token.split('.');
  for (const part of [token, `${h}.${p}`, h, p, s]) if (part.length >= 8) assert.ok(!text.includes(part));
}

describe('token: safety', () => {
  it('never puts the token, its parts or its signature in a result, whatever the verdict', async () => {
    const cases: Array<[unknown, string]> = [
      [COGNITO_SOURCE, jwt(cognitoId())],
      [COGNITO_SOURCE, jwt(cognitoAccess({ exp: 1 }))],
      [COGNITO_SOURCE, jwt(cognitoId({ iss: 'https://elsewhere.example.com', aud: 'x' }))],
      [COGNITO_SOURCE, jwt(cognitoId(), { foreignKey: true })],
      [OIDC_ID_SOURCE, jwt(oidcId(), { alg: 'ES256' })],
      [OIDC_ID_SOURCE, jwt(oidcAccess(), { typ: 'at+jwt' })],
      [OIDC_ACCESS_SOURCE, jwt(oidcAccess({ aud: 'nope' }))],
      [OIDC_ACCESS_SOURCE, `${b64url('{"alg":"RS256"}')}.${b64url('{"sub":')}.${b64url('signature-of-some-length')}`],
      [OIDC_ACCESS_SOURCE, `${b64url('{"alg":"RS256"}')}.${b64url('{}')}.${b64url('x')}.more.parts`],
    ];
    for (const [input, token] of cases) {
      const source = sourceOf(input);
      assertRedacted(token, checkToken(source, token, { now: NOW }));
      for (const status of ['valid', 'invalid', 'not-checked'] as const)
        assertRedacted(token, checkToken(source, token, { now: NOW, signature: { status } }));
      assertRedacted(token, await verifyAndCheckToken(source, token, { now: NOW, verify: testVerifier() }));
    }
  });

  it('keeps only alg, kid and typ of the header', () => {
    const r = run(COGNITO_SOURCE, cognitoId(), { header: { jku: 'https://attacker.example/keys', x5c: ['MIIB'] } });
    assert.deepEqual(r.header, { alg: 'RS256', kid: 'rsa-1' });
  });

  it('marks personal and session claims as sensitive', () => {
    const r = run(COGNITO_SOURCE, cognitoId({ 'custom:ssn': '000-00-0000', phone_number: '+15555550100' }));
    const marks = Object.fromEntries(r.sensitiveClaims.map(s => [s.name, s.why]));
    assert.deepEqual(marks, {
      'cognito:username': 'personal',
      'custom:department': 'personal',
      email: 'personal',
      jti: 'session',
      'custom:ssn': 'personal',
      phone_number: 'personal',
    });
  });

  it('never lets a claim name reach an object prototype', () => {
    const claims = JSON.parse(
      JSON.stringify(cognitoId()).replace(
        /^\{/,
        '{"__proto__":{"polluted":"yes"},"cognito:__proto__:polluted":"yes","custom:constructor":"x","cognito:a:__proto__":{"polluted":"yes"},',
      ),
    ) as Record<string, unknown>;
    const r = run(COGNITO_SOURCE, claims);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(r.entities[0].attrs), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(r.entities[0].attrs, '__proto__'));
    assert.deepEqual(JSON.parse(JSON.stringify(r.entities[0].attrs)).__proto__, { polluted: 'yes' });
    const cognito = r.entities[0].attrs.cognito as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(cognito, '__proto__'));
    assert.equal(Object.getPrototypeOf(cognito), Object.prototype);
  });

  it('asks the host to verify against the identity source issuer only, and only for tokens from it', async () => {
    const verify = testVerifier();
    const source = sourceOf(COGNITO_SOURCE);
    const ok = await verifyAndCheckToken(source, jwt(cognitoId()), { now: NOW, verify });
    assert.equal(ok.checks.find(c => c.id === 'signature')?.status, 'pass');
    assert.equal(ok.complete, true);
    assert.deepEqual(verify.targets, [
      { issuer: COGNITO_ISS, jwksUrl: `${COGNITO_ISS}/.well-known/jwks.json`, algorithms: ['RS256'] },
    ]);
    // A token naming another issuer (or a key URL of its own) is never sent to the verifier.
    await verifyAndCheckToken(
      source,
      jwt(cognitoId({ iss: 'https://attacker.example' }), { header: { jku: 'https://attacker.example/jwks' } }),
      { now: NOW, verify },
    );
    await verifyAndCheckToken(source, jwt(cognitoId(), { alg: 'none', signature: '' }), { now: NOW, verify });
    await verifyAndCheckToken(source, 'not.a-token', { now: NOW, verify });
    assert.equal(verify.targets.length, 1);
  });

  it('reports a forged or altered token as an invalid signature', async () => {
    const source = sourceOf(COGNITO_SOURCE);
    const forged = await verifyAndCheckToken(source, jwt(cognitoId(), { foreignKey: true }), {
      now: NOW,
      verify: testVerifier(),
    });
    assert.equal(forged.checks.find(c => c.id === 'signature')?.status, 'fail');
    assert.equal(forged.accepted, false);
    const [h, , s] = jwt(cognitoId()).split('.');
    const altered = `${h}.${b64url(JSON.stringify(cognitoId({ 'cognito:groups': ['admins', 'root'] })))}.${s}`;
    const r = await verifyAndCheckToken(source, altered, { now: NOW, verify: testVerifier() });
    assert.equal(r.checks.find(c => c.id === 'signature')?.status, 'fail');
    const throwing = await verifyAndCheckToken(source, jwt(cognitoId()), {
      now: NOW,
      verify: () => Promise.reject(new Error('boom')),
    });
    assert.equal(throwing.checks.find(c => c.id === 'signature')?.status, 'not-checked');
  });

  it('verifies an ES256 OIDC token against the discovery document of the configured issuer', async () => {
    const verify = testVerifier();
    const r = await verifyAndCheckToken(sourceOf(OIDC_ID_SOURCE), jwt(oidcId(), { alg: 'ES256' }), {
      now: NOW,
      verify,
    });
    assert.equal(r.checks.find(c => c.id === 'signature')?.status, 'pass');
    assert.equal(verify.targets[0].discoveryUrl, 'https://auth.example.com/.well-known/openid-configuration');
    assert.ok(!verify.targets[0].algorithms.some(a => a.startsWith('HS')));
    assert.deepEqual(signatureTarget(sourceOf(OIDC_ID_SOURCE)), verify.targets[0]);
  });

  it('survives hostile input without throwing', () => {
    const source = sourceOf(COGNITO_SOURCE);
    const hostile: unknown[] = [
      '',
      '...',
      '.'.repeat(1000),
      'a.b.c',
      '\u0000.\u0000.\u0000',
      `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify({ ...cognitoId(), 'cognito:groups': Array.from({ length: 5000 }, (_, i) => `g${i}`) }))}.c2ln`,
      `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify({ ...cognitoId(), exp: 1e308, nbf: -1e308, iat: 'x' }))}.c2ln`,
      `${b64url('{"alg":7,"kid":{},"typ":[]}')}.${b64url('{}')}.c2ln`,
      42,
      undefined,
    ];
    for (const t of hostile) {
      const r = checkToken(source, t as string, { now: NOW });
      assert.ok(Array.isArray(r.checks));
      assert.equal(r.checks.length, 13);
    }
  });
});
