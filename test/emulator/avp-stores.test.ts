/** Verified Permissions policy stores, aliases and schemas through the real SDK client. */
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreatePolicyStoreCommand,
  DeletePolicyStoreCommand,
  GetPolicyStoreAliasCommand,
  GetPolicyStoreCommand,
  GetSchemaCommand,
  InvalidStateException,
  ListPolicyStoreAliasesCommand,
  ListPolicyStoresCommand,
  paginateListPolicyStores,
  PutSchemaCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';

const SCHEMA = {
  MyCorp: {
    entityTypes: { User: { memberOfTypes: ['Group'] }, Group: {} },
    actions: { view: { appliesTo: { principalTypes: ['User'] } } },
  },
};

describe('emulator: policy stores and schemas (Verified Permissions)', () => {
  let emulator: Emulator;
  let sdk: Clients;

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => emulator.reset());
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  it('creates, gets, lists and deletes a policy store', async () => {
    const created = await sdk.avp.send(
      new CreatePolicyStoreCommand({
        validationSettings: { mode: 'STRICT' },
        description: 'orders',
        tags: { team: 'iam' },
      }),
    );
    assert.match(created.policyStoreId!, /^[A-Za-z0-9]{22}$/);
    assert.equal(created.arn, `arn:aws:verifiedpermissions::123456789012:policy-store/${created.policyStoreId}`);
    assert.ok(created.createdDate instanceof Date);

    const got = await sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: created.policyStoreId, tags: true }));
    assert.equal(got.validationSettings?.mode, 'STRICT');
    assert.equal(got.description, 'orders');
    assert.equal(got.deletionProtection, 'DISABLED');
    assert.deepEqual(got.encryptionState, { default: {} });
    assert.deepEqual(got.tags, { team: 'iam' });
    const withoutTags = await sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: created.policyStoreId }));
    assert.equal(withoutTags.tags, undefined);

    const list = await sdk.avp.send(new ListPolicyStoresCommand({}));
    assert.deepEqual(
      list.policyStores?.map(s => [s.policyStoreId, s.description]),
      [[created.policyStoreId, 'orders']],
    );
    assert.equal(list.nextToken, undefined);

    await sdk.avp.send(new DeletePolicyStoreCommand({ policyStoreId: created.policyStoreId }));
    assert.equal(emulator.state.policyStores.size, 0);
    // Deleting a store that does not exist succeeds (documented).
    await sdk.avp.send(new DeletePolicyStoreCommand({ policyStoreId: created.policyStoreId }));
  });

  it('pages through policy stores with the SDK paginator', async () => {
    for (let i = 0; i < 23; i++) emulator.state.addPolicyStore({ description: `store ${i}` });
    const pages = [];
    for await (const page of paginateListPolicyStores({ client: sdk.avp, pageSize: 10 }, {})) pages.push(page);
    assert.deepEqual(
      pages.map(p => p.policyStores?.length),
      [10, 10, 3],
    );
    const seen = pages.flatMap(p => p.policyStores!.map(s => s.description));
    assert.deepEqual(
      seen,
      Array.from({ length: 23 }, (_, i) => `store ${i}`),
    );
    assert.equal(pages[2].nextToken, undefined);
    assert.deepEqual(emulator.log.operations(), ['ListPolicyStores', 'ListPolicyStores', 'ListPolicyStores']);
  });

  it('uses 10 as the default page size and rejects maxResults over 50 and forged tokens', async () => {
    for (let i = 0; i < 12; i++) emulator.state.addPolicyStore();
    const first = await sdk.avp.send(new ListPolicyStoresCommand({}));
    assert.equal(first.policyStores?.length, 10);
    assert.ok(first.nextToken);

    const tooMany = await failure(sdk.avp.send(new ListPolicyStoresCommand({ maxResults: 51 })));
    assert.ok(tooMany instanceof ValidationException);
    assert.deepEqual(
      tooMany.fieldList?.map(f => f.path),
      ['maxResults'],
    );

    const forged = await failure(
      sdk.avp.send(new ListPolicyStoresCommand({ nextToken: `${first.nextToken.slice(0, -2)}AA` })),
    );
    assert.ok(forged instanceof ValidationException);
    assert.equal(forged.$metadata.httpStatusCode, 400);
    assert.deepEqual(
      forged.fieldList?.map(f => f.path),
      ['nextToken'],
    );
  });

  it('resolves policy-store-alias/<name> and lists and gets aliases', async () => {
    const store = emulator.state.addPolicyStore({ description: 'aliased' });
    emulator.state.addAlias('orders-prod', store.policyStoreId);
    const got = await sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: 'policy-store-alias/orders-prod' }));
    assert.equal(got.policyStoreId, store.policyStoreId);

    const alias = await sdk.avp.send(new GetPolicyStoreAliasCommand({ aliasName: 'orders-prod' }));
    assert.equal(alias.policyStoreId, store.policyStoreId);
    assert.equal(alias.aliasArn, 'arn:aws:verifiedpermissions::123456789012:policy-store-alias/orders-prod');
    assert.equal(alias.state, 'Active');
    const aliases = await sdk.avp.send(
      new ListPolicyStoreAliasesCommand({ filter: { policyStoreId: store.policyStoreId } }),
    );
    assert.deepEqual(
      aliases.policyStoreAliases?.map(a => a.aliasName),
      ['orders-prod'],
    );

    const missing = await failure(
      sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: 'policy-store-alias/nope' })),
    );
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.$metadata.httpStatusCode, 404);
    assert.equal(missing.resourceType, 'POLICY_STORE_ALIAS');
    assert.equal(missing.resourceId, 'nope');
  });

  it('answers ResourceNotFoundException for an unknown store and ValidationException for a malformed ID', async () => {
    const missing = await failure(sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: 'PSnotThere000000000000' })));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.resourceType, 'POLICY_STORE');
    assert.equal(missing.resourceId, 'PSnotThere000000000000');

    const bad = await failure(sdk.avp.send(new GetPolicyStoreCommand({ policyStoreId: 'bad id!' })));
    assert.ok(bad instanceof ValidationException);
    assert.equal(bad.fieldList?.[0]?.path, 'policyStoreId');
    assert.match(bad.fieldList?.[0]?.message ?? '', /regular expression pattern/);
  });

  it('refuses to delete a store with deletion protection (InvalidStateException)', async () => {
    const store = emulator.state.addPolicyStore({ deletionProtection: 'ENABLED' });
    const error = await failure(sdk.avp.send(new DeletePolicyStoreCommand({ policyStoreId: store.policyStoreId })));
    assert.ok(error instanceof InvalidStateException);
    assert.equal(error.$metadata.httpStatusCode, 406);
    assert.equal(emulator.state.policyStores.size, 1);
  });

  it('makes CreatePolicyStore idempotent on clientToken and reports a reused token as ConflictException', async () => {
    const input = { clientToken: 'store-token-1', validationSettings: { mode: 'OFF' as const } };
    const first = await sdk.avp.send(new CreatePolicyStoreCommand(input));
    const again = await sdk.avp.send(new CreatePolicyStoreCommand(input));
    assert.equal(again.policyStoreId, first.policyStoreId);
    assert.equal(emulator.state.policyStores.size, 1);

    const conflict = await failure(sdk.avp.send(new CreatePolicyStoreCommand({ ...input, description: 'other' })));
    assert.ok(conflict instanceof ConflictException);
    assert.equal(conflict.$metadata.httpStatusCode, 409);
    assert.deepEqual(conflict.resources, [{ resourceId: first.policyStoreId, resourceType: 'POLICY_STORE' }]);
    assert.equal(emulator.state.policyStores.size, 1);
  });

  it('puts and gets a Cedar JSON schema with its namespaces', async () => {
    const store = emulator.state.addPolicyStore();
    const text = JSON.stringify(SCHEMA);
    const put = await sdk.avp.send(
      new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: text } }),
    );
    assert.deepEqual(put.namespaces, ['MyCorp']);
    const got = await sdk.avp.send(new GetSchemaCommand({ policyStoreId: store.policyStoreId }));
    assert.equal(got.schema, text);
    assert.deepEqual(got.namespaces, ['MyCorp']);
    assert.ok(got.createdDate instanceof Date && got.lastUpdatedDate instanceof Date);
  });

  it('rejects an invalid Cedar schema with the Cedar error in fieldList and keeps the old one', async () => {
    const store = emulator.state.addPolicyStore();
    await sdk.avp.send(
      new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: JSON.stringify(SCHEMA) } }),
    );
    const broken = { MyCorp: { entityTypes: { User: { memberOfTypes: ['Team'] } }, actions: {} } };
    const error = await failure(
      sdk.avp.send(
        new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: JSON.stringify(broken) } }),
      ),
    );
    assert.ok(error instanceof ValidationException);
    assert.equal(error.fieldList?.[0]?.path, 'definition.cedarJson');
    assert.match(error.fieldList?.[0]?.message ?? '', /Team/);

    const notJson = await failure(
      sdk.avp.send(new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: '{nope' } })),
    );
    assert.ok(notJson instanceof ValidationException);
    assert.match(notJson.message, /not valid JSON/);
    assert.deepEqual(emulator.state.policyStores.get(store.policyStoreId)?.schema?.namespaces, ['MyCorp']);
  });

  it("answers ResourceNotFoundException (SCHEMA) for a store without a schema, and '{}' removes one", async () => {
    const store = emulator.state.addPolicyStore();
    const none = await failure(sdk.avp.send(new GetSchemaCommand({ policyStoreId: store.policyStoreId })));
    assert.ok(none instanceof ResourceNotFoundException);
    assert.equal(none.resourceType, 'SCHEMA');

    await sdk.avp.send(
      new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: JSON.stringify(SCHEMA) } }),
    );
    const cleared = await sdk.avp.send(
      new PutSchemaCommand({ policyStoreId: store.policyStoreId, definition: { cedarJson: '{}' } }),
    );
    assert.deepEqual(cleared.namespaces, []);
    const gone = await failure(sdk.avp.send(new GetSchemaCommand({ policyStoreId: store.policyStoreId })));
    assert.ok(gone instanceof ResourceNotFoundException);
  });
});
