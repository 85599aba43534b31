/** IsAuthorized through the real SDK client: decisions by Cedar over the store's policies, entities and context. */
import assert from 'node:assert/strict';
import {
  IsAuthorizedCommand,
  ResourceNotFoundException,
  ValidationException,
  type AttributeValue,
  type IsAuthorizedCommandInput,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';
import { ORDERS_SCHEMA } from './token-issuers';

const alice = { entityType: 'Orders::User', entityId: 'alice' };
const order = { entityType: 'Orders::Order', entityId: 'o-1' };
const readOrder = { actionType: 'Orders::Action', actionId: 'readOrder' };

describe('emulator: IsAuthorized', () => {
  let emulator: Emulator;
  let sdk: Clients;
  let storeId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => {
    emulator.reset();
    storeId = emulator.state.addPolicyStore().policyStoreId;
    emulator.state.setSchema(storeId, JSON.stringify(ORDERS_SCHEMA), ['Orders']);
    const add = (key: string, statement: string) => {
      const effect = statement.startsWith('forbid') ? 'Forbid' : 'Permit';
      ids[key] = emulator.state.addPolicy({ policyStoreId: storeId, statement, effect }).policyId;
    };
    add('admins', 'permit(principal in Orders::Group::"admins", action, resource);');
    add('readers', 'permit(principal, action in Orders::Action::"read", resource) when { principal.level >= 3 };');
    add('owner', 'permit(principal, action, resource) when { resource has owner && resource.owner == principal };');
    add('office', 'forbid(principal, action, resource) unless { context.ip.isInRange(ip("10.0.0.0/8")) };');
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  const ask = (input: Partial<IsAuthorizedCommandInput>) =>
    sdk.avp.send(
      new IsAuthorizedCommand({
        policyStoreId: storeId,
        principal: alice,
        action: readOrder,
        resource: order,
        context: { contextMap: { ip: { ipaddr: '10.1.2.3' } } },
        ...input,
      }),
    );
  const user = (
    attributes: Record<string, AttributeValue>,
    parents: { entityType: string; entityId: string }[] = [],
  ) => ({
    entityList: [{ identifier: alice, attributes, parents }],
  });

  it('allows through a group (entity parents) and names the determining policy', async () => {
    const out = await ask({
      entities: user({ level: { long: 1 } }, [{ entityType: 'Orders::Group', entityId: 'admins' }]),
    });
    assert.deepEqual(out, {
      $metadata: out.$metadata,
      decision: 'ALLOW',
      determiningPolicies: [{ policyId: ids.admins }],
      errors: [],
    });
  });

  it('applies the action groups of the schema (readOrder is in read)', async () => {
    const out = await ask({ entities: user({ level: { long: 3 } }) });
    assert.equal(out.decision, 'ALLOW');
    assert.deepEqual(out.determiningPolicies, [{ policyId: ids.readers }]);
  });

  it('denies by default with no determining policy, and by forbid with the forbid as determining', async () => {
    const none = await ask({ entities: user({ level: { long: 1 } }) });
    assert.equal(none.decision, 'DENY');
    assert.deepEqual(none.determiningPolicies, []);
    const outside = await ask({
      entities: user({ level: { long: 5 } }),
      context: { contextMap: { ip: { ipaddr: '192.168.0.1' } } },
    });
    assert.equal(outside.decision, 'DENY');
    assert.deepEqual(outside.determiningPolicies, [{ policyId: ids.office }]);
  });

  it('reports evaluation errors per policy in errors, and still decides', async () => {
    const out = await ask({ entities: user({ level: { string: 'three' } }) });
    assert.equal(out.decision, 'DENY');
    assert.equal(out.errors?.length, 1);
    assert.match(out.errors?.[0].errorDescription ?? '', new RegExp(`${ids.readers}.*type`, 's'));
    const missing = await ask({ entities: user({}) });
    assert.match(missing.errors?.[0].errorDescription ?? '', /level/);
  });

  it('reads every AttributeValue kind: entity references, sets, records, decimals, datetimes, durations', async () => {
    emulator.state.addPolicy({
      policyStoreId: storeId,
      effect: 'Permit',
      statement: `permit(principal, action, resource) when {
        context.tags.contains("vip") && context.limits.max.greaterThan(decimal("1.5")) &&
        context.at > datetime("2024-01-01") && context.ttl < duration("2h") && context.flag && context.n == -7
      };`,
    });
    const out = await ask({
      entities: { entityList: [{ identifier: order, attributes: { owner: { entityIdentifier: alice } } }] },
      context: {
        contextMap: {
          ip: { ipaddr: '10.0.0.1' },
          tags: { set: [{ string: 'vip' }, { string: 'early' }] },
          limits: { record: { max: { decimal: '2.25' } } },
          at: { datetime: '2024-06-01T12:00:00Z' },
          ttl: { duration: '1h30m' },
          flag: { boolean: true },
          n: { long: -7 },
        },
      },
    });
    assert.equal(out.decision, 'ALLOW');
    assert.equal(out.determiningPolicies?.length, 2, 'the owner policy and the context policy');
    assert.ok(out.determiningPolicies?.some(p => p.policyId === ids.owner));
  });

  it("takes entities and context in Cedar's own JSON (cedarJson)", async () => {
    const out = await ask({
      entities: {
        cedarJson: JSON.stringify([{ uid: { type: 'Orders::User', id: 'alice' }, attrs: { level: 4 }, parents: [] }]),
      },
      context: { cedarJson: JSON.stringify({ ip: { __extn: { fn: 'ip', arg: '10.9.9.9' } } }) },
    });
    assert.equal(out.decision, 'ALLOW');
    assert.deepEqual(out.determiningPolicies, [{ policyId: ids.readers }]);
  });

  it('keeps the last of entities with the same identifier, as documented', async () => {
    const out = await ask({
      entities: {
        entityList: [
          { identifier: alice, attributes: { level: { long: 9 } } },
          { identifier: alice, attributes: { level: { long: 0 } } },
        ],
      },
    });
    assert.equal(out.decision, 'DENY');
  });

  it('rejects malformed values with field paths', async () => {
    const cases: [IsAuthorizedCommandInput['context'], RegExp][] = [
      [{ contextMap: { ip: { ipaddr: 'not an ip!' } } }, /context\.contextMap\.ip\.ipaddr/],
      [{ contextMap: { d: { decimal: '1.23456' } } }, /context\.contextMap\.d\.decimal/],
      [{ contextMap: { r: { record: { __entity: { string: 'x' } } } } }, /reserved by Cedar/],
      [{ cedarJson: '[1, 2]' }, /must be a JSON object/],
      [{ cedarJson: '{"a": ' }, /not valid JSON/],
    ];
    for (const [context, message] of cases) {
      const e = await failure<ValidationException>(ask({ context }));
      assert.ok(e instanceof ValidationException, String(message));
      assert.match(e.message, message);
    }
    const two = await failure<ValidationException>(
      ask({ context: { contextMap: { x: { string: 'a', long: 1 } as unknown as AttributeValue } } }),
    );
    assert.match(two.message, /must set exactly one of .*; it sets long, string/);
  });

  it('refuses entities with more than 99 transitive parents, however long the chain, and keeps deciding', async () => {
    for (const length of [100, 5000]) {
      const entityList = Array.from({ length }, (_, i) => ({
        identifier: { entityType: 'Orders::Group', entityId: `g${i}` },
        parents: i + 1 < length ? [{ entityType: 'Orders::Group', entityId: `g${i + 1}` }] : [],
      }));
      entityList.push({ identifier: alice, parents: [{ entityType: 'Orders::Group', entityId: 'g0' }] });
      const e = await failure<ValidationException>(ask({ entities: { entityList } }));
      assert.ok(e instanceof ValidationException, e.message);
      assert.match(e.message, /more than 99 transitive parents/);
    }
    assert.equal((await ask({ entities: user({ level: { long: 3 } }) })).decision, 'ALLOW');
  });

  it('rejects actions in entities, a missing principal, and an unknown store', async () => {
    const actions = await failure<ValidationException>(
      ask({ entities: { entityList: [{ identifier: { entityType: 'Orders::Action', entityId: 'readOrder' } }] } }),
    );
    assert.match(actions.message, /principal and resource entities only/);
    const missing = await failure<ValidationException>(
      sdk.avp.send(new IsAuthorizedCommand({ policyStoreId: storeId, action: readOrder, resource: order })),
    );
    assert.deepEqual(
      missing.fieldList?.map(f => f.path),
      ['principal'],
    );
    const badAction = await failure<ValidationException>(
      ask({ action: { actionType: 'Orders::Verb', actionId: 'x' } }),
    );
    assert.equal(badAction.fieldList?.[0].path, 'action.actionType');
    assert.ok((await failure(ask({ policyStoreId: 'PSmissing' }))) instanceof ResourceNotFoundException);
  });

  it('decides with the policies of an alias-named store, and DENY when the store has none', async () => {
    emulator.state.addAlias('orders', storeId);
    const out = await ask({
      policyStoreId: 'policy-store-alias/orders',
      entities: user({ level: { long: 3 } }),
    });
    assert.equal(out.decision, 'ALLOW');
    const empty = emulator.state.addPolicyStore().policyStoreId;
    const none = await ask({ policyStoreId: empty });
    assert.deepEqual([none.decision, none.determiningPolicies, none.errors], ['DENY', [], []]);
  });
});
