/**
 * Request files and deployed resources → CloudFormation resources (`service/convert/`), on the resulting text: names,
 * tags, dropped members and their notes, logical IDs, quoting, update kinds, the document at the cursor of a stream,
 * and Copy as CloudFormation of the deployed resources in the official examples.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  deployedToResource,
  isConversionError,
  requestDocumentToResource,
  requestToResource,
} from '../../server/src/service/convert';
import { deriveLogicalId } from '../../server/src/service/convert/logical-id';
import { ROOT, service } from './helpers';

interface Example {
  id: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
}
const examples = (
  JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'examples.json'), 'utf8')) as { examples: Example[] }
).examples;
const example = (id: string) => examples.find(e => e.id === id)!;

describe('conversions: request → resource', () => {
  it('writes a trust provider with Tags, without ClientToken and DryRun, and says so', () => {
    const input = { ...example('awscli-create-verified-access-trust-provider').input, ClientToken: 't', DryRun: true };
    const r = requestToResource(input, 'trust-provider', { format: 'yaml' });
    assert.equal(
      r.text,
      `IdcTrustProvider:
  Type: AWS::EC2::VerifiedAccessTrustProvider
  Properties:
    TrustProviderType: user
    UserTrustProviderType: iam-identity-center
    PolicyReferenceName: idc
    Tags:
      - Key: Name
        Value: my-va-trust-provider
`,
    );
    assert.deepEqual(r.dropped, ['ClientToken', 'DryRun']);
    assert.deepEqual(r.notes, [
      'Left out ClientToken. CloudFormation makes its own idempotency tokens: a template has no ClientToken.',
      'Left out DryRun. A template cannot ask for a dry run: CloudFormation has no DryRun property.',
    ]);
  });

  it('writes JSON as a member to paste under Resources, or as a whole template', () => {
    const input = example('awscli-create-identity-source').input;
    const entry = requestToResource(input, 'identity-source', { format: 'json' });
    assert.equal(
      entry.text,
      `"CognitoIdentitySource": {
  "Type": "AWS::VerifiedPermissions::IdentitySource",
  "Properties": {
    "Configuration": {
      "CognitoUserPoolConfiguration": {
        "UserPoolArn": "arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_1a2b3c4d5",
        "ClientIds": [
          "a1b2c3d4e5f6g7h8i9j0kalbmc"
        ]
      }
    },
    "PrincipalEntityType": "User",
    "PolicyStoreId": "PSEXAMPLEabcdefg111111"
  }
}
`,
    );
    const template = requestToResource(input, 'identity-source', { format: 'json', wrap: 'template' });
    const parsed = JSON.parse(template.text) as { AWSTemplateFormatVersion: string; Resources: object };
    assert.equal(parsed.AWSTemplateFormatVersion, '2010-09-09');
    assert.deepEqual(Object.keys(parsed.Resources), ['CognitoIdentitySource']);
    const yaml = requestToResource(input, 'identity-source', { format: 'yaml', wrap: 'template' });
    assert.match(
      yaml.text,
      /^AWSTemplateFormatVersion: "2010-09-09"\nResources:\n {2}CognitoIdentitySource:\n {4}Type: /,
    );
  });

  it('an update request: updateConfiguration becomes Configuration, the ID is left out', () => {
    const r = requestToResource(example('awscli-update-identity-source').input, 'identity-source-update', {
      format: 'yaml',
      logicalId: 'Employees',
    });
    assert.equal(r.logicalId, 'Employees');
    assert.deepEqual(Object.keys(r.properties).sort(), ['Configuration', 'PolicyStoreId', 'PrincipalEntityType']);
    assert.deepEqual(r.dropped, ['identitySourceId']);
    assert.match(r.notes[0], /^Left out identitySourceId\. It names the resource to change/);
  });

  it('a modify request lacks what the resource requires: the note names it', () => {
    const r = requestToResource(
      example('awscli-modify-verified-access-trust-provider').input,
      'trust-provider-update',
      {
        format: 'yaml',
      },
    );
    assert.deepEqual(r.properties, { Description: 'Testing Verified Access' });
    assert.ok(
      r.notes.includes(
        'The resource still needs TrustProviderType and PolicyReferenceName: ModifyVerifiedAccessTrustProvider requests hold only what they change.',
      ),
      r.notes.join(' | '),
    );
  });

  it('leaves out members the model does not know, and lists them', () => {
    const input = {
      policyStoreId: 'PSEXAMPLEabcdefg111111',
      configuration: {
        CognitoUserPoolConfiguration: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/x' },
      },
      colour: 'blue',
    };
    const r = requestToResource(input, 'identity-source', { format: 'yaml' });
    assert.deepEqual(r.unknown, ['configuration.CognitoUserPoolConfiguration', 'colour']);
    assert.deepEqual(r.properties, { PolicyStoreId: 'PSEXAMPLEabcdefg111111', Configuration: {} });
    assert.ok(
      r.notes.includes(
        'Left out, not members of CreateIdentitySource: configuration.CognitoUserPoolConfiguration and colour.',
      ),
    );
  });

  it('client secrets: notes that name the member, never the value', () => {
    const base = {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'okta',
      OidcOptions: { Issuer: 'https://example.okta.com', ClientId: 'c', ClientSecret: 'hunter2-very-secret' },
    };
    const literal = requestToResource(base, 'trust-provider', { format: 'yaml' });
    assert.ok(literal.notes.some(n => n.startsWith('OidcOptions.ClientSecret holds the secret itself')));
    assert.ok(!literal.notes.join('\n').includes('hunter2'));
    const ref = requestToResource(
      { ...base, OidcOptions: { ...base.OidcOptions, ClientSecret: '${secret:okta/client}' } },
      'trust-provider',
      { format: 'yaml' },
    );
    assert.ok(
      ref.notes.some(n => n.startsWith('OidcOptions.ClientSecret is a secret reference that only this extension')),
    );
    assert.match(ref.text, /ClientSecret: \$\{secret:okta\/client\}/);
  });

  it('quotes strings that CloudFormation would read as something else', () => {
    const r = requestToResource(
      {
        TrustProviderType: 'user',
        UserTrustProviderType: 'oidc',
        PolicyReferenceName: 'yes',
        Description: '2024-06-01',
        OidcOptions: { ClientId: '0o17', Scope: 'off', Issuer: '1_000' },
      },
      'trust-provider',
      { format: 'yaml' },
    );
    for (const quoted of ['"yes"', '"2024-06-01"', '"0o17"', '"off"', '"1_000"'])
      assert.ok(r.text.includes(quoted), quoted);
    assert.equal(r.logicalId, 'YesTrustProvider');
  });

  it('derives logical IDs from the content', () => {
    const is = 'AWS::VerifiedPermissions::IdentitySource';
    const tp = 'AWS::EC2::VerifiedAccessTrustProvider';
    const oidc = (Issuer: string) => ({ Configuration: { OpenIdConnectConfiguration: { Issuer } } });
    assert.equal(deriveLogicalId(is, oidc('https://dev-123.okta.com/oauth2/default')), 'OktaIdentitySource');
    assert.equal(deriveLogicalId(is, oidc('https://auth.example.com')), 'ExampleIdentitySource');
    assert.equal(deriveLogicalId(is, oidc('https://10.0.0.1')), 'OidcIdentitySource');
    assert.equal(deriveLogicalId(is, oidc('not a url')), 'OidcIdentitySource');
    assert.equal(deriveLogicalId(is, { Configuration: { CognitoUserPoolConfiguration: {} } }), 'CognitoIdentitySource');
    assert.equal(deriveLogicalId(is, {}), 'MyIdentitySource');
    assert.equal(deriveLogicalId(tp, { PolicyReferenceName: 'my_okta-app' }), 'MyOktaAppTrustProvider');
    assert.equal(deriveLogicalId(tp, { DeviceTrustProviderType: 'jamf' }), 'JamfTrustProvider');
    assert.equal(deriveLogicalId(tp, { PolicyReferenceName: '---' }), 'MyTrustProvider');
    assert.equal(deriveLogicalId('AWS::VerifiedPermissions::PolicyStore', {}), 'MyPolicyStore');
    const given = requestToResource({ PolicyReferenceName: 'x' }, 'trust-provider', {
      format: 'yaml',
      logicalId: 'a-b c!',
    });
    assert.equal(given.logicalId, 'abc');
  });

  it('the document at the cursor of a YAML stream, and refusals', () => {
    const text = `TrustProviderType: user
UserTrustProviderType: iam-identity-center
PolicyReferenceName: first
---
VerifiedAccessTrustProviderId: vatp-0123456789abcdef0
Description: second
`;
    const file = service.analyze({ uri: 'file:///ws/two.trust-provider.yaml', text })!;
    const kindOf = (i: number) => file.results().find(r => r.index === i)?.kind;
    const first = requestDocumentToResource(file.parsed, kindOf, 5, { format: 'yaml' });
    const second = requestDocumentToResource(file.parsed, kindOf, text.indexOf('second'), { format: 'yaml' });
    assert.ok(!isConversionError(first) && !isConversionError(second));
    assert.equal(first.logicalId, 'FirstTrustProvider');
    assert.deepEqual(second.properties, { Description: 'second' });
    assert.deepEqual(second.dropped, ['VerifiedAccessTrustProviderId']);

    const broken = service.analyze({ uri: 'file:///ws/b.trust-provider.json', text: '{"TrustProviderType": ' })!;
    const refused = requestDocumentToResource(broken.parsed, () => 'trust-provider', 0, { format: 'yaml' });
    assert.ok(isConversionError(refused));
    assert.match(refused.error, /syntax errors: fix them first/);
    const list = service.analyze({ uri: 'file:///ws/l.trust-provider.yaml', text: '- a\n' })!;
    const notRequest = requestDocumentToResource(list.parsed, i => list.results()[i]?.kind, 0, { format: 'json' });
    assert.ok(isConversionError(notRequest));
  });
});

describe('conversions: Copy as CloudFormation of deployed resources', () => {
  it('GetIdentitySource output → resource', () => {
    const r = deployedToResource('identity-source', example('awscli-get-identity-source').output!, { format: 'yaml' });
    assert.equal(
      r.text,
      `CognitoIdentitySource:
  Type: AWS::VerifiedPermissions::IdentitySource
  Properties:
    PolicyStoreId: PSEXAMPLEabcdefg111111
    PrincipalEntityType: User
    Configuration:
      CognitoUserPoolConfiguration:
        UserPoolArn: arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_1a2b3c4d5
        ClientIds:
          - a1b2c3d4e5f6g7h8i9j0kalbmc
`,
    );
    assert.deepEqual(r.notes, []);
  });

  it('DescribeVerifiedAccessTrustProviders item → resource; the secret AWS keeps is a note', () => {
    const item = (
      example('awscli-describe-verified-access-trust-providers').output as {
        VerifiedAccessTrustProviders: Record<string, unknown>[];
      }
    ).VerifiedAccessTrustProviders[0];
    const r = deployedToResource('trust-provider', item, { format: 'json' });
    assert.deepEqual(JSON.parse(`{${r.text}}`), {
      IdcTrustProvider: {
        Type: 'AWS::EC2::VerifiedAccessTrustProvider',
        Properties: {
          TrustProviderType: 'user',
          UserTrustProviderType: 'iam-identity-center',
          PolicyReferenceName: 'idc',
          Description: 'Testing Verified Access',
          Tags: [{ Key: 'Name', Value: 'my-va-trust-provider' }],
        },
      },
    });
    const oidc = deployedToResource(
      'trust-provider',
      {
        VerifiedAccessTrustProviderId: 'vatp-0de0000000000a002',
        TrustProviderType: 'user',
        UserTrustProviderType: 'oidc',
        PolicyReferenceName: 'okta',
        OidcOptions: { Issuer: 'https://auth.example.com', ClientId: 'c', Scope: 'openid' },
        CreationTime: '2023-08-25T19:00:38',
      },
      { format: 'yaml' },
    );
    assert.equal(oidc.logicalId, 'OktaTrustProvider');
    assert.ok(oidc.notes.some(n => n.startsWith('AWS does not return client secrets: add OidcOptions.ClientSecret')));
    assert.ok(!oidc.text.includes('CreationTime') && !oidc.text.includes('vatp-'));
  });
});
