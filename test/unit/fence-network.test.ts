/**
 * The network fence of the online checks, as attacks: a workspace names an issuer, and through it (or through the
 * discovery document it serves) tries to reach this machine, send credentials, scan ports or read answers back.
 *
 * Every server here is on loopback. 127.0.0.2 stands in for a public host and 127.0.0.3 for a host on a private
 * network: the fetch's `classify` option (which only ever narrows how an address is classed) says so.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService, clearDiscoveryCache, type Diagnostic } from '../../server/src/service';
import { fetchJson, type FetchOptions } from '../../server/src/host/fetch-json';
import { main } from '../../server/src/cli';
import { TEST_CERT, sendJson, startCountingServer, type CountingServer } from './oidc-server';

const PUBLIC = '127.0.0.2';
const PRIVATE = '127.0.0.3';
const classify = (ip: string) => (ip === PUBLIC ? 'public' : ip === PRIVATE ? 'private' : undefined);
const SECRET = 'S3CR3T-BODY-7f1c';

function online(opts: Partial<FetchOptions> = {}) {
  return createLanguageService({
    fetchJson: (url, signal, o) => fetchJson(url, { signal, ca: TEST_CERT, classify, ...o, ...opts }),
  });
}

const identitySource = (issuer: string, token = 'identityTokenOnly') =>
  `policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: "${issuer}"\n    tokenSelection:\n      ${token}: {}\n`;

const trustProvider = (issuer: string, endpoints: Record<string, string> = {}) =>
  `TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  Issuer: "${issuer}"\n${Object.entries(
    endpoints,
  )
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('')}  ClientId: verified-access\n  ClientSecret: \${secret:idp}\n  Scope: openid\n`;

async function check(service: ReturnType<typeof online>, text: string, name = 'x.identity-source.yaml') {
  clearDiscoveryCache();
  return service.validateSemantic(service.analyze({ uri: `file:///w/${name}`, text })!);
}

const codes = (d: Diagnostic[]) => d.map(x => x.code);

/** A discovery document for `issuer`, with `extra` over the usual members. */
const discovery = (issuer: string, extra: object = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ['code'],
  id_token_signing_alg_values_supported: ['RS256'],
  ...extra,
});

const KEYS = { keys: [{ kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' }] };

describe('network fence: what a workspace can make the online checks fetch', function () {
  this.timeout(20_000);
  /** Plain http on loopback: the target of every escape attempt. */
  let local: CountingServer;
  /** https on loopback (the test certificate). */
  let localTls: CountingServer;
  /** The "public" issuer (127.0.0.2, https). */
  let pub: CountingServer;
  /** A host on a "private network" (127.0.0.3, https). */
  let priv: CountingServer;

  before(async () => {
    priv = await startCountingServer({ host: PRIVATE, tls: true }, (path, res, base) => {
      if (path === '/good/.well-known/openid-configuration') return sendJson(res, discovery(`${base}/good`));
      if (path === '/good/jwks') return sendJson(res, KEYS);
      if (path === '/notjson/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
        return true;
      }
      if (path === '/shape/.well-known/openid-configuration') return sendJson(res, { hello: SECRET });
    });
    local = await startCountingServer({}, (path, res, base) => {
      if (path === '/good/.well-known/openid-configuration') return sendJson(res, discovery(`${base}/good`));
      if (path === '/good/jwks') return sendJson(res, KEYS);
      if (path === '/admin-jwks/.well-known/openid-configuration')
        return sendJson(res, discovery(`${base}/admin-jwks`, { jwks_uri: `${base}/internal/admin?action=delete` }));
    });
    localTls = await startCountingServer({ tls: true });
    pub = await startCountingServer({ host: PUBLIC, tls: true }, (path, res, base) => {
      const wk = '/.well-known/openid-configuration';
      const redirect = (to: string) => (res.writeHead(302, { location: to }).end(), true);
      switch (path) {
        case `/good${wk}`:
          return sendJson(res, discovery(`${base}/good`));
        case '/good/jwks':
          return sendJson(res, KEYS);
        case `/chain${wk}`:
          return redirect(`/chain2${wk}`);
        case `/chain2${wk}`:
          return redirect(`${local.url}/good${wk}`);
        case `/to-local-tls${wk}`:
          return redirect(`${localTls.url}/good${wk}`);
        case `/to-private${wk}`:
          return redirect(`${priv.url}/good${wk}`);
        case `/jwks-private${wk}`:
          return sendJson(res, discovery(`${base}/jwks-private`, { jwks_uri: `${priv.url}/good/jwks` }));
        case `/to-userinfo${wk}`:
          return redirect(`https://user:pass@${PUBLIC}:${new URL(base).port}/good${wk}`);
        case `/jwks-http-admin${wk}`:
          return sendJson(
            res,
            discovery(`${base}/jwks-http-admin`, { jwks_uri: `${local.url}/internal/admin?action=delete` }),
          );
        case `/jwks-tls-admin${wk}`:
          return sendJson(res, discovery(`${base}/jwks-tls-admin`, { jwks_uri: `${localTls.url}/internal/admin` }));
        case `/jwks-query${wk}`:
          return sendJson(res, discovery(`${base}/jwks-query`, { jwks_uri: `${base}/good/jwks?action=delete` }));
        case `/missing${wk}`:
          res.writeHead(404, { 'content-type': 'text/html' }).end(`<h1>${SECRET}</h1>`);
          return true;
        case `/leak${wk}`:
          return sendJson(
            res,
            discovery(`${base}/leak`, {
              authorization_endpoint: `https://${SECRET}.example.com/authorize`,
              token_endpoint: `https://${SECRET}.example.com/token`,
              jwks_uri: `${base}/leak/${SECRET}`,
              response_types_supported: [`${SECRET}-type`],
              id_token_signing_alg_values_supported: [`${SECRET}-alg`],
            }),
          );
        case `/leak-shape${wk}`:
          return sendJson(res, { issuer: 42, secret: SECRET });
        case `/leak-array${wk}`:
          return sendJson(res, [SECRET]);
        case `/leak-redirect${wk}`:
          return redirect(`http://${SECRET}.example.com/`);
      }
    });
  });
  after(async () => {
    await Promise.all([local.close(), localTls.close(), pub.close(), priv.close()]);
  });

  const localHits = () => local.requests.length + localTls.requests.length;

  it('a redirect chain from a public issuer never reaches loopback (http or https), even with loopback allowed', async () => {
    const before = localHits();
    const service = online({ allowLoopback: true });
    const http = await check(service, identitySource(`${pub.url}/chain`));
    const tls = await check(service, identitySource(`${pub.url}/to-local-tls`));
    assert.equal(localHits(), before, 'no request reached loopback');
    for (const d of [http, tls]) {
      assert.deepEqual(codes(d), ['oidc-discovery-failed']);
      assert.match(d[0].message, /redirected to a URL that is not allowed/);
    }
  });

  it('user info in the issuer is refused before any request, and no Authorization header is ever sent', async () => {
    const before = pub.requests.length;
    const d = await check(online(), identitySource(`https://user:pass@${PUBLIC}:${new URL(pub.url).port}/good`));
    assert.equal(pub.requests.length, before, 'no request');
    assert.deepEqual(codes(d), ['oidc-issuer-not-fetched']);
    assert.match(d[0].message, /user info/);
    const redirected = await check(online(), identitySource(`${pub.url}/to-userinfo`));
    assert.deepEqual(codes(redirected), ['oidc-discovery-failed']);
    assert.ok(
      pub.headers.every(h => h.authorization === undefined && h.cookie === undefined),
      'no credentials sent',
    );
    assert.equal(
      pub.requests.filter(r => r.startsWith('/good')).length,
      0,
      'the redirect to user info is not followed',
    );
  });

  it('an issuer with a query or a fragment is not fetched', async () => {
    const before = pub.requests.length + local.requests.length;
    for (const issuer of [`${pub.url}/good?x=1`, `${pub.url}/good#frag`, `${local.url}/good?a=b`, `${pub.url}/good?`]) {
      const d = await check(online({ allowLoopback: true }), identitySource(issuer));
      assert.deepEqual(codes(d), ['oidc-issuer-not-fetched'], issuer);
      assert.equal(d[0].path, 'configuration.openIdConnectConfiguration.issuer');
      assert.match(d[0].message, /query or a fragment/);
    }
    assert.equal(pub.requests.length + local.requests.length, before, 'no request');
  });

  it('a jwks_uri that points at loopback from elsewhere, or has a query, is not fetched', async () => {
    const service = online({ allowLoopback: true });
    for (const issuer of [
      `${pub.url}/jwks-http-admin`,
      `${pub.url}/jwks-tls-admin`,
      `${pub.url}/jwks-query`,
      `${local.url}/admin-jwks`,
    ]) {
      const d = await check(service, identitySource(issuer));
      assert.deepEqual(codes(d), ['oidc-jwks-unreachable'], issuer);
      assert.match(d[0].message, /not fetched/);
    }
    const admin = [...local.requests, ...localTls.requests, ...pub.requests].filter(r =>
      /internal\/admin|action=/.test(r),
    );
    assert.deepEqual(admin, [], 'no admin path was requested');
  });

  it('loopback is fetched only with the user-level permission (allowLoopback), and 0.0.0.0 never', async () => {
    const before = localHits();
    const port = new URL(local.url).port;
    for (const issuer of [
      `${local.url}/good`,
      `http://localhost:${port}/good`,
      `${localTls.url}/good`,
      `https://0.0.0.0:${new URL(localTls.url).port}/good`,
      `http://[::ffff:127.0.0.1]:${port}/good`,
    ]) {
      const d = await check(online(), identitySource(issuer));
      assert.deepEqual(codes(d), ['oidc-issuer-not-fetched'], issuer);
    }
    const d = await check(online(), identitySource(`${local.url}/good`));
    assert.match(d[0].message, /loopback/);
    assert.equal(localHits(), before, 'no request without the permission');
    assert.deepEqual(await check(online({ allowLoopback: true }), identitySource(`${local.url}/good`)), []);
    assert.ok(localHits() > before, 'fetched with the permission');
  });

  it('names are judged by the addresses they resolve to, when the connection is made', async () => {
    const port = new URL(local.url).port;
    const before = local.requests.length;
    // localhost resolves to loopback: fetched with the permission.
    assert.deepEqual(
      codes(await check(online({ allowLoopback: true }), identitySource(`http://localhost:${port}/good`))),
      ['oidc-issuer-mismatch'], // the document names 127.0.0.1, not localhost
    );
    assert.equal(local.requests.length, before + 2, 'discovery and keys');
    // A name whose addresses are not what its URL may reach (here: plain http to an address classed private) is
    // refused at connection time, and reads like any other failure.
    const elsewhere = await check(
      online({ allowLoopback: true, classify: ip => (ip === '127.0.0.1' || ip === '::1' ? 'private' : undefined) }),
      identitySource(`http://localhost:${port}/good`),
    );
    assert.deepEqual(codes(elsewhere), ['oidc-discovery-failed']);
    assert.match(elsewhere[0].message, /could not be fetched\.$/);
    assert.equal(local.requests.length, before + 2, 'no request');
  });

  it('failures on loopback and private hosts all read "could not be fetched" (no port scanning)', async () => {
    const closed = createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>(r => closed.close(() => r()));
    {
      // No CA: the test certificate is self-signed, as far as these fetches know.
      const noCa = createLanguageService({
        fetchJson: (url, signal, o) => fetchJson(url, { signal, classify, allowLoopback: true, ...o }),
      });
      const withCa = online({ allowLoopback: true });
      const cases: [ReturnType<typeof online>, string][] = [
        [withCa, `${local.url}/missing`], // 404
        [withCa, `http://127.0.0.1:${closedPort}`], // refused
        [noCa, `${localTls.url}/self-signed`], // untrusted certificate
        [withCa, `${priv.url}/missing`], // 404 on a private network
        [withCa, `${priv.url}/notjson`],
        [withCa, `${priv.url}/shape`],
        [noCa, `${priv.url}/self-signed`],
      ];
      const seen = new Set<string>();
      for (const [service, issuer] of cases) {
        const d = await check(service, identitySource(issuer));
        assert.deepEqual(
          d.map(x => [x.code, x.severity]),
          [['oidc-discovery-failed', 'warning']],
          issuer,
        );
        const message = d[0].message.replace(issuer, '<issuer>');
        seen.add(message);
        assert.doesNotMatch(message, /404|HTTP|refused|ECONN|certificate|self.signed|JSON|document|within/i);
      }
      assert.deepEqual(
        [...seen],
        ['Could not check the issuer: <issuer>/.well-known/openid-configuration could not be fetched.'],
      );
    }
  });

  it('never inward: a public host cannot lead into a private network (redirect or jwks_uri); private issuers work', async () => {
    const before = priv.requests.length;
    const redirected = await check(online(), identitySource(`${pub.url}/to-private`));
    assert.deepEqual(codes(redirected), ['oidc-discovery-failed']);
    assert.match(redirected[0].message, /redirected to a URL that is not allowed: it is on a private network/);
    const jwks = await check(online(), identitySource(`${pub.url}/jwks-private`));
    assert.deepEqual(codes(jwks), ['oidc-jwks-unreachable']);
    assert.match(jwks[0].message, /not fetched: it is on a private network/);
    assert.equal(priv.requests.length, before, 'nothing reached the private host');
    // An issuer on a private network (an internal identity provider) is checked, without the loopback permission.
    assert.deepEqual(await check(online(), identitySource(`${priv.url}/good`)), []);
    assert.ok(priv.requests.includes('/good/jwks'));
  });

  it('a public host gets the class of failure, without TLS details', async () => {
    const missing = await check(online(), identitySource(`${pub.url}/missing`));
    assert.deepEqual(codes(missing), ['oidc-discovery-invalid']);
    assert.match(missing[0].message, /answered HTTP 404/);
    const noCa = createLanguageService({
      fetchJson: (url, signal, o) => fetchJson(url, { signal, classify, ...o }),
    });
    const tls = await check(noCa, identitySource(`${pub.url}/good`));
    assert.deepEqual(codes(tls), ['oidc-discovery-failed']);
    assert.match(tls[0].message, /certificate this machine does not trust/);
    assert.doesNotMatch(tls[0].message, /self.signed|DEPTH|SELF_SIGNED|UNABLE|ERR_/i);
  });

  it('fetched bodies never reach a message (only the compared issuer value does)', async () => {
    const service = online();
    const all = [
      ...(await check(service, identitySource(`${pub.url}/leak`, 'accessTokenOnly'))),
      ...(await check(
        service,
        trustProvider(`${pub.url}/leak`, { TokenEndpoint: 'https://idp.example.com/t' }),
        'p.trust-provider.yaml',
      )),
      ...(await check(service, trustProvider(`${pub.url}/leak`), 'q.trust-provider.yaml')),
      ...(await check(service, identitySource(`${pub.url}/leak-shape`))),
      ...(await check(service, identitySource(`${pub.url}/leak-array`))),
      ...(await check(service, identitySource(`${pub.url}/leak-redirect`))),
      ...(await check(service, identitySource(`${pub.url}/missing`))),
    ];
    assert.ok(all.length >= 7, codes(all).join(','));
    for (const d of all) assert.ok(!d.message.includes(SECRET), `${d.code}: ${d.message}`);
    // The endpoints still reach the quick fix, as data.
    assert.ok(all.some(d => d.code === 'oidc-endpoint-mismatch' && JSON.stringify(d.data).includes(SECRET)));
  });
});

describe('network fence: the CLI', function () {
  this.timeout(20_000);
  let local: CountingServer;
  let dir: string;
  before(async () => {
    local = await startCountingServer({}, (path, res, base) => {
      if (path === '/good/.well-known/openid-configuration')
        return sendJson(res, discovery('https://someone-else.example.com'));
      if (path === '/good/jwks') return sendJson(res, KEYS);
      void base;
    });
    dir = mkdtempSync(join(tmpdir(), 'vi-fence-net-'));
    writeFileSync(join(dir, 'x.identity-source.yaml'), identitySource(`${local.url}/good`));
  });
  after(async () => {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--online reaches loopback only with --allow-loopback', async () => {
    clearDiscoveryCache();
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t), cwd: dir };
    await main(['validate', '--online', '.'], io);
    assert.equal(local.requests.length, 0, 'no request without --allow-loopback');
    assert.match(out, /oidc-issuer-not-fetched/);
    assert.match(out, /--allow-loopback/);
    out = '';
    clearDiscoveryCache();
    const code = await main(['validate', '--online', '--allow-loopback', '.'], io);
    assert.equal(code, 1);
    assert.match(out, /oidc-issuer-mismatch/);
    assert.ok(local.requests.length > 0);
  });
});
