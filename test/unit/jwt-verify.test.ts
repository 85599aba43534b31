/**
 * Signature verification against issuers on loopback (server/src/host/jwt-verify.ts): key sets served over http and
 * https, the discovery document's jwks_uri, the cache and the one refetch for an unknown kid (rotated keys), bad
 * signatures, algorithms the identity source does not allow, and URLs the fence refuses.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type * as http from 'node:http';
import { createJwtVerifier } from '../../server/src/host/jwt-verify';
import {
  signatureTarget,
  tokenSourceFromRequest,
  verifyAndCheckToken,
  type SignatureTarget,
  type TokenIdentitySource,
} from '../../server/src/service';
import { TEST_CERT, sendJson, startCountingServer, type CountingServer } from './oidc-server';
import { JWKS, b64url, cognitoId, jwt, oidcId } from './token-fixtures';

const claims = { sub: 'user-1', exp: Math.floor(Date.now() / 1000) + 600 };

/** An issuer on loopback whose key set the test can change (rotation) and whose discovery points at it. */
async function issuer(tls = false): Promise<CountingServer & { keys: { keys: unknown[] } }> {
  const state = { keys: { keys: [...JWKS.keys] as unknown[] } };
  const server = await startCountingServer({ tls }, (path: string, res: http.ServerResponse, base: string) => {
    if (path === '/.well-known/openid-configuration')
      return sendJson(res, {
        issuer: base,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (path === '/keys' || path === '/.well-known/jwks.json') return sendJson(res, state.keys);
    if (path === '/bad/.well-known/openid-configuration')
      return sendJson(res, { issuer: `${base}/bad`, jwks_uri: `${base}/keys?x=1` });
    if (path === '/other/.well-known/openid-configuration')
      return sendJson(res, { issuer: 'https://someone-else.example.com', jwks_uri: `${base}/keys` });
    if (path === '/metadata/.well-known/openid-configuration')
      return sendJson(res, { issuer: `${base}/metadata`, jwks_uri: 'http://169.254.169.254/latest/keys' });
    if (path === '/garbage/.well-known/openid-configuration')
      return sendJson(res, { issuer: `${base}/garbage`, jwks_uri: `${base}/garbage/keys` });
    if (path === '/garbage/keys') return sendJson(res, { keys: 'none' });
    return false;
  });
  return Object.assign(server, { keys: state.keys });
}

const cognitoTarget = (base: string): SignatureTarget => ({
  issuer: base,
  jwksUrl: `${base}/.well-known/jwks.json`,
  algorithms: ['RS256'],
});
const oidcTarget = (base: string, path = ''): SignatureTarget => ({
  issuer: `${base}${path}`,
  discoveryUrl: `${base}${path}/.well-known/openid-configuration`,
  algorithms: ['RS256', 'ES256', 'PS256'],
});

describe('jwt-verify: signatures against the issuer’s published keys', () => {
  let s: Awaited<ReturnType<typeof issuer>>;
  let tlsIssuer: Awaited<ReturnType<typeof issuer>>;
  before(async () => {
    s = await issuer();
    tlsIssuer = await issuer(true);
  });
  after(async () => {
    await s.close();
    await tlsIssuer.close();
  });
  beforeEach(() => {
    s.requests.length = 0;
    tlsIssuer.requests.length = 0;
    s.keys.keys.splice(0, s.keys.keys.length, ...JWKS.keys);
  });

  it('verifies a Cognito-shaped token with the pool’s JWKS over loopback http, and reuses the cached key set', async () => {
    const verify = createJwtVerifier({ allowLoopback: true });
    const token = jwt(claims);
    const v = await verify(token, cognitoTarget(s.url));
    assert.deepEqual(v, {
      status: 'valid',
      reason: "The signature verifies with the user pool's published keys (JWKS), key rsa-1.",
    });
    assert.deepEqual(s.requests, ['/.well-known/jwks.json']);
    assert.equal((await verify(token, cognitoTarget(s.url))).status, 'valid');
    assert.deepEqual(s.requests, ['/.well-known/jwks.json'], 'the second check uses the cached key set');
    verify.clear();
    assert.equal((await verify(`Bearer ${token}\n`, cognitoTarget(s.url))).status, 'valid', 'as pasted');
    assert.equal(s.requests.length, 2, 'clear() forgets the key set');
  });

  it('follows discovery to jwks_uri over loopback https (ES256), with no credentials sent', async () => {
    const verify = createJwtVerifier({ allowLoopback: true, ca: TEST_CERT });
    const v = await verify(jwt(claims, { alg: 'ES256' }), oidcTarget(tlsIssuer.url));
    assert.equal(v.status, 'valid', v.reason);
    assert.deepEqual(tlsIssuer.requests, ['/.well-known/openid-configuration', '/keys']);
    for (const h of tlsIssuer.headers) {
      assert.equal(h.authorization, undefined);
      assert.equal(h.cookie, undefined);
    }
  });

  it('refuses loopback unless it is allowed, and says how to allow it, without a request', async () => {
    const verify = createJwtVerifier({ loopbackHint: '--allow-loopback is given' });
    const v = await verify(jwt(claims), cognitoTarget(s.url));
    assert.equal(v.status, 'not-checked');
    assert.match(v.reason ?? '', /is not fetched: it is on this machine \(loopback\).*--allow-loopback is given/);
    assert.deepEqual(s.requests, []);
  });

  it('calls a token signed with another key invalid', async () => {
    const v = await createJwtVerifier({ allowLoopback: true })(jwt(claims, { foreignKey: true }), cognitoTarget(s.url));
    assert.equal(v.status, 'invalid');
    assert.match(v.reason ?? '', /does not verify with the issuer's key/);
  });

  it('calls a token whose claims were altered after signing invalid', async () => {
    const [h, , sig] = jwt(claims).split('.');
    const forged = `${h}.${b64url(JSON.stringify({ ...claims, sub: 'admin' }))}.${sig}`;
    const v = await createJwtVerifier({ allowLoopback: true })(forged, cognitoTarget(s.url));
    assert.equal(v.status, 'invalid');
  });

  it('refuses algorithms the target does not allow before fetching anything (HS256, none, RS256 for ES256 only)', async () => {
    const verify = createJwtVerifier({ allowLoopback: true });
    const hs = await verify(jwt(claims, { alg: 'HS256' }), cognitoTarget(s.url));
    assert.equal(hs.status, 'invalid');
    assert.match(hs.reason ?? '', /algorithm \(HS256\) is not one/);
    assert.equal((await verify(jwt(claims, { alg: 'none', signature: '' }), cognitoTarget(s.url))).status, 'invalid');
    const esOnly = { ...cognitoTarget(s.url), algorithms: ['ES256'] };
    assert.equal((await verify(jwt(claims), esOnly)).status, 'invalid');
    assert.deepEqual(s.requests, []);
  });

  it('does not let a key declared for another algorithm verify (alg confusion)', async () => {
    // The RSA key re-published as PS256 only: an RS256 token names rsa-1, but no key is usable for RS256.
    s.keys.keys.splice(0, s.keys.keys.length, { ...JWKS.keys[0], alg: 'PS256' });
    const v = await createJwtVerifier({ allowLoopback: true })(jwt(claims), cognitoTarget(s.url));
    assert.equal(v.status, 'invalid');
    assert.match(v.reason ?? '', /No key in the user pool's published keys \(JWKS\) matches the token's kid \(rsa-1\)/);
  });

  describe('rotated keys and unknown kids', () => {
    it('fetches the key set once more for an unknown kid, and verifies with the rotated key', async () => {
      let clock = 1_000_000;
      const verify = createJwtVerifier({ allowLoopback: true, now: () => clock });
      assert.equal((await verify(jwt(claims), cognitoTarget(s.url))).status, 'valid');
      // The issuer rotates: a new key with a new kid replaces the old one.
      const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
      s.keys.keys.splice(0, s.keys.keys.length, {
        ...next.publicKey.export({ format: 'jwk' }),
        kid: 'rsa-2',
        alg: 'RS256',
      });
      const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'rsa-2' }));
      const payload = b64url(JSON.stringify(claims));
      const { sign } = await import('node:crypto');
      const signature = b64url(sign('sha256', Buffer.from(`${header}.${payload}`), next.privateKey));
      const rotated = `${header}.${payload}.${signature}`;

      clock += 31_000;
      const v = await verify(rotated, cognitoTarget(s.url));
      assert.equal(v.status, 'valid', v.reason);
      assert.equal(s.requests.length, 2, 'one refetch');
      // The old key is gone now: a token with the old kid is refused after one refetch more (cooldown passed).
      clock += 31_000;
      const old = await verify(jwt(claims), cognitoTarget(s.url));
      assert.equal(old.status, 'invalid');
      assert.match(old.reason ?? '', /kid \(rsa-1\)/);
      assert.equal(s.requests.length, 3);
    });

    it('refetches at most once per cooldown, however many unknown kids arrive', async () => {
      let clock = 5_000_000;
      const verify = createJwtVerifier({ allowLoopback: true, now: () => clock });
      for (let i = 0; i < 5; i++) {
        const v = await verify(jwt(claims, { kid: `unknown-${i}` }), cognitoTarget(s.url));
        assert.equal(v.status, 'invalid');
        assert.match(v.reason ?? '', new RegExp(`kid \\(unknown-${i}\\)`));
        clock += 1000;
      }
      assert.equal(s.requests.length, 1, 'the first fetch only: the cooldown holds the refetch back');
      clock += 30_000;
      await verify(jwt(claims, { kid: 'unknown-x' }), cognitoTarget(s.url));
      assert.equal(s.requests.length, 2);
    });

    it('tries each key when several match (no kid in the token, two RSA keys)', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      s.keys.keys.splice(
        0,
        s.keys.keys.length,
        { ...other.publicKey.export({ format: 'jwk' }), kid: 'x' },
        {
          ...JWKS.keys[0],
          kid: 'y',
        },
      );
      const signed = jwt(claims, { header: { kid: undefined } });
      const v2 = await createJwtVerifier({ allowLoopback: true })(signed, cognitoTarget(s.url));
      assert.equal(v2.status, 'valid', v2.reason);
    });
  });

  describe('what the fence and the key set refuse', () => {
    it('does not fetch a jwks_uri with a query, nor a link-local address a discovery document names', async () => {
      const verify = createJwtVerifier({ allowLoopback: true });
      const q = await verify(jwt(claims), oidcTarget(s.url, '/bad'));
      assert.equal(q.status, 'not-checked');
      assert.match(q.reason ?? '', /jwks_uri is not fetched: it has a query or a fragment/);
      const meta = await verify(jwt(claims), oidcTarget(s.url, '/metadata'));
      assert.equal(meta.status, 'not-checked');
      assert.match(meta.reason ?? '', /not fetched|could not be fetched/);
      assert.ok(!s.requests.some(r => r.startsWith('/keys?')), 'no request with the query');
    });

    it('refuses plain http to a public name and a discovery document that names another issuer', async () => {
      const verify = createJwtVerifier({ allowLoopback: true });
      const plain = await verify(jwt(claims), {
        issuer: 'http://issuer.example.com',
        discoveryUrl: 'http://issuer.example.com/.well-known/openid-configuration',
        algorithms: ['RS256'],
      });
      assert.equal(plain.status, 'not-checked');
      assert.match(plain.reason ?? '', /is not fetched: it is not an https URL/);
      const other = await verify(jwt(claims), oidcTarget(s.url, '/other'));
      assert.equal(other.status, 'not-checked');
      assert.match(other.reason ?? '', /names another issuer/);
      assert.ok(!s.requests.includes('/keys'), 'the keys of a mismatched issuer are not fetched');
    });

    it('says the key set is not one when it is not', async () => {
      const v = await createJwtVerifier({ allowLoopback: true })(jwt(claims), oidcTarget(s.url, '/garbage'));
      assert.equal(v.status, 'not-checked');
      assert.match(v.reason ?? '', /are not a JSON Web Key Set/);
    });

    it('does not cache failures: a missing key set is asked for again', async () => {
      const verify = createJwtVerifier({ allowLoopback: true });
      const target = { ...cognitoTarget(s.url), jwksUrl: `${s.url}/missing/jwks.json` };
      assert.match((await verify(jwt(claims), target)).reason ?? '', /could not be fetched|answered HTTP 404/);
      await verify(jwt(claims), target);
      assert.equal(s.requests.length, 2);
    });

    it('never puts the token or the fetched documents in a verdict', async () => {
      const verify = createJwtVerifier({ allowLoopback: true });
      const token = jwt(claims, { foreignKey: true });
      for (const target of [cognitoTarget(s.url), oidcTarget(s.url, '/garbage'), oidcTarget(s.url, '/other')]) {
        const text = JSON.stringify(await verify(token, target));
        for (const part of token.split('.')) assert.ok(!text.includes(part), 'no part of the token');
        assert.ok(!text.includes(String(JWKS.keys[0].n)), 'no key material');
      }
    });
  });

  describe('with the token check', () => {
    const cognitoSource = (base: string): TokenIdentitySource => {
      const r = tokenSourceFromRequest({
        configuration: {
          cognitoUserPoolConfiguration: {
            userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
            issuer: base,
            clientIds: ['client-a'],
          },
        },
        principalEntityType: 'MyCorp::User',
      });
      assert.ok(r.ok);
      return r.source;
    };

    it('turns the signature check into pass or fail, and asks only about the identity source’s issuer', async () => {
      const source = cognitoSource(s.url);
      assert.equal(signatureTarget(source).jwksUrl, `${s.url}/.well-known/jwks.json`);
      const verify = createJwtVerifier({ allowLoopback: true });
      const now = Date.now();
      const nowS = Math.floor(now / 1000);
      const good = await verifyAndCheckToken(source, jwt(cognitoId({ iss: s.url, exp: nowS + 600 })), {
        now,
        verify,
      });
      const sig = good.checks.find(c => c.id === 'signature');
      assert.equal(sig?.status, 'pass', sig?.reason);
      assert.equal(good.accepted, true);
      assert.equal(good.complete, true);
      const bad = await verifyAndCheckToken(
        source,
        jwt(cognitoId({ iss: s.url, exp: nowS + 600 }), { foreignKey: true }),
        { now, verify },
      );
      assert.equal(bad.checks.find(c => c.id === 'signature')?.status, 'fail');
      assert.equal(bad.accepted, false);
      // A token from another issuer is never sent to any issuer's keys.
      s.requests.length = 0;
      await verifyAndCheckToken(source, jwt(oidcId({ exp: nowS + 600 })), { now, verify });
      assert.deepEqual(s.requests, []);
    });
  });
});
