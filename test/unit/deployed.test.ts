/** Deployed resources as requests (Open as YAML/JSON) and the comparison behind Compare with Deployed and drift. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compareWithDeployed, requestFromDeployed } from '../../server/src/service';
import { fixturePath, service } from './helpers';

const examples = (
  JSON.parse(readFileSync(fixturePath('..', 'reference', 'examples.json'), 'utf8')) as {
    examples: { id: string; output: Record<string, unknown>; input: Record<string, unknown> }[];
  }
).examples;
const byId = (id: string) => examples.find(e => e.id === id)!;

describe('deployed resources as requests', () => {
  it('a legacy Cognito identity source (details only) becomes a valid create and update request', () => {
    const out = byId('smithy-GetIdentitySource-1').output;
    const create = requestFromDeployed('identity-source', out);
    assert.deepEqual(create, {
      policyStoreId: 'C7v5xMplfFH3i3e4Jrzb1a',
      principalEntityType: 'AWS::Cognito',
      configuration: {
        cognitoUserPoolConfiguration: {
          userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
          clientIds: ['a1b2c3d4e5f6g7h8i9j0kalbmc'],
        },
      },
    });
    assert.deepEqual(service.validateRequest('identity-source', create), []);
    const update = requestFromDeployed('identity-source-update', out);
    assert.equal(update.identitySourceId, 'ISEXAMPLEabcdefg111111');
    assert.ok('updateConfiguration' in update);
    assert.deepEqual(service.validateRequest('identity-source-update', update), []);
  });

  it('an OIDC identity source drops output-only members', () => {
    const deployed = {
      policyStoreId: 'PS1',
      identitySourceId: 'IS1',
      principalEntityType: 'MyCorp::User',
      createdDate: new Date(),
      configuration: {
        openIdConnectConfiguration: {
          issuer: 'https://a.example.com',
          tokenSelection: { identityTokenOnly: { clientIds: ['c'], principalIdClaim: 'sub' } },
        },
      },
    };
    assert.deepEqual(requestFromDeployed('identity-source', deployed), {
      policyStoreId: 'PS1',
      principalEntityType: 'MyCorp::User',
      configuration: deployed.configuration,
    });
  });

  it('a trust provider becomes a valid create request and a modify request', () => {
    const out = byId('awscli-create-verified-access-trust-provider').output.VerifiedAccessTrustProvider as Record<
      string,
      unknown
    >;
    const create = requestFromDeployed('trust-provider', out);
    assert.deepEqual(create, byId('awscli-create-verified-access-trust-provider').input);
    assert.deepEqual(service.validateRequest('trust-provider', create), []);
    const modify = requestFromDeployed('trust-provider-update', { ...out, Description: 'Testing Verified Access' });
    assert.deepEqual(modify, byId('awscli-modify-verified-access-trust-provider').input);
  });

  it('compares: equal, reordered lists equal, secrets and tokens ignored, differences by path', () => {
    const file = {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'idp',
      ClientToken: 't',
      DryRun: false,
      OidcOptions: { Issuer: 'https://a', ClientSecret: '${secret:x}', Scope: 'openid' },
      TagSpecifications: [
        {
          ResourceType: 'verified-access-trust-provider',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        },
      ],
    };
    const deployed = {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'idp',
      OidcOptions: { Issuer: 'https://a', Scope: 'openid' },
      TagSpecifications: [
        {
          ResourceType: 'verified-access-trust-provider',
          Tags: [
            { Key: 'b', Value: '2' },
            { Key: 'a', Value: '1' },
          ],
        },
      ],
    };
    assert.deepEqual(compareWithDeployed('trust-provider', file, deployed), []);
    const changed = { ...deployed, OidcOptions: { Issuer: 'https://b', Scope: 'openid' }, Description: 'x' };
    assert.deepEqual(compareWithDeployed('trust-provider', file, changed), [
      { path: 'Description', file: undefined, deployed: 'x' },
      { path: 'OidcOptions.Issuer', file: 'https://a', deployed: 'https://b' },
    ]);
  });

  it('a modify file is compared only on what it changes', () => {
    const deployed = {
      VerifiedAccessTrustProviderId: 'vatp-1',
      Description: 'd',
      OidcOptions: { Issuer: 'https://a', Scope: 'openid' },
    };
    assert.deepEqual(
      compareWithDeployed(
        'trust-provider-update',
        { VerifiedAccessTrustProviderId: 'vatp-1', Description: 'd' },
        deployed,
      ),
      [],
    );
    assert.deepEqual(
      compareWithDeployed(
        'trust-provider-update',
        { VerifiedAccessTrustProviderId: 'vatp-1', OidcOptions: { Scope: 'openid email' } },
        deployed,
      ).map(d => d.path),
      ['OidcOptions.Scope'],
    );
  });
});
