/**
 * IsAuthorizedWithToken through the real SDK client with Cognito-shaped tokens: signed with a local key whose JWKS is
 * served on loopback, verified by the emulator, turned into the principal, its groups and attributes or context.
 */
import assert from 'node:assert/strict';
import {
  CreatePolicyCommand,
  IsAuthorizedWithTokenCommand,
  ValidationException,
  type IsAuthorizedWithTokenCommandInput,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';
import {
  APP_CLIENT_ID,
  ORDERS_SCHEMA,
  POOL_ID,
  startCognitoIssuer,
  USER_POOL_ARN,
  type CognitoIssuer,
} from './token-issuers';

const ADMINS = `Orders::Group::"${POOL_ID}|admins"`;
const ALICE = `${POOL_ID}|a1b2c3d4-alice`;

describe('emulator: IsAuthorizedWithToken with Cognito tokens', () => {
  let issuer: CognitoIssuer;
  let emulator: Emulator;
  let sdk: Clients;
  let storeId: string;
  const policy: Record<string, string> = {};

  before(async () => {
    issuer = await startCognitoIssuer();
    emulator = await startEmulator({ issuers: { [POOL_ID]: issuer.base } });
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  beforeEach(async () => {
    emulator.reset();
    const store = emulator.state.addPolicyStore({ validationMode: 'STRICT' });
    storeId = store.policyStoreId;
    emulator.state.setSchema(storeId, JSON.stringify(ORDERS_SCHEMA), ['Orders']);
    emulator.state.addIdentitySource({
      policyStoreId: storeId,
      principalEntityType: 'Orders::User',
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: USER_POOL_ARN,
          clientIds: [APP_CLIENT_ID],
          groupConfiguration: { groupEntityType: 'Orders::Group' },
        },
      },
    });
    const statements = {
      admins: `permit(principal in ${ADMINS}, action, resource);`,
      staffRead: `permit(principal, action in Orders::Action::"read", resource) when { principal has email && principal.email like "*@example.com" };`,
      noDelete: `forbid(principal, action == Orders::Action::"deleteOrder", resource) unless { principal in ${ADMINS} };`,
      scoped: `permit(principal, action == Orders::Action::"readOrder", resource) when { context has token && context.token.scope.contains("orders/read") };`,
    };
    for (const [key, statement] of Object.entries(statements)) {
      const out = await sdk.avp.send(
        new CreatePolicyCommand({ policyStoreId: storeId, definition: { static: { statement } } }),
      );
      policy[key] = out.policyId as string;
    }
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
    await issuer.close();
  });

  const ask = (input: Partial<IsAuthorizedWithTokenCommandInput>) =>
    sdk.avp.send(
      new IsAuthorizedWithTokenCommand({
        policyStoreId: storeId,
        action: { actionType: 'Orders::Action', actionId: 'readOrder' },
        resource: { entityType: 'Orders::Order', entityId: 'o-1' },
        ...input,
      }),
    );
  const rejected = async (input: Partial<IsAuthorizedWithTokenCommandInput>) => {
    const e = await failure<ValidationException>(ask(input));
    assert.ok(e instanceof ValidationException, `expected a ValidationException, got ${e.name}`);
    assert.equal(e.$metadata.httpStatusCode, 400);
    return e;
  };

  it('allows an ID token of a group member: the group policy decides, the principal is pool|sub', async () => {
    const identityToken = await issuer.token('id', { 'cognito:groups': ['admins'], email: 'alice@elsewhere.test' });
    const out = await ask({ identityToken, action: { actionType: 'Orders::Action', actionId: 'deleteOrder' } });
    assert.equal(out.decision, 'ALLOW');
    assert.deepEqual(out.determiningPolicies, [{ policyId: policy.admins }]);
    assert.deepEqual(out.errors, []);
    assert.deepEqual(out.principal, { entityType: 'Orders::User', entityId: ALICE });
  });

  it("puts an ID token's claims on the principal (an action group of the schema applies), and denies by forbid", async () => {
    const identityToken = await issuer.token('id');
    const read = await ask({ identityToken });
    assert.equal(read.decision, 'ALLOW');
    assert.deepEqual(read.determiningPolicies, [{ policyId: policy.staffRead }]);
    const del = await ask({ identityToken, action: { actionType: 'Orders::Action', actionId: 'deleteOrder' } });
    assert.equal(del.decision, 'DENY');
    assert.deepEqual(del.determiningPolicies, [{ policyId: policy.noDelete }]);
  });

  it("puts an access token's claims in context.token (scope as a set), not on the principal", async () => {
    const accessToken = await issuer.token('access');
    const out = await ask({ accessToken });
    assert.equal(out.decision, 'ALLOW');
    assert.deepEqual(out.determiningPolicies, [{ policyId: policy.scoped }]);
    assert.deepEqual(out.principal, { entityType: 'Orders::User', entityId: ALICE });
    const narrow = await ask({ accessToken: await issuer.token('access', { scope: 'orders/write' }) });
    assert.equal(narrow.decision, 'DENY');
    assert.deepEqual(narrow.determiningPolicies, []);
  });

  it('takes an ID and an access token of the same user together, and refuses two users', async () => {
    const both = await ask({
      identityToken: await issuer.token('id'),
      accessToken: await issuer.token('access', { scope: 'orders/read' }),
    });
    assert.equal(both.decision, 'ALLOW');
    assert.deepEqual(both.determiningPolicies?.map(p => p.policyId).sort(), [policy.staffRead, policy.scoped].sort());
    const e = await rejected({
      identityToken: await issuer.token('id'),
      accessToken: await issuer.token('access', { sub: 'someone-else' }),
    });
    assert.match(e.message, /not of the same user/);
  });

  it('rejects an expired token with a ValidationException naming the parameter and the check', async () => {
    const e = await rejected({ identityToken: await issuer.token('id', {}, { expiresIn: -120 }) });
    assert.deepEqual(
      e.fieldList?.map(f => f.path),
      ['identityToken'],
    );
    assert.match(e.fieldList?.[0].message ?? '', /^Expiry: The token expired/);
  });

  it('rejects a token issued to another app client (wrong audience)', async () => {
    const e = await rejected({ identityToken: await issuer.token('id', { aud: 'another-app-client' }) });
    assert.match(e.message, /Client ID or audience: The token's aud is not one of the 1 app client IDs/);
    const a = await rejected({ accessToken: await issuer.token('access', { client_id: 'another-app-client' }) });
    assert.match(a.message, /client_id is not one of/);
  });

  it('rejects a bad signature: another key under the same kid, or a changed payload', async () => {
    const other = await rejected({ identityToken: await issuer.token('id', {}, { key: 'other' }) });
    assert.match(other.message, /Signature: The signature does not verify with the issuer's published keys/);
    const [h, p, s] = (await issuer.token('id')).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admins'] })).toString('base64url');
    const tampered = await rejected({ identityToken: `${h}.${forged}.${s}` });
    assert.match(tampered.message, /Signature: The signature does not verify/);
  });

  it('rejects a token of an unknown issuer without fetching anything for it', async () => {
    const fetched = issuer.requests.length;
    const e = await rejected({
      identityToken: await issuer.token('id', {
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001',
      }),
    });
    assert.match(e.message, /Issuer: The token comes from another Cognito user pool/);
    assert.equal(issuer.requests.length, fetched);
  });

  it('rejects a token sent in the wrong parameter (token_use) and an unsigned token', async () => {
    const e = await rejected({ accessToken: await issuer.token('id') });
    assert.match(
      e.message,
      /Token type: The token is sent as accessToken, but its token_use claim says it is an ID token/,
    );
    const [h, p] = (await issuer.token('id')).split('.');
    const none = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), alg: 'none' }));
    const unsigned = await rejected({ identityToken: `${none.toString('base64url')}.${p}.AAAA` });
    assert.match(unsigned.message, /not signed/);
  });

  it("rejects text that is not a token: by the model's pattern, else by the token's format", async () => {
    const e = await rejected({ identityToken: 'not a token!' });
    assert.equal(e.fieldList?.[0].path, 'identityToken');
    assert.match(e.message, /regular expression pattern/);
    // The model's pattern lets any character separate the three parts.
    const loose = await rejected({ accessToken: 'not-a-jwt' });
    assert.deepEqual(loose.fieldList, [
      {
        path: 'accessToken',
        message: 'Token format: The token has 1 part separated by dots; a JWT has three (header.claims.signature).',
      },
    ]);
  });

  it('needs a token, an identity source, and entities without the user and group types', async () => {
    assert.match((await rejected({})).message, /Send an identityToken, an accessToken, or both/);
    const identityToken = await issuer.token('id');
    const e = await rejected({
      identityToken,
      entities: { entityList: [{ identifier: { entityType: 'Orders::User', entityId: ALICE } }] },
    });
    assert.match(e.message, /Entities of type Orders::User come from the token/);
    for (const s of emulator.state.identitySourcesOf(storeId))
      emulator.state.identitySources.delete(s.identitySourceId);
    assert.match((await rejected({ identityToken })).message, /has no identity source/);
  });

  it('fetches the JWKS once for many requests, and rejects tokens when the keys cannot be fetched', async () => {
    const before = issuer.requests.length;
    for (let i = 0; i < 3; i++)
      assert.equal((await ask({ identityToken: await issuer.token('id') })).decision, 'ALLOW');
    assert.equal(issuer.requests.length - before, 1);
    emulator.issuers.set(POOL_ID, 'http://127.0.0.1:9/nothing-listens-here');
    const e = await rejected({ identityToken: await issuer.token('id') });
    assert.match(e.message, /Signature: The signature was not checked: the issuer's http:\/\/127\.0\.0\.1:9\//);
  });

  it('never logs a token: the request log shows *** in its place, and errors never quote it', async () => {
    const identityToken = await issuer.token('id', {}, { expiresIn: -5 });
    const e = await rejected({ identityToken });
    const entry = emulator.log.entries.find(x => x.operation === 'IsAuthorizedWithToken');
    assert.equal(entry?.params.identityToken, '***');
    assert.ok(!JSON.stringify(emulator.log.entries).includes(identityToken.split('.')[1]));
    assert.ok(!e.message.includes(identityToken.split('.')[1]));
  });
});
