/**
 * The write side against the emulator with the real SDK clients: create / update / modify / delete, idempotency tokens
 * (a retry of the same apply never creates twice), every error shape mapped to a clear message and to member paths,
 * and every injected fault: the call ends with a clear message and nothing is half-created.
 */
import assert from 'node:assert/strict';
import type { AwsClients } from '../../client/src/aws/clients';
import { AwsCallError, type AwsFailure } from '../../client/src/aws/errors';
import { AwsListing } from '../../client/src/aws/listing';
import { AwsOperations, tokenFor } from '../../client/src/aws/operations';
import { startEmulator, type Emulator } from '../emulator';
import type { FaultKind } from '../emulator/types';
import { OIDC_CONFIGURATION, emulatorClients, rejection, seedStores } from './helpers';

const OIDC_PROVIDER = {
  TrustProviderType: 'user',
  UserTrustProviderType: 'oidc',
  PolicyReferenceName: 'okta',
  Description: 'Okta',
  OidcOptions: {
    Issuer: 'https://example.okta.com',
    AuthorizationEndpoint: 'https://example.okta.com/oauth2/v1/authorize',
    TokenEndpoint: 'https://example.okta.com/oauth2/v1/token',
    UserInfoEndpoint: 'https://example.okta.com/oauth2/v1/userinfo',
    ClientId: 'client-id',
    ClientSecret: 'super-secret-value',
    Scope: 'openid email',
  },
};

async function failureOf(p: Promise<unknown>): Promise<AwsFailure> {
  const e = await rejection(p);
  assert.ok(e instanceof AwsCallError, `an AwsCallError, got ${String(e)}`);
  return e.failure;
}

describe('aws: creating, changing and deleting', () => {
  let emulator: Emulator;
  let clients: AwsClients;
  let ops: AwsOperations;
  let store: string;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => {
    emulator.reset({ empty: true });
    clients = emulatorClients(emulator, { maxAttempts: 1 });
    ops = new AwsOperations(clients);
    [store] = seedStores(emulator, 1, false);
  });
  afterEach(() => clients.destroy());
  after(() => emulator.close());

  const sourceInput = () => ({
    policyStoreId: store,
    principalEntityType: 'App::User',
    configuration: OIDC_CONFIGURATION,
  });

  it('creates, updates and deletes an identity source', async () => {
    const created = await ops.apply('identity-source', sourceInput(), 'token-1');
    assert.equal(created.action, 'verifiedpermissions:CreateIdentitySource');
    assert.equal(created.resource.type, 'identitySource');
    assert.equal(created.resource.policyStoreId, store);
    assert.equal(emulator.state.identitySources.size, 1);
    assert.equal(emulator.log.entries.at(-1)?.params.clientToken, 'token-1', 'the apply’s idempotency token was sent');

    const updated = await ops.apply(
      'identity-source-update',
      {
        policyStoreId: store,
        identitySourceId: created.resource.id,
        principalEntityType: 'App::Person',
        updateConfiguration: {
          openIdConnectConfiguration: {
            ...OIDC_CONFIGURATION.openIdConnectConfiguration,
            issuer: 'https://new.example.com',
          },
        },
      },
      'unused',
    );
    assert.equal(updated.resource.id, created.resource.id);
    const record = emulator.state.identitySources.get(created.resource.id)!;
    assert.equal(record.principalEntityType, 'App::Person');
    assert.equal(
      (record.configuration as { openIdConnectConfiguration: { issuer: string } }).openIdConnectConfiguration.issuer,
      'https://new.example.com',
    );

    await ops.deleteIdentitySource(store, created.resource.id);
    assert.equal(emulator.state.identitySources.size, 0);
  });

  it('creates, modifies and deletes a trust provider, with ClientToken on each', async () => {
    const created = await ops.apply('trust-provider', OIDC_PROVIDER, 'tp-token');
    assert.match(created.resource.id, /^vatp-/);
    assert.equal(emulator.log.entries.at(-1)?.params.ClientToken, 'tp-token');
    assert.equal(created.output.PolicyReferenceName, 'okta');
    assert.equal(JSON.stringify(created.output).includes('super-secret-value'), false, 'EC2 never returns the secret');

    await ops.apply(
      'trust-provider-update',
      {
        VerifiedAccessTrustProviderId: created.resource.id,
        Description: 'Okta (prod)',
        OidcOptions: { Scope: 'openid email groups' },
      },
      'modify-token',
    );
    const tp = emulator.state.trustProviders.get(created.resource.id)!;
    assert.equal(tp.Description, 'Okta (prod)');
    assert.equal(tp.OidcOptions?.Scope, 'openid email groups');
    assert.equal(tp.OidcOptions?.Issuer, 'https://example.okta.com', 'modify merges');
    assert.equal(emulator.log.entries.at(-1)?.params.ClientToken, 'modify-token');

    await ops.deleteTrustProvider(created.resource.id, 'delete-token');
    assert.equal(emulator.state.trustProviders.size, 0);
    assert.equal(emulator.log.entries.at(-1)?.params.ClientToken, 'delete-token');
  });

  it('is idempotent: the same apply sent twice creates one resource and answers with it', async () => {
    const a = await ops.apply('identity-source', sourceInput(), 'same-token');
    const b = await ops.apply('identity-source', sourceInput(), 'same-token');
    assert.equal(b.resource.id, a.resource.id);
    assert.equal(emulator.state.identitySources.size, 1);
    const t1 = await ops.apply('trust-provider', OIDC_PROVIDER, 'tp-same');
    const t2 = await ops.apply('trust-provider', OIDC_PROVIDER, 'tp-same');
    assert.equal(t2.resource.id, t1.resource.id);
    assert.equal(emulator.state.trustProviders.size, 1);
  });

  it('keeps a token the file sets itself; UpdateIdentitySource has none', () => {
    assert.equal(tokenFor('identity-source', { clientToken: 'from-file' }, 'fresh'), 'from-file');
    assert.equal(tokenFor('trust-provider', {}, 'fresh'), 'fresh');
    assert.equal(tokenFor('identity-source-update', {}, 'fresh'), undefined);
  });

  it('reports a reused token with other parameters as a conflict', async () => {
    await ops.apply('trust-provider', OIDC_PROVIDER, 'tok');
    const f = await failureOf(ops.apply('trust-provider', { ...OIDC_PROVIDER, PolicyReferenceName: 'other' }, 'tok'));
    assert.equal(f.code, 'IdempotentParameterMismatch');
    assert.equal(f.kind, 'conflict');
    assert.match(f.message, /EC2 refused the change \(IdempotentParameterMismatch\)/);
    const avp = await ops.apply('identity-source', sourceInput(), 'avp-tok');
    assert.ok(avp);
    const other = seedStores(emulator, 1, false, 'PSother')[0];
    const g = await failureOf(ops.apply('identity-source', { ...sourceInput(), policyStoreId: other }, 'avp-tok'));
    assert.equal(g.code, 'ConflictException');
    assert.equal(emulator.state.identitySources.size, 1);
  });

  it('maps ValidationException.fieldList to member paths', async () => {
    const f = await failureOf(
      ops.apply(
        'identity-source',
        {
          policyStoreId: store,
          configuration: {
            openIdConnectConfiguration: {
              issuer: 'http://not-https',
              tokenSelection: { identityTokenOnly: { principalIdClaim: '' } },
            },
          },
        },
        't',
      ),
    );
    assert.equal(f.kind, 'validation');
    assert.equal(f.code, 'ValidationException');
    assert.equal(f.action, 'verifiedpermissions:CreateIdentitySource');
    assert.ok(
      f.fields.some(x => x.path === 'configuration.openIdConnectConfiguration.issuer'),
      JSON.stringify(f.fields),
    );
    assert.match(f.message, /^Verified Permissions rejected the request \(ValidationException/);
    assert.ok(f.requestId);
    assert.equal(f.retryable, false);
    assert.equal(emulator.state.identitySources.size, 0);
  });

  it('maps EC2 parameter errors to member paths', async () => {
    const missing = await failureOf(
      ops.apply('trust-provider', { TrustProviderType: 'user', UserTrustProviderType: 'iam-identity-center' }, 't1'),
    );
    assert.equal(missing.kind, 'validation');
    assert.equal(missing.code, 'MissingParameter');
    assert.deepEqual(
      missing.fields.map(x => x.path),
      ['PolicyReferenceName'],
    );

    const combination = await failureOf(
      ops.apply('trust-provider', { TrustProviderType: 'user', PolicyReferenceName: 'x' }, 't2'),
    );
    assert.equal(combination.code, 'InvalidParameterCombination');
    assert.deepEqual(
      combination.fields.map(x => x.path),
      ['UserTrustProviderType'],
    );

    const tag = await failureOf(
      ops.apply(
        'trust-provider',
        {
          ...OIDC_PROVIDER,
          TagSpecifications: [
            {
              ResourceType: 'verified-access-trust-provider',
              Tags: [
                { Key: 'Name', Value: 'a' },
                { Key: 'aws:reserved', Value: 'b' },
              ],
            },
          ],
        },
        't3',
      ),
    );
    assert.equal(tag.code, 'InvalidParameterValue');
    assert.deepEqual(
      tag.fields.map(x => x.path),
      ['TagSpecifications[0].Tags[1].Key'],
    );
    assert.equal(emulator.state.trustProviders.size, 0);
  });

  it('maps the other error shapes to clear messages', async () => {
    const notFound = await failureOf(
      ops.apply(
        'identity-source-update',
        { policyStoreId: store, identitySourceId: 'ISnope0000000000000000', updateConfiguration: OIDC_CONFIGURATION },
        'x',
      ),
    );
    assert.equal(notFound.kind, 'not-found');
    assert.match(notFound.message, /refresh the tree/);

    await ops.apply('identity-source', sourceInput(), 'first');
    const quota = await failureOf(ops.apply('identity-source', sourceInput(), 'second'));
    assert.equal(quota.kind, 'quota');
    assert.match(quota.message, /quota/);

    const dry = await failureOf(ops.apply('trust-provider', { ...OIDC_PROVIDER, DryRun: true }, 'dry'));
    assert.equal(dry.kind, 'dry-run');
    assert.match(dry.message, /nothing was changed/);

    const tpNotFound = await failureOf(ops.deleteTrustProvider('vatp-00000000000000000', 'tok'));
    assert.equal(tpNotFound.code, 'InvalidVerifiedAccessTrustProviderId.NotFound');
    assert.equal(tpNotFound.kind, 'not-found');
  });

  const FAULTS: { kind: FaultKind; code: RegExp; message: RegExp; unknown: boolean }[] = [
    { kind: 'throttle', code: /ThrottlingException|RequestLimitExceeded/, message: /throttled/, unknown: false },
    { kind: 'server-error', code: /InternalServerException|InternalError/, message: /internal error/, unknown: true },
    { kind: 'reset', code: /TimeoutError|ECONNRESET/, message: /Could not reach/, unknown: true },
    { kind: 'malformed', code: /.*/, message: /could not be read/, unknown: true },
    {
      kind: 'access-denied',
      code: /AccessDeniedException|UnauthorizedOperation/,
      message: /Access denied: profile "test" may not call/,
      unknown: false,
    },
  ];

  for (const fault of FAULTS) {
    it(`ends a create with a clear message on ${fault.kind}, creates nothing, and a retry with the same token creates once`, async () => {
      for (const [service, kind, input] of [
        ['verifiedpermissions', 'identity-source', sourceInput()],
        ['ec2', 'trust-provider', OIDC_PROVIDER],
      ] as const) {
        emulator.faults.inject({ service, kind: fault.kind, count: 1 });
        const token = `${fault.kind}-${kind}`;
        const f = await failureOf(ops.apply(kind, input, token));
        assert.match(f.code, fault.code, `${kind}: ${f.code}`);
        assert.match(f.message, fault.message, f.message);
        assert.equal(f.outcomeUnknown, fault.unknown, `${kind}: outcome unknown`);
        if (fault.unknown) assert.match(f.message, /Retry is safe/);
        assert.equal(f.retryable, fault.kind !== 'access-denied');
        const count = () =>
          kind === 'identity-source' ? emulator.state.identitySources.size : emulator.state.trustProviders.size;
        assert.equal(count(), 0, `${kind}: nothing created after ${fault.kind}`);
        const retried = await ops.apply(kind, input, token);
        const again = await ops.apply(kind, input, token);
        assert.equal(again.resource.id, retried.resource.id);
        assert.equal(count(), 1, `${kind}: exactly one after the retries`);
      }
    });
  }

  it('rides out a transient fault with the SDK’s own retries (standard mode, same token)', async () => {
    const retrying = emulatorClients(emulator, { maxAttempts: 3 });
    try {
      emulator.faults.inject({ operation: 'CreateVerifiedAccessTrustProvider', kind: 'server-error', count: 1 });
      emulator.faults.inject({ operation: 'CreateIdentitySource', kind: 'reset', count: 1 });
      const ops3 = new AwsOperations(retrying);
      await ops3.apply('trust-provider', OIDC_PROVIDER, 'auto-retry');
      await ops3.apply('identity-source', sourceInput(), 'auto-retry-2');
      assert.equal(emulator.state.trustProviders.size, 1);
      assert.equal(emulator.state.identitySources.size, 1);
      const tokens = emulator.log.entries
        .filter(e => e.operation === 'CreateVerifiedAccessTrustProvider')
        .map(e => e.params.ClientToken);
      assert.deepEqual(tokens, ['auto-retry', 'auto-retry']);
    } finally {
      retrying.destroy();
    }
  });

  it('fails a listing with the failing action named', async () => {
    emulator.faults.inject({ operation: 'ListIdentitySources', kind: 'access-denied', count: 1 });
    const f = await failureOf(new AwsListing(clients).listIdentitySources(store));
    assert.equal(f.action, 'verifiedpermissions:ListIdentitySources');
    assert.equal(f.kind, 'access-denied');
    assert.equal(f.outcomeUnknown, false);
  });
});
