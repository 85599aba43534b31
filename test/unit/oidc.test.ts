/**
 * OIDC discovery checks with a real OpenID provider on loopback and a hostile issuer: each diagnostic, the
 * fill-from-discovery fix, the fetch limits (slow, huge, redirects off https), and no request without online checks.
 * The hostile issuer plays a public host (https on 127.0.0.2, classed as public through the fetch's test option), so
 * its failures are described; on loopback or a private network they would all read "could not be fetched"
 * (fence-network.test.ts).
 */
import * as assert from 'node:assert/strict';
import { createLanguageService, clearDiscoveryCache, type LanguageService } from '../../server/src/service';
import { fetchJson, type FetchLimits } from '../../server/src/host/fetch-json';
import { main } from '../../server/src/cli';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from './helpers';
import { TEST_CERT, startHostileIssuer, startOpenIdProvider, type TestServer } from './oidc-server';

const PUBLIC = '127.0.0.2';

function online(limits?: Partial<FetchLimits>): LanguageService {
  return createLanguageService({
    fetchJson: (url, signal, options) =>
      fetchJson(url, {
        ...options,
        signal,
        limits,
        allowLoopback: true,
        ca: TEST_CERT,
        classify: ip => (ip === PUBLIC ? 'public' : undefined),
      }),
  });
}

const identitySource = (issuer: string, token = 'identityTokenOnly') =>
  `policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: ${issuer}\n    tokenSelection:\n      ${token}: {}\n`;

const trustProvider = (issuer: string, endpoints: Record<string, string>) =>
  `TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  Issuer: ${issuer}\n${Object.entries(
    endpoints,
  )
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('')}  ClientId: verified-access\n  ClientSecret: \${secret:idp}\n  Scope: openid\n`;

async function semantic(service: LanguageService, name: string, text: string) {
  return service.validateSemantic(service.analyze({ uri: `file:///w/${name}`, text })!);
}

describe('OIDC checks against a real OpenID provider (oidc-provider on loopback)', function () {
  this.timeout(30_000);
  let op: TestServer;
  before(async () => {
    clearDiscoveryCache();
    op = await startOpenIdProvider();
  });
  after(() => op.close());

  it('a correct issuer: no semantic diagnostics', async () => {
    assert.deepEqual(await semantic(online(), 'a.identity-source.yaml', identitySource(op.url)), []);
    assert.ok(op.requests.includes('/.well-known/openid-configuration'));
    assert.ok(op.requests.some(r => r.startsWith('/jwks')));
  });

  it('a trailing slash is not the published issuer', async () => {
    const d = await semantic(online(), 'a.identity-source.yaml', identitySource(`${op.url}/`));
    assert.deepEqual(
      d.map(x => [x.code, x.severity, x.path]),
      [['oidc-issuer-mismatch', 'error', 'configuration.openIdConnectConfiguration.issuer']],
    );
    assert.equal(d[0].data?.suggestion, op.url);
  });

  it('trust provider endpoints that differ from discovery, and the fix that fills them in', async () => {
    const service = online();
    const text = trustProvider(op.url, { AuthorizationEndpoint: `${op.url}/wrong`, TokenEndpoint: `${op.url}/token` });
    const file = service.analyze({ uri: 'file:///w/p.trust-provider.yaml', text })!;
    const d = await service.validateSemantic(file);
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [['oidc-endpoint-mismatch', 'OidcOptions.AuthorizationEndpoint']],
    );
    const fill = service
      .codeActions(file, d[0].range, d)
      .find(a => a.title === 'Fill OidcOptions endpoints from the discovery document');
    assert.ok(fill);
    const fixed = applyEdits(file, fill.edits);
    assert.match(fixed, new RegExp(`AuthorizationEndpoint: ${op.url}/auth\\n`));
    assert.match(fixed, new RegExp(`UserInfoEndpoint: ${op.url}/me\\n`));
    assert.deepEqual(await semantic(service, 'p.trust-provider.yaml', fixed), []);
  });
});

describe('OIDC checks against a hostile issuer', function () {
  this.timeout(30_000);
  let h: TestServer;
  before(async () => {
    clearDiscoveryCache();
    h = await startHostileIssuer({ host: PUBLIC, tls: true });
  });
  after(() => h.close());

  const one = async (issuerPath: string, limits?: Partial<FetchLimits>, token?: string) => {
    const t0 = Date.now();
    const d = await semantic(online(limits), 'x.identity-source.yaml', identitySource(`${h.url}${issuerPath}`, token));
    return { d, ms: Date.now() - t0, codes: d.map(x => `${x.code}:${x.severity}`) };
  };

  it('no document (404) and a non-JSON answer are errors', async () => {
    assert.deepEqual((await one('/missing')).codes, ['oidc-discovery-invalid:error']);
    assert.match((await one('/missing')).d[0].message, /answered HTTP 404/);
    assert.deepEqual((await one('/notjson')).codes, ['oidc-discovery-invalid:error']);
  });

  it('an issuer that names someone else; a jwks_uri that does not answer', async () => {
    assert.deepEqual((await one('/mismatch')).codes, ['oidc-issuer-mismatch:error']);
    assert.deepEqual((await one('/nokeys')).codes, ['oidc-jwks-unreachable:warning']);
  });

  it('accessTokenOnly with an issuer that only issues ID tokens, signed symmetrically', async () => {
    const { codes, d } = await one('/idonly', undefined, 'accessTokenOnly');
    assert.deepEqual(codes, ['oidc-token-types:warning', 'oidc-token-types:warning']);
    assert.match(d[0].message, /needs access tokens, but discovery advertises only id_token/);
    assert.match(d[1].message, /HS256/);
  });

  it('symmetric signing is no finding for a trust provider (Verified Access holds the client secret)', async () => {
    const d = await semantic(online(), 'x.trust-provider.yaml', trustProvider(`${h.url}/idonly`, {}));
    // The document was fetched and checked (the missing endpoints are offered), but HS256 is not reported.
    assert.deepEqual(
      d.map(x => x.code),
      ['oidc-endpoint-mismatch'],
    );
  });

  it('a huge document (declared or streamed) is cut off at 1 MB', async () => {
    for (const p of ['/huge', '/stream']) {
      const { d, ms } = await one(p);
      assert.deepEqual(
        d.map(x => x.code),
        ['oidc-discovery-failed'],
      );
      assert.match(d[0].message, /limit/);
      assert.ok(ms < 5000, `${p}: ${ms} ms`);
    }
  });

  it('redirects must stay on https, and at most 3', async () => {
    const http = await one('/to-http');
    assert.match(http.d[0].message, /was redirected to a URL that is not allowed: it is not an https URL/);
    const loop = await one('/loop');
    assert.match(loop.d[0].message, /redirected more than 3 times/);
  });

  it('a never-ending body ends at the 5 s deadline with a clear diagnostic', async () => {
    const { d, ms } = await one('/slow');
    assert.deepEqual(
      d.map(x => [x.code, x.severity]),
      [['oidc-discovery-failed', 'warning']],
    );
    assert.match(d[0].message, /did not answer within 5 s/);
    assert.ok(ms >= 4900 && ms < 6500, `${ms} ms`);
  });

  it('only https issuers are fetched (plain http only on loopback)', async () => {
    const r = await fetchJson('http://example.com/.well-known/openid-configuration');
    assert.deepEqual(r, { ok: false, kind: 'not-allowed', message: 'is not an https URL' });
  });
});

describe('OIDC: no network request unless online checks are on', () => {
  let h: TestServer;
  let dir: string;
  before(async () => {
    clearDiscoveryCache();
    h = await startHostileIssuer();
    dir = mkdtempSync(join(tmpdir(), 'vi-oidc-'));
    writeFileSync(join(dir, 'x.identity-source.yaml'), identitySource(`${h.url}/mismatch`));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a service without fetchJson, and the CLI without --online, make no request', async () => {
    await semantic(createLanguageService(), 'x.identity-source.yaml', identitySource(`${h.url}/mismatch`));
    const io = { out: () => {}, err: () => {}, cwd: dir };
    await main(['validate', '.'], io);
    assert.deepEqual(h.requests, []);
  });

  it('the CLI with --online reports the discovery problem', async () => {
    let out = '';
    const code = await main(['validate', '--online', '--allow-loopback', '--format', 'json', '.'], {
      out: t => (out += t),
      err: () => {},
      cwd: dir,
    });
    assert.equal(code, 1);
    const codes = (JSON.parse(out) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics.map(
      d => d.code,
    );
    assert.ok(codes.includes('oidc-issuer-mismatch'), codes.join(','));
    assert.ok(h.requests.length > 0);
  });
});
