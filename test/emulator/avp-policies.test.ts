/** Verified Permissions static policies through the real SDK client: CRUD, scope outputs, STRICT validation, pages. */
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreatePolicyCommand,
  DeletePolicyCommand,
  GetPolicyCommand,
  IsAuthorizedCommand,
  ListPoliciesCommand,
  paginateListPolicies,
  ResourceNotFoundException,
  UpdatePolicyCommand,
  ValidationException,
  type CreatePolicyCommandInput,
  type PolicyItem,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';
import { ORDERS_SCHEMA } from './token-issuers';

const GROUP = 'Orders::Group::"admins"';

describe('emulator: policies (Verified Permissions)', () => {
  let emulator: Emulator;
  let sdk: Clients;
  let storeId: string;

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => {
    emulator.reset();
    storeId = emulator.state.addPolicyStore({ validationMode: 'STRICT' }).policyStoreId;
    emulator.state.setSchema(storeId, JSON.stringify(ORDERS_SCHEMA), ['Orders']);
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  const create = (statement: string, input: Partial<CreatePolicyCommandInput> = {}) =>
    sdk.avp.send(new CreatePolicyCommand({ policyStoreId: storeId, definition: { static: { statement } }, ...input }));
  const invalid = async (call: Promise<unknown>) => {
    const e = await failure<ValidationException>(call);
    assert.ok(e instanceof ValidationException, `expected a ValidationException, got ${e.name}`);
    return e;
  };

  it('creates a static policy and answers with its scope; GetPolicy adds the statement and description', async () => {
    const statement = `permit(principal in ${GROUP}, action in [Orders::Action::"readOrder", Orders::Action::"deleteOrder"], resource == Orders::Order::"o-1");`;
    const created = await create(statement, {
      definition: { static: { statement, description: 'admins manage o-1' } },
      name: 'name/admins-o1',
    });
    assert.equal(created.policyType, 'STATIC');
    assert.equal(created.effect, 'Permit');
    assert.deepEqual(created.principal, { entityType: 'Orders::Group', entityId: 'admins' });
    assert.deepEqual(created.resource, { entityType: 'Orders::Order', entityId: 'o-1' });
    assert.deepEqual(created.actions, [
      { actionType: 'Orders::Action', actionId: 'readOrder' },
      { actionType: 'Orders::Action', actionId: 'deleteOrder' },
    ]);
    assert.match(created.policyId ?? '', /^[A-Za-z0-9]{22}$/);
    assert.ok(created.createdDate instanceof Date);

    const got = await sdk.avp.send(new GetPolicyCommand({ policyStoreId: storeId, policyId: created.policyId }));
    assert.deepEqual(got.definition, { static: { statement, description: 'admins manage o-1' } });
    assert.equal(got.name, 'name/admins-o1');
    const byName = await sdk.avp.send(new GetPolicyCommand({ policyStoreId: storeId, policyId: 'name/admins-o1' }));
    assert.equal(byName.policyId, created.policyId);
  });

  it('leaves principal, resource and actions out when the scope leaves them open', async () => {
    const created = await create('forbid(principal, action, resource) when { context has token };', {
      policyStoreId: emulator.state.addPolicyStore().policyStoreId,
    });
    assert.equal(created.effect, 'Forbid');
    assert.equal(created.principal, undefined);
    assert.equal(created.resource, undefined);
    assert.equal(created.actions, undefined);
  });

  it('rejects what is not one static Cedar policy, with the offset of a syntax error', async () => {
    const syntax = await invalid(create('permit(principal, action, resource'));
    assert.equal(syntax.fieldList?.[0].path, 'definition.static.statement');
    assert.match(syntax.message, /unexpected end of input \(at offset 34: expected/);
    const two = await invalid(create('permit(principal, action, resource); forbid(principal, action, resource);'));
    assert.match(two.message, /exactly one Cedar policy; this one holds 2/);
    const template = await invalid(create('permit(principal == ?principal, action, resource);'));
    assert.match(template.message, /policy template/);
  });

  it('validates against the schema in STRICT stores, and not in OFF stores', async () => {
    const unknownType = await invalid(create('permit(principal == Orders::Usr::"a", action, resource);'));
    assert.match(unknownType.message, /unrecognized entity type `Orders::Usr`.*did you mean `Orders::User`\?/);
    const attribute = await invalid(
      create('permit(principal, action == Orders::Action::"readOrder", resource) when { principal.nickname == "x" };'),
    );
    assert.match(attribute.message, /attribute `nickname` on entity type `Orders::User` not found/);
    const impossible = await invalid(
      create('permit(principal, action == Orders::Action::"readOrder", resource) when { 1 > 2 && false };'),
    );
    assert.match(impossible.message, /impossible/);
    assert.equal(emulator.state.policies.size, 0);

    const off = emulator.state.addPolicyStore({ validationMode: 'OFF' }).policyStoreId;
    const created = await create('permit(principal == Orders::Usr::"a", action, resource);', { policyStoreId: off });
    assert.ok(created.policyId);
  });

  it('survives statements that overflow Cedar: refused when parsing fails, a clear 400 when evaluating does', async () => {
    const off = emulator.state.addPolicyStore().policyStoreId;
    const parens = `permit(principal, action, resource) when { ${'('.repeat(200)}true${')'.repeat(200)} };`;
    const e = await invalid(create(parens, { policyStoreId: off }));
    assert.equal(e.fieldList?.[0].path, 'definition.static.statement');
    assert.match(e.message, /Cedar failed on this input/);
    // Parsed fine, but too deep to evaluate.
    await create(`permit(principal, action, resource) when { ${Array(800).fill('1').join(' + ')} == 1 };`, {
      policyStoreId: off,
    });
    const request = {
      principal: { entityType: 'Orders::User', entityId: 'a' },
      action: { actionType: 'Orders::Action', actionId: 'readOrder' },
      resource: { entityType: 'Orders::Order', entityId: 'o' },
    };
    const evaluation = await invalid(sdk.avp.send(new IsAuthorizedCommand({ policyStoreId: off, ...request })));
    assert.match(evaluation.message, /Cedar engine failed evaluating this request/);
    // The engine was replaced: parsing, validation and decisions still work.
    const ok = await create('permit(principal, action == Orders::Action::"readOrder", resource);');
    assert.equal(ok.effect, 'Permit');
    const decided = await sdk.avp.send(new IsAuthorizedCommand({ policyStoreId: storeId, ...request }));
    assert.equal(decided.decision, 'ALLOW');
  });

  it('refuses a statement over the 10,000-byte policy quota', async () => {
    const big = `permit(principal, action, resource) when { context has a${'x'.repeat(10_000)} };`;
    const e = await invalid(create(big, { policyStoreId: emulator.state.addPolicyStore().policyStoreId }));
    assert.match(e.message, /at most 10,000 bytes/);
  });

  it('rejects every policy of a STRICT store without a schema', async () => {
    const bare = emulator.state.addPolicyStore({ validationMode: 'STRICT' }).policyStoreId;
    const e = await invalid(create('permit(principal, action, resource);', { policyStoreId: bare }));
    assert.match(e.message, /STRICT and it has no schema/);
  });

  it('refuses template-linked policies, which the emulator does not serve', async () => {
    const e = await invalid(
      sdk.avp.send(
        new CreatePolicyCommand({
          policyStoreId: storeId,
          definition: { templateLinked: { policyTemplateId: 'PT1' } },
        }),
      ),
    );
    assert.equal(e.fieldList?.[0].path, 'definition.templateLinked');
    assert.match(e.message, /static policies only/);
  });

  it('replays a create with the same client token, and refuses it with other parameters', async () => {
    const statement = 'permit(principal, action == Orders::Action::"readOrder", resource);';
    const first = await create(statement, { clientToken: 'token-1' });
    const again = await create(statement, { clientToken: 'token-1' });
    assert.equal(again.policyId, first.policyId);
    assert.equal(emulator.state.policies.size, 1);
    const e = await failure(create(`forbid${statement.slice(6)}`, { clientToken: 'token-1' }));
    assert.ok(e instanceof ConflictException);
  });

  it('keeps policy names unique in a store and requires the name/ prefix', async () => {
    const statement = 'permit(principal, action == Orders::Action::"readOrder", resource);';
    await create(statement, { name: 'name/readers' });
    assert.ok((await failure(create(statement, { name: 'name/readers' }))) instanceof ConflictException);
    const e = await invalid(create(statement, { name: 'readers' }));
    assert.match(e.message, /starts with 'name\/'/);
  });

  it('updates the statement and description, but never the effect, principal or resource', async () => {
    const created = await create(`permit(principal in ${GROUP}, action == Orders::Action::"readOrder", resource);`);
    const update = (statement: string, description?: string) =>
      sdk.avp.send(
        new UpdatePolicyCommand({
          policyStoreId: storeId,
          policyId: created.policyId,
          definition: { static: { statement, ...(description ? { description } : {}) } },
        }),
      );
    const updated = await update(
      `permit(principal in ${GROUP}, action in [Orders::Action::"readOrder", Orders::Action::"deleteOrder"], resource);`,
      'now also delete',
    );
    assert.equal(updated.actions?.length, 2);
    assert.ok((updated.lastUpdatedDate as Date) >= (created.lastUpdatedDate as Date));
    const got = await sdk.avp.send(new GetPolicyCommand({ policyStoreId: storeId, policyId: created.policyId }));
    assert.equal(got.definition?.static?.description, 'now also delete');

    const effect = await invalid(update(`forbid(principal in ${GROUP}, action, resource);`));
    assert.match(effect.message, /cannot change a policy's effect/);
    const principal = await invalid(update('permit(principal, action, resource);'));
    assert.match(principal.message, /cannot change a policy's principal/);
    const resource = await invalid(update(`permit(principal in ${GROUP}, action, resource == Orders::Order::"x");`));
    assert.match(resource.message, /cannot change a policy's resource/);
    const strict = await invalid(update(`permit(principal in ${GROUP}, action == Orders::Action::"nope", resource);`));
    assert.match(strict.message, /nope/);
  });

  it('deletes a policy, and succeeds for one that does not exist; GetPolicy then answers not found', async () => {
    const created = await create('permit(principal, action == Orders::Action::"readOrder", resource);');
    const del = () => sdk.avp.send(new DeletePolicyCommand({ policyStoreId: storeId, policyId: created.policyId }));
    await del();
    await del();
    const e = await failure<ResourceNotFoundException>(
      sdk.avp.send(new GetPolicyCommand({ policyStoreId: storeId, policyId: created.policyId })),
    );
    assert.ok(e instanceof ResourceNotFoundException);
    assert.equal(e.resourceType, 'POLICY');
    assert.equal(e.resourceId, created.policyId);
    const store = await failure(sdk.avp.send(new DeletePolicyCommand({ policyStoreId: 'PSnope', policyId: 'x' })));
    assert.ok(store instanceof ResourceNotFoundException);
  });

  it('lists policies in pages, filtered by principal, resource and type; items carry no statement', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const principal = i % 2 === 0 ? `principal in ${GROUP}` : 'principal';
      const statement = `permit(${principal}, action == Orders::Action::"readOrder", resource == Orders::Order::"o-${i}");`;
      const created = await create(statement, { definition: { static: { statement, description: `p${i}` } } });
      ids.push(created.policyId as string);
    }
    const items: PolicyItem[] = [];
    for await (const page of paginateListPolicies({ client: sdk.avp, pageSize: 2 }, { policyStoreId: storeId })) {
      assert.ok((page.policies ?? []).length <= 2);
      items.push(...(page.policies ?? []));
    }
    assert.deepEqual(
      items.map(p => p.policyId),
      ids,
    );
    assert.deepEqual(items[0].definition, { static: { description: 'p0' } });
    const list = (filter: object) =>
      sdk.avp
        .send(new ListPoliciesCommand({ policyStoreId: storeId, filter }))
        .then(r => (r.policies ?? []).map(p => p.policyId));
    assert.deepEqual(await list({ principal: { identifier: { entityType: 'Orders::Group', entityId: 'admins' } } }), [
      ids[0],
      ids[2],
      ids[4],
    ]);
    assert.deepEqual(await list({ principal: { unspecified: true } }), [ids[1], ids[3]]);
    assert.deepEqual(await list({ resource: { identifier: { entityType: 'Orders::Order', entityId: 'o-3' } } }), [
      ids[3],
    ]);
    assert.deepEqual(await list({ policyType: 'TEMPLATE_LINKED' }), []);
    const forged = await invalid(sdk.avp.send(new ListPoliciesCommand({ policyStoreId: storeId, nextToken: 'abc' })));
    assert.equal(forged.fieldList?.[0].path, 'nextToken');
  });

  it('deletes the policies of a deleted store, and shows them in the state snapshot', async () => {
    await create('permit(principal, action == Orders::Action::"readOrder", resource);');
    assert.equal(emulator.state.snapshot().policies.length, 1);
    emulator.state.deletePolicyStore(storeId);
    assert.equal(emulator.state.policies.size, 0);
  });
});
