/** Seed files: the demo seed's content through the SDK, and how invalid seeds are refused as a whole. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVerifiedAccessTrustProvidersCommand } from '@aws-sdk/client-ec2';
import {
  GetIdentitySourceCommand,
  GetPolicyCommand,
  GetPolicyStoreCommand,
  IsAuthorizedCommand,
  GetSchemaCommand,
  ListIdentitySourcesCommand,
  ListPolicyStoreAliasesCommand,
  ListPolicyStoresCommand,
} from '@aws-sdk/client-verifiedpermissions';
import { repoRoot, sdkClients, type Clients } from './helpers';
import { checkSeed, SeedError, startEmulator, type Emulator } from './index';
import { EmulatorState } from './state';

const DEMO = join(repoRoot(), 'test', 'emulator', 'seeds', 'demo.json');

describe('emulator: seeds', () => {
  describe('the demo seed', () => {
    let emulator: Emulator;
    let sdk: Clients;

    before(async () => {
      emulator = await startEmulator({ seed: DEMO });
      sdk = sdkClients(emulator.url, { maxAttempts: 1 });
    });
    after(async () => {
      sdk.destroy();
      await emulator.close();
    });

    it('has policy stores with descriptions and aliases', async () => {
      const stores = (await sdk.avp.send(new ListPolicyStoresCommand({}))).policyStores!;
      assert.ok(stores.length >= 3);
      assert.ok(stores.every(s => s.description && s.description.length > 0));
      const aliases = (await sdk.avp.send(new ListPolicyStoreAliasesCommand({}))).policyStoreAliases!;
      assert.ok(aliases.length >= 2);
      for (const alias of aliases) {
        const store = await sdk.avp.send(
          new GetPolicyStoreCommand({ policyStoreId: `policy-store-alias/${alias.aliasName}` }),
        );
        assert.equal(store.policyStoreId, alias.policyStoreId);
      }
    });

    it('has Cedar JSON schemas with a namespace where User is a member of Group', async () => {
      let withSchema = 0;
      for (const store of emulator.state.policyStores.values()) {
        if (!store.schema) continue;
        withSchema++;
        const got = await sdk.avp.send(new GetSchemaCommand({ policyStoreId: store.policyStoreId }));
        const [namespace] = got.namespaces!;
        assert.ok(namespace, 'a named namespace');
        const schema = JSON.parse(got.schema!) as Record<
          string,
          { entityTypes: Record<string, { memberOfTypes?: string[] }> }
        >;
        assert.deepEqual(schema[namespace].entityTypes.User?.memberOfTypes, ['Group']);
        assert.ok(schema[namespace].entityTypes.Group);
      }
      assert.ok(withSchema >= 2);
    });

    it('has one Cognito and one OIDC identity source whose entity types are in their store schema', async () => {
      const kinds: string[] = [];
      for (const store of emulator.state.policyStores.values()) {
        const list = await sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: store.policyStoreId }));
        for (const item of list.identitySources ?? []) {
          const got = await sdk.avp.send(
            new GetIdentitySourceCommand({
              policyStoreId: store.policyStoreId,
              identitySourceId: item.identitySourceId,
            }),
          );
          const config = got.configuration!;
          kinds.push(config.cognitoUserPoolConfiguration ? 'cognito' : 'oidc');
          const group =
            config.cognitoUserPoolConfiguration?.groupConfiguration?.groupEntityType ??
            config.openIdConnectConfiguration?.groupConfiguration?.groupEntityType;
          const [namespace] = store.schema!.namespaces;
          assert.equal(got.principalEntityType, `${namespace}::User`);
          assert.equal(group, `${namespace}::Group`);
          if (config.cognitoUserPoolConfiguration)
            assert.match(
              config.cognitoUserPoolConfiguration.issuer!,
              /^https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\//,
            );
        }
      }
      assert.deepEqual(kinds.sort(), ['cognito', 'oidc']);
    });

    it('has trust providers of several types, without their client secret on the wire', async () => {
      const providers = (await sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({})))
        .VerifiedAccessTrustProviders!;
      const types = new Set(providers.map(p => p.UserTrustProviderType ?? p.DeviceTrustProviderType));
      assert.deepEqual([...types].sort(), ['crowdstrike', 'iam-identity-center', 'jamf', 'jumpcloud', 'oidc']);
      const oidc = providers.find(p => p.UserTrustProviderType === 'oidc')!;
      assert.ok(oidc.OidcOptions?.Issuer);
      assert.equal(oidc.OidcOptions?.ClientSecret, undefined);
      assert.ok(providers.every(p => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(p.CreationTime!)));
    });

    it('has static policies, read by name, that decide requests', async () => {
      const got = await sdk.avp.send(
        new GetPolicyCommand({ policyStoreId: 'PSdemoCognitoStore0001', policyId: 'name/readers-view' }),
      );
      assert.equal(got.policyId, 'SPdemoReadersView00002');
      assert.deepEqual(got.principal, { entityType: 'DemoCorp::Group', entityId: 'us-east-1_DemoPool1|readers' });
      const out = await sdk.avp.send(
        new IsAuthorizedCommand({
          policyStoreId: 'policy-store-alias/demo-employee-portal',
          principal: { entityType: 'DemoCorp::User', entityId: 'us-east-1_DemoPool1|bob' },
          action: { actionType: 'DemoCorp::Action', actionId: 'editDocument' },
          resource: { entityType: 'DemoCorp::Document', entityId: 'plan' },
          entities: {
            entityList: [
              {
                identifier: { entityType: 'DemoCorp::Document', entityId: 'plan' },
                attributes: {
                  owner: { entityIdentifier: { entityType: 'DemoCorp::User', entityId: 'us-east-1_DemoPool1|bob' } },
                },
              },
            ],
          },
        }),
      );
      assert.equal(out.decision, 'ALLOW');
      assert.deepEqual(out.determiningPolicies, [{ policyId: 'SPdemoOwnersEdit000001' }]);
    });

    it('comes back exactly after a reset', () => {
      const withoutSeq = () =>
        JSON.stringify(emulator.state.snapshot(), (k, v: unknown) => (k === 'seq' ? undefined : v));
      const before = withoutSeq();
      emulator.state.trustProviders.clear();
      emulator.state.policyStores.get('PSdemoSandboxStore0003')!.description = 'changed';
      emulator.reset();
      assert.equal(withoutSeq(), before);
    });
  });

  describe('invalid seeds', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'vi-seed-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a seed with every problem listed by path, and starts nothing', async () => {
      const error = await startEmulator({
        seed: {
          policyStores: [
            {
              policyStoreId: 'bad id',
              schema: { Ns: { entityTypes: { User: { memberOfTypes: ['Missing'] } }, actions: {} } },
              identitySources: [{ configuration: { cognitoUserPoolConfiguration: { userPoolArn: 'not-an-arn' } } }],
            },
          ],
          trustProviders: [{ TrustProviderType: 'device', PolicyReferenceName: 'x' }],
        },
      }).then(
        () => assert.fail('the emulator started'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof SeedError);
      const paths = error.problems.map(p => p.slice(0, p.indexOf(':')));
      assert.ok(paths.includes('policyStores[0].policyStoreId'), paths.join());
      assert.ok(paths.includes('policyStores[0].schema'), paths.join());
      assert.ok(
        paths.includes('policyStores[0].identitySources[0].configuration.cognitoUserPoolConfiguration.userPoolArn'),
        paths.join(),
      );
      assert.ok(paths.includes('trustProviders[0].DeviceTrustProviderType'), paths.join());
    });

    it('refuses a second identity source in a store and duplicate IDs', async () => {
      const oidc = {
        openIdConnectConfiguration: { issuer: 'https://a.example.com', tokenSelection: { identityTokenOnly: {} } },
      };
      const emulator = await startEmulator({ seed: { policyStores: [{ policyStoreId: 'PSseed0000000000000001' }] } });
      try {
        assert.throws(
          () =>
            emulator.seed({ policyStores: [{ identitySources: [{ configuration: oidc }, { configuration: oidc }] }] }),
          (e: unknown) => e instanceof SeedError && /quota is 1/.test(e.message),
        );
        assert.throws(() => emulator.seed({ policyStores: [{ policyStoreId: 'PSseed0000000000000001' }] }), SeedError);
        assert.equal(emulator.state.policyStores.size, 1);
      } finally {
        await emulator.close();
      }
    });

    it('refuses policies that are not one valid static policy, or break the STRICT schema', () => {
      const state = new EmulatorState('us-east-1', '123456789012');
      const problems = checkSeed(state, {
        policyStores: [
          {
            validationMode: 'STRICT',
            schema: {
              Ns: {
                entityTypes: { User: {} },
                actions: { view: { appliesTo: { principalTypes: ['User'], resourceTypes: ['User'] } } },
              },
            },
            policies: [
              { statement: 'permit(principal == Ns::Usr::"a", action, resource);' },
              { statement: 'permit(principal == ?principal, action, resource);', name: 'readers' },
              { statement: 'permit(principal, action, resource);', policyId: 'bad id', extra: 1 } as never,
            ],
          },
        ],
      });
      const paths = [...new Set(problems.map(p => p.slice(0, p.indexOf(':'))))];
      assert.deepEqual(paths.sort(), [
        'policyStores[0].policies[0].statement',
        'policyStores[0].policies[1].name',
        'policyStores[0].policies[1].statement',
        'policyStores[0].policies[2].extra',
        'policyStores[0].policies[2].policyId',
      ]);
      assert.match(problems.join('\n'), /unrecognized entity type `Ns::Usr`/);
    });

    it('names the file when it cannot be read or parsed', async () => {
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "policyStores": [');
      await assert.rejects(
        startEmulator({ seed: broken }),
        (e: unknown) => e instanceof SeedError && e.message.startsWith(broken),
      );
      await assert.rejects(startEmulator({ seed: join(dir, 'missing.json') }), /cannot read/);
    });
  });
});
