/**
 * IsAuthorizedWithToken through the real SDK client with tokens a real OpenID provider (`oidc-provider` on loopback)
 * issued through the authorization code flow: the emulator finds the keys through the provider's discovery document.
 */
import assert from 'node:assert/strict';
import {
  CreateIdentitySourceCommand,
  CreatePolicyCommand,
  IsAuthorizedWithTokenCommand,
  ValidationException,
  type IsAuthorizedWithTokenCommandInput,
  type OpenIdConnectTokenSelection,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, type Clients } from './helpers';
import { startEmulator, type Emulator } from './index';
import {
  listen,
  OP_API,
  OP_CLIENT_ID,
  OP_ISSUER,
  ORDERS_SCHEMA,
  startOpenIdProvider,
  type OpenIdProvider,
} from './token-issuers';

describe('emulator: IsAuthorizedWithToken with tokens of a real OpenID provider', () => {
  let op: OpenIdProvider;
  let emulator: Emulator;
  let sdk: Clients;
  let tokens: { idToken: string; accessToken: string };
  let storeId: string;

  before(async () => {
    op = await startOpenIdProvider();
    emulator = await startEmulator({ issuers: { [OP_ISSUER]: op.url } });
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
    tokens = await op.signIn('alice');
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
    await op.close();
  });

  /** A store with the Orders schema, two policies, and an OIDC identity source with this token selection. */
  async function store(tokenSelection: OpenIdConnectTokenSelection): Promise<string> {
    emulator.reset();
    const id = emulator.state.addPolicyStore().policyStoreId;
    emulator.state.setSchema(id, JSON.stringify(ORDERS_SCHEMA), ['Orders']);
    await sdk.avp.send(
      new CreateIdentitySourceCommand({
        policyStoreId: id,
        principalEntityType: 'Orders::User',
        configuration: {
          openIdConnectConfiguration: {
            issuer: OP_ISSUER,
            entityIdPrefix: 'op',
            groupConfiguration: { groupClaim: 'groups', groupEntityType: 'Orders::Group' },
            tokenSelection,
          },
        },
      }),
    );
    for (const statement of [
      'permit(principal in Orders::Group::"op|admins", action == Orders::Action::"deleteOrder", resource);',
      'permit(principal, action == Orders::Action::"readOrder", resource) when { context has token && context.token.scope.contains("orders:read") };',
    ]) {
      await sdk.avp.send(new CreatePolicyCommand({ policyStoreId: id, definition: { static: { statement } } }));
    }
    return id;
  }

  const ask = (input: Partial<IsAuthorizedWithTokenCommandInput>) =>
    sdk.avp.send(
      new IsAuthorizedWithTokenCommand({
        policyStoreId: storeId,
        action: { actionType: 'Orders::Action', actionId: 'deleteOrder' },
        resource: { entityType: 'Orders::Order', entityId: 'o-7' },
        ...input,
      }),
    );

  it('accepts the ID token for identityTokenOnly: principal prefix|sub, groups from the groups claim', async () => {
    storeId = await store({ identityTokenOnly: { clientIds: [OP_CLIENT_ID], principalIdClaim: 'sub' } });
    const seen = op.requests.length;
    const out = await ask({ identityToken: tokens.idToken });
    assert.equal(out.decision, 'ALLOW');
    assert.deepEqual(out.principal, { entityType: 'Orders::User', entityId: 'op|alice' });
    assert.equal(out.determiningPolicies?.length, 1);
    // The keys were found through the discovery document, on the provider itself.
    assert.deepEqual(op.requests.slice(seen), ['/.well-known/openid-configuration', '/jwks']);
  });

  it('accepts the access token for accessTokenOnly: its claims are context.token, scope a set', async () => {
    storeId = await store({ accessTokenOnly: { audiences: [OP_API] } });
    const read = await ask({
      accessToken: tokens.accessToken,
      action: { actionType: 'Orders::Action', actionId: 'readOrder' },
    });
    assert.equal(read.decision, 'ALLOW');
    assert.deepEqual(read.principal, { entityType: 'Orders::User', entityId: 'op|alice' });
    // The access token carries no groups claim: no group membership, so no delete.
    assert.equal((await ask({ accessToken: tokens.accessToken })).decision, 'DENY');
  });

  it('processes only the kind of token the identity source selects when both are sent', async () => {
    storeId = await store({ identityTokenOnly: { clientIds: [OP_CLIENT_ID] } });
    const out = await ask({ identityToken: tokens.idToken, accessToken: tokens.accessToken });
    assert.equal(out.decision, 'ALLOW');
  });

  it('rejects the wrong kind of token, a wrong audience and a wrong client ID', async () => {
    storeId = await store({ accessTokenOnly: { audiences: [OP_API] } });
    const kind = await failure<ValidationException>(ask({ identityToken: tokens.idToken }));
    assert.ok(kind instanceof ValidationException);
    assert.match(kind.message, /Token type: This is an ID token .* accepts access tokens only/);

    storeId = await store({ accessTokenOnly: { audiences: ['https://other-api.example.test'] } });
    const audience = await failure<ValidationException>(ask({ accessToken: tokens.accessToken }));
    assert.match(audience.message, /Client ID or audience: The token's aud is not one of the 1 audiences/);

    storeId = await store({ identityTokenOnly: { clientIds: ['another-client'] } });
    const client = await failure<ValidationException>(ask({ identityToken: tokens.idToken }));
    assert.equal(client.fieldList?.[0].path, 'identityToken');
    assert.match(client.message, /The token's aud is not one of the 1 client IDs/);
  });

  it("refuses keys from a discovery document that names another issuer, even the provider's own keys", async () => {
    storeId = await store({ identityTokenOnly: { clientIds: [OP_CLIENT_ID] } });
    const liar = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: 'https://someone-else.example.test', jwks_uri: `${op.url}/jwks` }));
    });
    try {
      emulator.issuers.replace({ [OP_ISSUER]: liar.url });
      const e = await failure<ValidationException>(ask({ identityToken: tokens.idToken }));
      assert.match(
        e.message,
        /Signature: The signature was not checked: the discovery document .* does not name this issuer/,
      );
    } finally {
      await liar.close();
    }
  });
});
