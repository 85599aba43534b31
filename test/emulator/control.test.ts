/** The `/__emulator/` control API over HTTP, as a browser test or the demo drives a separately started emulator. */
import assert from 'node:assert/strict';
import { CreateVerifiedAccessTrustProviderCommand } from '@aws-sdk/client-ec2';
import { CreatePolicyStoreCommand, ListPolicyStoresCommand } from '@aws-sdk/client-verifiedpermissions';
import { failure, fakeSigV4, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator, type SeedData } from './index';

const SEED: SeedData = {
  policyStores: [{ policyStoreId: 'PScontrol0000000000001', aliases: ['ctl'], description: 'seeded' }],
  trustProviders: [
    {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'okta',
      OidcOptions: { Issuer: 'https://idp.example.com', ClientId: 'c', ClientSecret: 'seeded-secret', Scope: 'openid' },
    },
  ],
};

describe('emulator: control API (/__emulator/)', () => {
  let emulator: Emulator;
  let sdk: Clients;

  before(async () => {
    emulator = await startEmulator({ seed: SEED });
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => emulator.reset());
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  it('reports health and the state as JSON, without client secrets', async () => {
    const health = await call('GET', 'health');
    assert.deepEqual(health.body, { ok: true, url: emulator.url, region: 'us-east-1', accountId: '123456789012' });
    const state = await call('GET', 'state');
    assert.equal((state.body.policyStores as { description: string }[])[0]?.description, 'seeded');
    assert.equal((state.body.aliases as { aliasName: string }[])[0]?.aliasName, 'ctl');
    const providers = state.body.trustProviders as { OidcOptions: { ClientSecret: string } }[];
    assert.equal(providers[0]?.OidcOptions.ClientSecret, '***');
    assert.ok(!JSON.stringify(state.body).includes('seeded-secret'));
  });

  it('arms faults that the SDK then meets, lists them, and clears them', async () => {
    const armed = await call('POST', 'faults', { kind: 'throttle', operation: 'ListPolicyStores', count: 1 });
    assert.equal(armed.status, 201);
    assert.equal(armed.body.kind, 'throttle');
    assert.equal(((await call('GET', 'faults')).body.faults as unknown[]).length, 1);
    const error = await failure(sdk.avp.send(new ListPolicyStoresCommand({})));
    assert.equal(error.name, 'ThrottlingException');

    await call('POST', 'faults', { kind: 'server-error' });
    assert.equal((await call('DELETE', 'faults', {})).status, 200);
    await sdk.avp.send(new ListPolicyStoresCommand({}));
    const bad = await call('POST', 'faults', { kind: 'meteor' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /fault kind/);
  });

  it('sets latency and shows the request log with its concurrency, client secrets redacted', async () => {
    assert.deepEqual((await call('PUT', 'latency', { ms: 25 })).body, { latencyMs: 25 });
    await sdk.avp.send(new ListPolicyStoresCommand({}));
    const log = await call('GET', 'log');
    const entries = log.body.entries as { operation: string; status: number; endedAt: number; startedAt: number }[];
    assert.deepEqual(
      entries.map(e => [e.operation, e.status]),
      [['ListPolicyStores', 200]],
    );
    assert.ok(entries[0].endedAt - entries[0].startedAt >= 20);
    assert.equal(log.body.maxConcurrency, 1);
    await sdk.ec2.send(
      new CreateVerifiedAccessTrustProviderCommand({
        TrustProviderType: 'user',
        UserTrustProviderType: 'oidc',
        PolicyReferenceName: 'p',
        OidcOptions: { Issuer: 'https://i.example.com', ClientId: 'c', ClientSecret: 'typed-secret', Scope: 'openid' },
      }),
    );
    const text = JSON.stringify((await call('GET', 'log')).body);
    assert.ok(text.includes('"OidcOptions.ClientSecret":"***"') && !text.includes('typed-secret'), text);
    assert.equal((await call('DELETE', 'log', {})).status, 200);
    assert.deepEqual((await call('GET', 'log')).body.entries, []);
    assert.equal((await call('PUT', 'latency', { ms: -5 })).status, 400);
  });

  it('resets to the start seed, or to nothing', async () => {
    await sdk.avp.send(new CreatePolicyStoreCommand({ validationSettings: { mode: 'OFF' } }));
    assert.equal(emulator.state.policyStores.size, 2);
    await call('POST', 'reset', {});
    assert.deepEqual([...emulator.state.policyStores.keys()], ['PScontrol0000000000001']);
    await call('POST', 'reset', { empty: true });
    assert.equal(emulator.state.policyStores.size + emulator.state.trustProviders.size, 0);
  });

  it('adds seed data all-or-nothing and explains an invalid seed', async () => {
    const bad = await call('POST', 'seed', {
      policyStores: [
        { policyStoreId: 'PSgood0000000000000001' },
        { identitySources: [{ configuration: { openIdConnectConfiguration: { issuer: 'http://x' } } }] },
      ],
    });
    assert.equal(bad.status, 400);
    const problems = bad.body.problems as string[];
    assert.ok(
      problems.some(p =>
        p.startsWith('policyStores[1].identitySources[0].configuration.openIdConnectConfiguration.issuer'),
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some(p => p.includes('tokenSelection')),
      problems.join('\n'),
    );
    assert.ok(!emulator.state.policyStores.has('PSgood0000000000000001'), 'nothing of an invalid seed is applied');

    const good = await call('POST', 'seed', { policyStores: [{ policyStoreId: 'PSgood0000000000000001' }] });
    assert.equal(good.status, 200);
    assert.ok(emulator.state.policyStores.has('PSgood0000000000000001'));
  });

  it('shows and replaces the issuer map, refuses issuers off loopback, and resets it', async () => {
    assert.deepEqual((await call('GET', 'issuers')).body, {});
    const set = await call('PUT', 'issuers', { 'us-east-1_Pool1': 'http://127.0.0.1:9/pool/' });
    assert.deepEqual([set.status, set.body], [200, { 'us-east-1_Pool1': 'http://127.0.0.1:9/pool' }]);
    for (const bad of [
      { 'https://op.example.test': 'https://keys.example.com' },
      { 'http://op.example.test': 'http://127.0.0.1:9' },
      { 'https://op.example.test': 'file:///etc/passwd' },
      [],
    ]) {
      const r = await call('PUT', 'issuers', bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
    }
    assert.deepEqual(emulator.issuers.list(), { 'us-east-1_Pool1': 'http://127.0.0.1:9/pool' });
    assert.equal((await call('POST', 'reset', {})).status, 200);
    assert.deepEqual(emulator.issuers.list(), {});
  });

  it('refuses non-JSON bodies, wrong methods and unknown endpoints', async () => {
    const form = await fetch(`${emulator.url}/__emulator/reset`, {
      method: 'POST',
      body: 'empty=true',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal((await call('GET', 'reset')).status, 405);
    assert.equal((await call('GET', 'nothing-here')).status, 404);
    const broken = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      body: '{',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(broken.status, 400);
  });

  it('cannot be claimed as an AWS call: signed or targeted requests to /__emulator/ are refused', async () => {
    const signed = await call(
      'POST',
      'reset',
      {},
      { ...fakeSigV4('verifiedpermissions'), 'X-Amz-Target': 'VerifiedPermissions.ListPolicyStores' },
    );
    assert.equal(signed.status, 403);
    assert.match(String(signed.body.message), /does not take AWS requests/);

    const misdirected = sdkClients(`${emulator.url}/__emulator`, { maxAttempts: 1 });
    try {
      const error = await failure(
        misdirected.avp.send(new CreatePolicyStoreCommand({ validationSettings: { mode: 'OFF' } })),
      );
      assert.equal(error.$metadata.httpStatusCode, 403);
    } finally {
      misdirected.destroy();
    }
    assert.equal(emulator.state.policyStores.size, 1);
    assert.equal(emulator.log.count(), 0, 'no AWS operation ran');
  });
});
