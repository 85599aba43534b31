/**
 * Copy as CloudFormation on what the views hold: identity sources and trust providers listed, got and described
 * through the real SDK clients from the emulator, turned into resources by the service (`deployedToResource`), and
 * those resources back into requests that create the same resources again in the emulator.
 */
import assert from 'node:assert/strict';
import { CreateVerifiedAccessTrustProviderCommand } from '@aws-sdk/client-ec2';
import { CreateIdentitySourceCommand } from '@aws-sdk/client-verifiedpermissions';
import type { AwsClients } from '../../client/src/aws/clients';
import { AwsListing } from '../../client/src/aws/listing';
import { deployedToResource, isConversionError, templateResourceToRequest } from '../../server/src/service/convert';
import { parseFile } from '../../server/src/service/parse';
import { startEmulator, type Emulator } from '../emulator';
import { USER_POOL_ARN, emulatorClients } from './helpers';

/** The resource text pasted under `Resources` of a template, converted back to a request. */
function backToRequest(text: string, format: 'json' | 'yaml'): Record<string, unknown> {
  const template =
    format === 'json'
      ? `{"Resources": {\n${text}}}`
      : `Resources:\n${text
          .split('\n')
          .map(l => (l ? `  ${l}` : l))
          .join('\n')}`;
  const doc = parseFile(`file:///t.template.${format}`, template, format, undefined, 'cloudformation').documents[0];
  const r = templateResourceToRequest(doc, { offset: 0 }, { format });
  assert.ok(!isConversionError(r), isConversionError(r) ? r.error : '');
  return r.request;
}

describe('aws: Copy as CloudFormation of deployed resources', () => {
  let emulator: Emulator;
  let clients: AwsClients;
  let listing: AwsListing;
  let store: string;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => {
    emulator.reset({ empty: true });
    clients = emulatorClients(emulator, { maxAttempts: 1 });
    listing = new AwsListing(clients);
    store = emulator.state.addPolicyStore({ description: 'copy' }).policyStoreId;
  });
  afterEach(() => clients.destroy());
  after(() => emulator.close());

  it('an OIDC identity source from ListIdentitySources and GetIdentitySource, and back', async () => {
    const configuration = {
      openIdConnectConfiguration: {
        issuer: 'https://dev-1.okta.com',
        entityIdPrefix: 'okta',
        groupConfiguration: { groupClaim: 'groups', groupEntityType: 'App::Group' },
        tokenSelection: { accessTokenOnly: { audiences: ['https://api.example.com'], principalIdClaim: 'sub' } },
      },
    };
    emulator.state.addIdentitySource({ policyStoreId: store, principalEntityType: 'App::User', configuration });
    const listed = (await listing.listIdentitySources(store, undefined, 10)).items[0];
    const got = await listing.getIdentitySource(store, listed.identitySourceId);
    for (const raw of [listed.raw, got.raw]) {
      const r = deployedToResource('identity-source', raw, { format: 'yaml' });
      assert.equal(r.logicalId, 'OktaIdentitySource');
      assert.deepEqual(r.properties, {
        PolicyStoreId: store,
        PrincipalEntityType: 'App::User',
        Configuration: {
          OpenIdConnectConfiguration: {
            Issuer: 'https://dev-1.okta.com',
            EntityIdPrefix: 'okta',
            GroupConfiguration: { GroupClaim: 'groups', GroupEntityType: 'App::Group' },
            TokenSelection: {
              AccessTokenOnly: { Audiences: ['https://api.example.com'], PrincipalIdClaim: 'sub' },
            },
          },
        },
      });
      assert.deepEqual(r.notes, []);
      assert.ok(!r.text.includes(listed.identitySourceId), 'no read-only ID in the resource');
    }
    // The resource, as a request again, creates the same identity source.
    const request = backToRequest(deployedToResource('identity-source', got.raw, { format: 'json' }).text, 'json');
    assert.deepEqual(request, { policyStoreId: store, principalEntityType: 'App::User', configuration });
    // One identity source per policy store: the copy goes to a second store.
    const other = emulator.state.addPolicyStore({ description: 'copy 2' }).policyStoreId;
    const created = await clients.avp.send(
      new CreateIdentitySourceCommand({
        ...(request as unknown as ConstructorParameters<typeof CreateIdentitySourceCommand>[0]),
        policyStoreId: other,
      }),
    );
    const again = await listing.getIdentitySource(other, created.identitySourceId!);
    assert.deepEqual(again.raw.configuration, got.raw.configuration);
  });

  it('a Cognito identity source', async () => {
    emulator.state.addIdentitySource({
      policyStoreId: store,
      principalEntityType: 'App::User',
      configuration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN, clientIds: ['client1'] } },
    });
    const listed = (await listing.listIdentitySources(store, undefined, 10)).items[0];
    const r = deployedToResource('identity-source', listed.raw, { format: 'yaml' });
    assert.equal(r.logicalId, 'CognitoIdentitySource');
    assert.deepEqual(r.properties.Configuration, {
      CognitoUserPoolConfiguration: { UserPoolArn: USER_POOL_ARN, ClientIds: ['client1'] },
    });
  });

  it('an OIDC trust provider from DescribeVerifiedAccessTrustProviders: tags, no secret (a note says so), and back', async () => {
    emulator.seed({
      trustProviders: [
        {
          TrustProviderType: 'user',
          UserTrustProviderType: 'oidc',
          PolicyReferenceName: 'okta',
          Description: 'Contractors',
          OidcOptions: {
            Issuer: 'https://auth.example.com',
            AuthorizationEndpoint: 'https://auth.example.com/oauth2/v1/authorize',
            TokenEndpoint: 'https://auth.example.com/oauth2/v1/token',
            UserInfoEndpoint: 'https://auth.example.com/oauth2/v1/userinfo',
            ClientId: 'va-client',
            ClientSecret: 'kept-by-aws',
            Scope: 'openid email',
          },
          TagSpecifications: [
            { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'Name', Value: 'okta' }] },
          ],
        },
      ],
    });
    const listed = (await listing.listTrustProviders(undefined, 5)).items[0];
    const described = await listing.describeTrustProvider(listed.id);
    const r = deployedToResource('trust-provider', described.raw, { format: 'json' });
    assert.equal(r.logicalId, 'OktaTrustProvider');
    assert.deepEqual(r.properties, {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'okta',
      Description: 'Contractors',
      OidcOptions: {
        Issuer: 'https://auth.example.com',
        AuthorizationEndpoint: 'https://auth.example.com/oauth2/v1/authorize',
        TokenEndpoint: 'https://auth.example.com/oauth2/v1/token',
        UserInfoEndpoint: 'https://auth.example.com/oauth2/v1/userinfo',
        ClientId: 'va-client',
        Scope: 'openid email',
      },
      Tags: [{ Key: 'Name', Value: 'okta' }],
    });
    assert.ok(!r.text.includes('kept-by-aws') && !r.text.includes(listed.id));
    assert.ok(r.notes.some(n => n.startsWith('AWS does not return client secrets')));

    const request = backToRequest(r.text, 'json');
    const created = await clients.ec2.send(
      new CreateVerifiedAccessTrustProviderCommand({
        ...(request as unknown as ConstructorParameters<typeof CreateVerifiedAccessTrustProviderCommand>[0]),
        OidcOptions: { ...(request.OidcOptions as object), ClientSecret: 'a-new-secret' },
        PolicyReferenceName: 'okta2',
      }),
    );
    const copy = await listing.describeTrustProvider(
      created.VerifiedAccessTrustProvider!.VerifiedAccessTrustProviderId!,
    );
    const second = deployedToResource('trust-provider', copy.raw, { format: 'json' });
    assert.deepEqual(second.properties, { ...r.properties, PolicyReferenceName: 'okta2' });
  });
});
