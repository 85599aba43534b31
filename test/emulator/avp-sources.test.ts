/** Verified Permissions identity sources through the real SDK client: CRUD, output shapes, errors, pages, tokens. */
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateIdentitySourceCommand,
  DeleteIdentitySourceCommand,
  GetIdentitySourceCommand,
  ListIdentitySourcesCommand,
  paginateListIdentitySources,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateIdentitySourceCommand,
  ValidationException,
  type CreateIdentitySourceCommandInput,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, USER_POOL_ARN, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';

const OIDC = {
  openIdConnectConfiguration: {
    issuer: 'https://auth.example.com',
    entityIdPrefix: 'MyOIDCProvider',
    groupConfiguration: { groupClaim: 'groups', groupEntityType: 'MyCorp::UserGroup' },
    tokenSelection: { identityTokenOnly: { clientIds: ['1example23456789'], principalIdClaim: 'sub' } },
  },
};

describe('emulator: identity sources (Verified Permissions)', () => {
  let emulator: Emulator;
  let sdk: Clients;
  let storeId: string;

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(() => {
    emulator.reset();
    storeId = emulator.state.addPolicyStore().policyStoreId;
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });

  const create = (input: Partial<CreateIdentitySourceCommandInput>) =>
    sdk.avp.send(new CreateIdentitySourceCommand({ policyStoreId: storeId, configuration: OIDC, ...input }));

  it('creates and gets a Cognito identity source with the derived issuer, clientIds and details', async () => {
    const created = await create({
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: USER_POOL_ARN,
          groupConfiguration: { groupEntityType: 'MyCorp::Group' },
        },
      },
      principalEntityType: 'MyCorp::User',
    });
    assert.equal(created.policyStoreId, storeId);
    assert.ok(created.createdDate instanceof Date && created.lastUpdatedDate instanceof Date);

    const got = await sdk.avp.send(
      new GetIdentitySourceCommand({ policyStoreId: storeId, identitySourceId: created.identitySourceId }),
    );
    assert.deepEqual(got.configuration, {
      cognitoUserPoolConfiguration: {
        userPoolArn: USER_POOL_ARN,
        clientIds: [],
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_1a2b3c4d5',
        groupConfiguration: { groupEntityType: 'MyCorp::Group' },
      },
    });
    assert.equal(got.principalEntityType, 'MyCorp::User');
    assert.deepEqual(got.details, {
      clientIds: [],
      userPoolArn: USER_POOL_ARN,
      discoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_1a2b3c4d5',
      openIdIssuer: 'COGNITO',
    });
  });

  it('creates an OIDC identity source and returns its configuration as one union member', async () => {
    const created = await create({ principalEntityType: 'MyCorp::User' });
    const got = await sdk.avp.send(
      new GetIdentitySourceCommand({ policyStoreId: storeId, identitySourceId: created.identitySourceId }),
    );
    assert.deepEqual(got.configuration, OIDC);
    assert.equal(got.details, undefined);
  });

  it('always returns a principalEntityType, even when the request left it out', async () => {
    const created = await create({});
    const got = await sdk.avp.send(
      new GetIdentitySourceCommand({ policyStoreId: storeId, identitySourceId: created.identitySourceId }),
    );
    assert.equal(typeof got.principalEntityType, 'string');
    assert.ok(got.principalEntityType!.length > 0);
  });

  it('updates the configuration and the principal entity type, and deletes', async () => {
    const { identitySourceId } = await create({ principalEntityType: 'MyCorp::User' });
    const updated = await sdk.avp.send(
      new UpdateIdentitySourceCommand({
        policyStoreId: storeId,
        identitySourceId,
        updateConfiguration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN, clientIds: ['abc'] } },
        principalEntityType: 'MyCorp::Employee',
      }),
    );
    assert.equal(updated.identitySourceId, identitySourceId);
    const got = await sdk.avp.send(new GetIdentitySourceCommand({ policyStoreId: storeId, identitySourceId }));
    assert.deepEqual(got.configuration?.cognitoUserPoolConfiguration?.clientIds, ['abc']);
    assert.equal(got.principalEntityType, 'MyCorp::Employee');
    assert.ok(got.lastUpdatedDate!.getTime() >= got.createdDate!.getTime());

    await sdk.avp.send(new DeleteIdentitySourceCommand({ policyStoreId: storeId, identitySourceId }));
    assert.equal(emulator.state.identitySources.size, 0);
    const gone = await failure(
      sdk.avp.send(new DeleteIdentitySourceCommand({ policyStoreId: storeId, identitySourceId })),
    );
    assert.ok(gone instanceof ResourceNotFoundException);
    assert.equal(gone.$metadata.httpStatusCode, 404);
    assert.equal(gone.resourceType, 'IDENTITY_SOURCE');
    assert.equal(gone.resourceId, identitySourceId);
  });

  it('reports every problem of a request in ValidationException.fieldList (the language service rules)', async () => {
    const error = await failure(
      create({
        configuration: {
          openIdConnectConfiguration: { issuer: 'http://auth.example.com', tokenSelection: {} as never },
        },
      }),
    );
    assert.ok(error instanceof ValidationException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.deepEqual(error.fieldList?.map(f => f.path).sort(), [
      'configuration.openIdConnectConfiguration.issuer',
      'configuration.openIdConnectConfiguration.tokenSelection',
    ]);
    assert.match(error.message, /^2 validation errors detected: /);
    assert.equal(emulator.state.identitySources.size, 0);
  });

  it('answers ResourceNotFoundException (POLICY_STORE) for an unknown store and accepts an alias', async () => {
    const missing = await failure(create({ policyStoreId: 'PSnotThere000000000000' }));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.resourceType, 'POLICY_STORE');

    emulator.state.addAlias('main', storeId);
    const created = await create({ policyStoreId: 'policy-store-alias/main' });
    assert.equal(created.policyStoreId, storeId);
    const other = emulator.state.addPolicyStore().policyStoreId;
    const wrongStore = await failure(
      sdk.avp.send(new GetIdentitySourceCommand({ policyStoreId: other, identitySourceId: created.identitySourceId })),
    );
    assert.ok(wrongStore instanceof ResourceNotFoundException);
    assert.equal(wrongStore.resourceType, 'IDENTITY_SOURCE');
  });

  it('allows one identity source per store: a second gets ServiceQuotaExceededException (402)', async () => {
    await create({});
    const error = await failure(
      create({ configuration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN } } }),
    );
    assert.ok(error instanceof ServiceQuotaExceededException);
    assert.equal(error.$metadata.httpStatusCode, 402);
    assert.equal(error.resourceType, 'IDENTITY_SOURCE');
    assert.equal(emulator.state.identitySources.size, 1);
  });

  it('returns the same identity source for a repeated clientToken and ConflictException for other parameters', async () => {
    const first = await create({ clientToken: 'token-1', principalEntityType: 'MyCorp::User' });
    const again = await create({ clientToken: 'token-1', principalEntityType: 'MyCorp::User' });
    assert.equal(again.identitySourceId, first.identitySourceId);
    assert.equal(again.createdDate?.getTime(), first.createdDate?.getTime());
    assert.equal(emulator.state.identitySources.size, 1);

    const conflict = await failure(create({ clientToken: 'token-1', principalEntityType: 'MyCorp::Admin' }));
    assert.ok(conflict instanceof ConflictException);
    assert.equal(conflict.$metadata.httpStatusCode, 409);
    assert.deepEqual(conflict.resources, [{ resourceId: first.identitySourceId, resourceType: 'IDENTITY_SOURCE' }]);
    assert.equal(emulator.state.identitySources.size, 1);
  });

  it('lets the SDK fill clientToken itself: two plain creates are two requests', async () => {
    emulator.state.quotas.identitySourcesPerPolicyStore = 2;
    const a = await create({});
    const b = await create({});
    assert.notEqual(a.identitySourceId, b.identitySourceId);
    const tokens = emulator.log.entries.map(e => e.params.clientToken);
    assert.equal(new Set(tokens).size, 2);
    assert.ok(tokens.every(t => typeof t === 'string' && /^[0-9a-f-]{36}$/.test(t)));
  });

  it('filters by principalEntityType and pages across several pages with the SDK paginator', async () => {
    emulator.state.quotas.identitySourcesPerPolicyStore = 100;
    for (let i = 0; i < 27; i++) await create({ principalEntityType: i % 3 === 0 ? 'MyCorp::Admin' : 'MyCorp::User' });
    const pages = [];
    for await (const page of paginateListIdentitySources(
      { client: sdk.avp, pageSize: 4 },
      { policyStoreId: storeId, filters: [{ principalEntityType: 'MyCorp::User' }] },
    )) {
      pages.push(page);
    }
    assert.deepEqual(
      pages.map(p => p.identitySources?.length),
      [4, 4, 4, 4, 2],
    );
    const items = pages.flatMap(p => p.identitySources ?? []);
    assert.equal(new Set(items.map(i => i.identitySourceId)).size, 18);
    assert.ok(
      items.every(i => i.principalEntityType === 'MyCorp::User' && i.configuration?.openIdConnectConfiguration?.issuer),
    );

    const all = await sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: storeId }));
    assert.equal(all.identitySources?.length, 10, 'default page size');
    assert.ok(all.nextToken);
  });

  it('rejects a nextToken from another query, a forged one, and maxResults outside 1..50', async () => {
    emulator.state.quotas.identitySourcesPerPolicyStore = 5;
    for (let i = 0; i < 3; i++) await create({});
    const first = await sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: storeId, maxResults: 1 }));
    assert.ok(first.nextToken);
    const other = emulator.state.addPolicyStore().policyStoreId;
    const foreign = await failure(
      sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: other, nextToken: first.nextToken })),
    );
    assert.ok(foreign instanceof ValidationException);
    assert.deepEqual(
      foreign.fieldList?.map(f => f.path),
      ['nextToken'],
    );
    const filtered = await failure(
      sdk.avp.send(
        new ListIdentitySourcesCommand({
          policyStoreId: storeId,
          nextToken: first.nextToken,
          filters: [{ principalEntityType: 'X' }],
        }),
      ),
    );
    assert.ok(filtered instanceof ValidationException);
    const forged = await failure(
      sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: storeId, nextToken: 'eyJhIjo5OTl9.AAAA' })),
    );
    assert.ok(forged instanceof ValidationException);
    for (const maxResults of [0, 51]) {
      const error = await failure(sdk.avp.send(new ListIdentitySourcesCommand({ policyStoreId: storeId, maxResults })));
      assert.ok(error instanceof ValidationException);
      assert.equal(error.fieldList?.[0]?.path, 'maxResults');
    }
  });
});
