/**
 * Tokens issued by a real OpenID provider (`oidc-provider`) on loopback, checked end to end: an ID token from the
 * authorization-code flow (driven with plain HTTP requests; the login is answered by the test as the provider's
 * interaction endpoint) and a JWT access token from the client-credentials grant with a resource indicator. The
 * signature is verified with the provider's own discovery document and key set, through the fenced verifier.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtVerifier } from '../../server/src/host/jwt-verify';
import { runTokenCheck, type TokenCheckResult } from '../../server/src/service';
import { statuses } from './token-fixtures';
import { sourceOf } from './token-fixtures';

const CLIENT = { id: 'web-app', secret: 'test-secret-0123456789', redirect: 'https://app.example.com/cb' };
const API = 'https://api.example.com';

interface Provider {
  callback(): http.RequestListener;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: object, o?: object): Promise<void>;
  Grant: new (o: { clientId: string; accountId: string }) => { addOIDCScope(s: string): void; save(): Promise<string> };
}

/** A real provider on 127.0.0.1 whose login step is answered at once for user-1234. */
async function startProvider(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const op: { provider?: Provider } = {};
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/interaction/')) {
      op.provider!.interactionFinished(
        req,
        res,
        { login: { accountId: 'user-1234' } },
        { mergeWithLastSubmission: false },
      ).catch(() => res.writeHead(500).end());
      return;
    }
    op.provider!.callback()(req, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { default: Provider } = (await import('oidc-provider')) as unknown as {
    default: new (issuer: string, config: object) => Provider;
  };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  op.provider = new Provider(url, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [CLIENT.redirect],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'op-rsa-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['cookie-key-for-tests-only'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, ClientCredentials: 600 },
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: 'ana@example.com', groups: ['Accounting', 'Managers'] }),
    }),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // The grant is given as soon as the user has logged in (no consent screen in a test).
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string }; provider: Provider };
    }) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email groups');
      await grant.save();
      return grant;
    },
    pkce: { required: () => false },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'orders:read orders:write', audience: API, accessTokenFormat: 'jwt' }),
      },
    },
  });
  return {
    url,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET/POST with a cookie jar, never following redirects. */
function client(base: string) {
  const jar = new Map<string, string>();
  return async (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(new URL(path, base), {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      ...(init.body ? { body: init.body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    return res;
  };
}

const basic = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic };

/** The authorization-code flow, as a browser and a back end would drive it. */
async function idToken(base: string): Promise<string> {
  const go = client(base);
  const q = new URLSearchParams({
    client_id: CLIENT.id,
    response_type: 'code',
    scope: 'openid email groups',
    redirect_uri: CLIENT.redirect,
    nonce: 'n-0S6_WzA2Mj',
    state: 'st-1',
  });
  let res = await go(`/auth?${q.toString()}`);
  for (let hops = 0; hops < 6 && !res.headers.get('location')?.startsWith(CLIENT.redirect); hops++) {
    const next = res.headers.get('location');
    assert.ok(next, `a redirect (HTTP ${res.status})`);
    res = await go(next);
  }
  const code = new URL(res.headers.get('location')!).searchParams.get('code');
  assert.ok(code, 'an authorization code');
  const tokenRes = await go('/token', {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirect }).toString(),
  });
  const body = (await tokenRes.json()) as { id_token?: string };
  assert.ok(body.id_token, `an ID token (HTTP ${tokenRes.status})`);
  return body.id_token;
}

async function accessToken(base: string): Promise<string> {
  const res = await client(base)('/token', {
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: API, scope: 'orders:read' }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  assert.ok(body.access_token?.split('.').length === 3, `a JWT access token (HTTP ${res.status})`);
  return body.access_token;
}

describe('token: tokens from a real OpenID provider on loopback', function () {
  this.timeout(30_000);
  let op: Awaited<ReturnType<typeof startProvider>>;
  let id: string;
  let access: string;
  const verify = createJwtVerifier({ allowLoopback: true });
  const oidc = (tokenSelection: Record<string, unknown>) =>
    sourceOf({
      policyStoreId: 'PSEXAMPLEabcdefg111111',
      principalEntityType: 'MyCorp::User',
      configuration: {
        openIdConnectConfiguration: {
          issuer: op.url,
          entityIdPrefix: 'op',
          groupConfiguration: { groupClaim: 'groups', groupEntityType: 'MyCorp::Team' },
          tokenSelection,
        },
      },
    });
  const check = (tokenSelection: Record<string, unknown>, token: string): Promise<TokenCheckResult> =>
    runTokenCheck(oidc(tokenSelection), token, { now: Date.now(), verify });

  before(async () => {
    op = await startProvider();
    id = await idToken(op.url);
    access = await accessToken(op.url);
  });
  after(() => op.close());

  it('accepts the provider’s ID token: every check passes, the signature with the provider’s published key', async () => {
    const r = await check({ identityTokenOnly: { clientIds: [CLIENT.id], principalIdClaim: 'sub' } }, id);
    assert.deepEqual(
      Object.entries(statuses(r)).filter(([, s]) => s !== 'pass'),
      [],
      JSON.stringify(r.checks.filter(c => c.status !== 'pass')),
    );
    assert.equal(r.tokenType, 'id');
    assert.match(r.checks.find(c => c.id === 'signature')!.reason, /key op-rsa-1/);
    assert.deepEqual(r.principal, { entityType: 'MyCorp::User', entityId: 'op|user-1234' });
    assert.deepEqual(r.entities[0].parents, [
      { type: 'MyCorp::Team', id: 'op|Accounting' },
      { type: 'MyCorp::Team', id: 'op|Managers' },
    ]);
    assert.equal(r.entities[0].attrs.email, 'ana@example.com');
    assert.ok(op.requests.includes('/.well-known/openid-configuration'));
  });

  it('accepts the provider’s JWT access token for an access-token source: claims go to the context', async () => {
    const r = await check({ accessTokenOnly: { audiences: [API] } }, access);
    assert.equal(r.accepted, true, JSON.stringify(r.checks.filter(c => c.status === 'fail')));
    assert.equal(r.checks.find(c => c.id === 'signature')?.status, 'pass');
    assert.equal(r.tokenType, 'access');
    assert.equal(r.tokenTypeBasis, 'typ', 'oidc-provider types its JWT access tokens at+jwt');
    assert.deepEqual((r.context?.token as Record<string, unknown>).scope, ['orders:read']);
    assert.deepEqual(r.entities[0].attrs, {});
  });

  it('the wrong kind of token fails the token-type check, with the fix (both directions)', async () => {
    const idOnly = await check({ identityTokenOnly: { clientIds: [CLIENT.id] } }, access);
    assert.equal(idOnly.checks.find(c => c.id === 'token-type')?.status, 'fail');
    assert.match(idOnly.checks.find(c => c.id === 'token-type')!.fix!.message, /identityTokenOnly to accessTokenOnly/);
    const accessOnly = await check({ accessTokenOnly: { audiences: [API] } }, id);
    assert.equal(accessOnly.checks.find(c => c.id === 'token-type')?.status, 'fail');
    assert.equal(accessOnly.accepted, false);
  });

  it('another client ID or audience fails the audience check', async () => {
    const r = await check({ identityTokenOnly: { clientIds: ['mobile-app'] } }, id);
    assert.equal(r.checks.find(c => c.id === 'audience')?.status, 'fail');
    const a = await check({ accessTokenOnly: { audiences: ['https://other.example.com'] } }, access);
    assert.equal(a.checks.find(c => c.id === 'audience')?.status, 'fail');
  });

  it('a token altered after the provider signed it fails the signature check', async () => {
    const [h, p, s] = id.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
    const r = await check({ identityTokenOnly: { clientIds: [CLIENT.id] } }, forged);
    assert.equal(r.checks.find(c => c.id === 'signature')?.status, 'fail');
    assert.equal(r.accepted, false);
  });
});
