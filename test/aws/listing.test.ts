/**
 * The read side against the emulator with the real SDK clients: view pages over several API pages, "Load more"
 * tokens, aliases, identity sources and trust providers summarized for the tree, the tree data's bounded concurrency,
 * and the look-ups that answer the language server.
 */
import assert from 'node:assert/strict';
import type { AwsCallRecord, AwsClients } from '../../client/src/aws/clients';
import { AwsListing } from '../../client/src/aws/listing';
import { AwsLookup } from '../../client/src/aws/lookup';
import { IdentitySourceTreeData, TrustProviderTreeData } from '../../client/src/aws/tree-data';
import { startEmulator, type Emulator } from '../emulator';
import { OIDC_CONFIGURATION, emulatorClients, seedStores } from './helpers';

describe('aws: listing what is deployed', () => {
  let emulator: Emulator;
  let clients: AwsClients;
  let listing: AwsListing;
  let calls: AwsCallRecord[];

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => {
    emulator.reset({ empty: true });
    calls = [];
    clients = emulatorClients(emulator, { calls, maxAttempts: 1 });
    listing = new AwsListing(clients);
  });
  afterEach(() => clients.destroy());
  after(() => emulator.close());

  it('pages policy stores: view pages of any size over API pages of at most 50, with the token to continue', async () => {
    const ids = seedStores(emulator, 123, false);
    const first = await listing.listPolicyStores(undefined, 100);
    assert.equal(first.items.length, 100);
    assert.ok(first.nextToken, 'more to load');
    assert.equal(emulator.log.count('ListPolicyStores'), 2, 'two API pages (50 + 50) for one view page of 100');
    const second = await listing.listPolicyStores(first.nextToken, 100);
    assert.equal(second.items.length, 23);
    assert.equal(second.nextToken, undefined);
    assert.deepEqual(
      [...first.items, ...second.items].map(s => s.policyStoreId),
      ids,
      'every store once, in order',
    );
    const small = await listing.listPolicyStores(undefined, 7);
    assert.equal(small.items.length, 7);
    assert.equal(emulator.log.entries.at(-1)?.params.maxResults, 7);
    assert.deepEqual(
      calls.map(c => c.operation),
      ['ListPolicyStores', 'ListPolicyStores', 'ListPolicyStores', 'ListPolicyStores'],
    );
    assert.ok(calls.every(c => c.region === 'us-east-1' && typeof c.requestId === 'string' && c.ms >= 0));
  });

  it('maps aliases to their stores', async () => {
    const [a, b] = seedStores(emulator, 2, false);
    emulator.state.addAlias('portal', a);
    emulator.state.addAlias('portal-prod', a);
    emulator.state.addAlias('partners', b);
    const aliases = await listing.listAliases();
    assert.deepEqual(aliases.get(a), ['portal', 'portal-prod']);
    assert.deepEqual(aliases.get(b), ['partners']);
  });

  it('summarizes identity sources (Cognito and OIDC) and pages them', async () => {
    emulator.state.quotas.identitySourcesPerPolicyStore = 20;
    const [store] = seedStores(emulator, 1, false);
    emulator.state.addIdentitySource({
      policyStoreId: store,
      principalEntityType: 'App::User',
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1',
          clientIds: ['client1'],
          groupConfiguration: { groupEntityType: 'App::Group' },
        },
      },
    });
    for (let i = 0; i < 11; i++)
      emulator.state.addIdentitySource({
        policyStoreId: store,
        principalEntityType: `App::U${i}`,
        configuration: OIDC_CONFIGURATION,
      });
    const first = await listing.listIdentitySources(store, undefined, 5);
    assert.equal(first.items.length, 5);
    const cognito = first.items[0];
    assert.equal(cognito.type, 'cognito');
    assert.equal(cognito.userPoolArn, 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1');
    assert.equal(cognito.issuer, 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1');
    assert.deepEqual(cognito.clientIds, ['client1']);
    assert.equal(cognito.groupEntityType, 'App::Group');
    assert.equal(cognito.principalEntityType, 'App::User');
    assert.equal(typeof cognito.raw.createdDate, 'string', 'dates as ISO strings');
    const oidc = first.items[1];
    assert.equal(oidc.type, 'oidc');
    assert.equal(oidc.issuer, 'https://auth.example.com');
    assert.equal(oidc.tokenType, 'identityTokenOnly');
    const second = await listing.listIdentitySources(store, first.nextToken, 5);
    const third = await listing.listIdentitySources(store, second.nextToken, 5);
    assert.deepEqual([second.items.length, third.items.length, third.nextToken], [5, 2, undefined]);
    const one = await listing.getIdentitySource(store, oidc.identitySourceId);
    assert.equal(one.issuer, 'https://auth.example.com');
  });

  it('pages trust providers (EC2 takes 5..200 per page) and summarizes them', async () => {
    emulator.seed({
      trustProviders: Array.from({ length: 12 }, (_, i) => ({
        TrustProviderType: 'device',
        DeviceTrustProviderType: 'jamf',
        PolicyReferenceName: `jamf${i}`,
        DeviceOptions: { TenantId: `tenant-${i}` },
        TagSpecifications: [
          { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'Name', Value: `p${i}` }] },
        ],
      })),
    });
    const first = await listing.listTrustProviders(undefined, 5);
    assert.equal(first.items.length, 5);
    assert.ok(first.nextToken);
    const rest = await listing.listTrustProviders(first.nextToken, 100);
    assert.equal(rest.items.length, 7);
    assert.equal(rest.nextToken, undefined);
    const t = first.items[0];
    assert.deepEqual(
      [t.trustProviderType, t.deviceTrustProviderType, t.policyReferenceName, t.tenantId, t.tags],
      ['device', 'jamf', 'jamf0', 'tenant-0', [{ key: 'Name', value: 'p0' }]],
    );
    const again = await listing.describeTrustProvider(t.id);
    assert.equal(again.policyReferenceName, 'jamf0');
    await assert.rejects(listing.describeTrustProvider('vatp-0000000000000000'), /does not exist/);
  });

  it('fills the Identity Sources tree with at most 8 calls in flight, and a serial walk with one', async () => {
    seedStores(emulator, 40);
    emulator.setLatency(10);
    const data = new IdentitySourceTreeData(listing, { concurrency: 8 });
    const tree = await data.loadAll();
    assert.equal(tree.length, 40);
    assert.ok(tree.every(t => t.sources.length === 1 && t.sources[0].issuer?.startsWith('https://idp')));
    assert.equal(emulator.log.count('ListIdentitySources'), 40);
    const concurrency = emulator.log.maxConcurrency('ListIdentitySources');
    assert.ok(concurrency > 1 && concurrency <= 8, `at most 8 in flight (saw ${concurrency})`);

    emulator.log.clear();
    const serial = new IdentitySourceTreeData(listing, { concurrency: 1 });
    await serial.loadAll();
    assert.equal(emulator.log.maxConcurrency('ListIdentitySources'), 1);
  });

  it('prefetches identity sources once per store and forgets them on refresh', async () => {
    const [store] = seedStores(emulator, 3);
    const data = new IdentitySourceTreeData(listing);
    const page = await data.storesPage();
    assert.equal(page.items.length, 3);
    await Promise.all(page.items.map(s => data.sourcesOf(s.policyStoreId)));
    await data.sourcesOf(store);
    assert.equal(emulator.log.count('ListIdentitySources'), 3, 'one call per store, however often it is asked');
    data.forget(store);
    await data.sourcesOf(store);
    assert.equal(emulator.log.count('ListIdentitySources'), 4);
  });

  it('shows stores without aliases when aliases cannot be listed', async () => {
    seedStores(emulator, 2);
    emulator.faults.inject({ operation: 'ListPolicyStoreAliases', kind: 'access-denied', count: 1 });
    const errors: unknown[] = [];
    const data = new IdentitySourceTreeData(listing, { onAliasError: e => errors.push(e) });
    const page = await data.storesPage();
    assert.equal(page.items.length, 2);
    assert.equal(errors.length, 1);
  });

  it('pages trust providers through the tree data', async () => {
    emulator.seed({
      trustProviders: Array.from({ length: 7 }, (_, i) => ({
        TrustProviderType: 'user',
        UserTrustProviderType: 'iam-identity-center',
        PolicyReferenceName: `idc${i}`,
      })),
    });
    const data = new TrustProviderTreeData(listing, { pageSize: { trustProviders: 5 } });
    const first = await data.page();
    const second = await data.page(first.nextToken);
    assert.deepEqual([first.items.length, second.items.length, second.nextToken], [5, 2, undefined]);
  });

  it('answers the language server’s look-ups, cached briefly, failures not cached', async () => {
    const [a] = seedStores(emulator, 2);
    emulator.state.addAlias('portal', a);
    emulator.state.setSchema(a, '{"App":{"entityTypes":{"User":{}},"actions":{}}}', ['App']);
    let now = 0;
    const lookup = new AwsLookup(() => Promise.resolve(listing), { now: () => now, ttlMs: 1000 });
    const stores = await lookup.answer({ what: 'policyStores' });
    assert.equal(stores.available, true);
    assert.deepEqual(stores.items?.[0], { id: a, label: 'portal', description: 'store 0' });
    await lookup.answer({ what: 'policyStores' });
    assert.equal(emulator.log.count('ListPolicyStores'), 1, 'the second answer came from the cache');
    now = 2000;
    await lookup.answer({ what: 'policyStores' });
    assert.equal(emulator.log.count('ListPolicyStores'), 2, 'expired');

    const schema = await lookup.answer({ what: 'schema', policyStoreId: a });
    assert.match(schema.schema ?? '', /"User"/);
    const noSchema = await lookup.answer({
      what: 'schema',
      policyStoreId: seedStores(emulator, 1, false, 'PSnoschema')[0],
    });
    assert.deepEqual(noSchema, { available: true });
    const sources = await lookup.answer({ what: 'identitySources', policyStoreId: a });
    assert.deepEqual(
      sources.items?.map(i => i.label),
      ['App::User'],
    );
    const providers = await lookup.answer({ what: 'trustProviders' });
    assert.deepEqual(providers, { available: true, items: [] });

    emulator.faults.inject({ operation: 'ListIdentitySources', kind: 'access-denied', count: 1 });
    const denied = await lookup.answer({ what: 'identitySources', policyStoreId: 'PSother000000000000001' });
    assert.equal(denied.available, false);
    assert.match(denied.error ?? '', /Access denied/);
    const none = new AwsLookup(() => Promise.resolve(undefined));
    assert.equal((await none.answer({ what: 'policyStores' })).available, false);
  });
});
