/**
 * A template's resource → a request file (`service/convert/`), on the resulting text: YAML short and long form and
 * JSON alike; placeholders for intrinsic functions, `AWS::NoValue`, read-only and unknown properties, resource
 * attributes, the resource at the cursor, update kinds, and what cannot be converted.
 */
import * as assert from 'node:assert/strict';
import {
  isConversionError,
  templateResourceToRequest,
  type ConversionError,
  type RequestConversion,
  type RequestOptions,
  type ResourceSelector,
} from '../../server/src/service/convert';
import { parseFile } from '../../server/src/service/parse';
import type { Format } from '../../server/src/service/types';
import { service } from './helpers';

function fromTemplate(
  text: string,
  at: ResourceSelector,
  options: RequestOptions = { format: 'yaml' },
  format: Format = 'yaml',
): RequestConversion | ConversionError {
  const doc = parseFile(`file:///ws/t.template.${format}`, text, format, undefined, 'cloudformation').documents[0];
  return templateResourceToRequest(doc, at, options);
}

function converted(text: string, at: ResourceSelector, options?: RequestOptions, format?: Format): RequestConversion {
  const r = fromTemplate(text, at, options, format);
  assert.ok(!isConversionError(r), isConversionError(r) ? r.error : '');
  return r;
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Domain:
    Type: String
Conditions:
  Prod: !Equals [!Ref 'AWS::AccountId', '123456789012']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: STRICT
      Schema:
        CedarJson: '{"MyCorp": {"entityTypes": {"User": {}}, "actions": {}}}'
  Okta:
    Type: AWS::VerifiedPermissions::IdentitySource
    DependsOn: Store
    Condition: Prod
    Properties:
      PolicyStoreId: !Ref Store
      PrincipalEntityType: !If [Prod, MyCorp::User, !Ref AWS::NoValue]
      IdentitySourceId: not-settable
      Colour: blue
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: !Sub 'https://\${Domain}'
          EntityIdPrefix: !Sub okta
          TokenSelection:
            IdentityTokenOnly:
              PrincipalIdClaim: sub
              ClientIds: !Split
                - ','
                - !ImportValue OktaClientIds
  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: oidc
      PolicyReferenceName: okta
      Description: !Ref AWS::NoValue
      OidcOptions:
        Issuer: !GetAtt [Idp, Issuer]
        ClientSecret: '{{resolve:secretsmanager:okta:SecretString:secret}}'
      Tags:
        - Key: Name
          Value: !Ref AWS::StackName
        - !If [Prod, {Key: Env, Value: prod}, !Ref AWS::NoValue]
`;

describe('conversions: template resource → request', () => {
  it('YAML short forms: placeholders where intrinsic functions are, listed in a note', () => {
    const r = converted(TEMPLATE, { logicalId: 'Okta' });
    assert.equal(r.kind, 'identity-source');
    assert.equal(r.fileName, 'Okta.identity-source.yaml');
    assert.equal(
      r.text,
      `policyStoreId: <Ref Store>
principalEntityType: <Fn::If>
configuration:
  openIdConnectConfiguration:
    issuer: <Fn::Sub>
    entityIdPrefix: okta
    tokenSelection:
      identityTokenOnly:
        principalIdClaim: sub
        clientIds: <Fn::Split>
`,
    );
    assert.deepEqual(
      r.placeholders.map(p => `${p.path} ${p.fn}`),
      [
        'policyStoreId Ref',
        'principalEntityType Fn::If',
        'configuration.openIdConnectConfiguration.issuer Fn::Sub',
        'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.clientIds Fn::Split',
      ],
    );
    assert.deepEqual(r.dropped, ['IdentitySourceId']);
    assert.deepEqual(r.unknown, ['Colour']);
    assert.deepEqual(r.notes, [
      'Not carried over: DependsOn and Condition (resource attributes, not properties).',
      'Left out IdentitySourceId. The ID Verified Permissions gives the identity source; read it with `!Ref` or `Fn::GetAtt`.',
      'Left out, not properties of AWS::VerifiedPermissions::IdentitySource: Colour.',
      '4 values come from intrinsic functions and cannot be literal here: replace the placeholders at policyStoreId (Ref), principalEntityType (Fn::If), configuration.openIdConnectConfiguration.issuer (Fn::Sub) and configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.clientIds (Fn::Split).',
    ]);
    // The request file shows the placeholders as errors where they break a rule.
    const file = service.analyze({ uri: `file:///ws/${r.fileName}`, text: r.text })!;
    const paths = service.validate(file).map(d => d.path);
    assert.ok(paths.includes('policyStoreId'), paths.join(', '));
  });

  it('AWS::NoValue removes the property; Tags back to TagSpecifications; dynamic references are named', () => {
    const r = converted(TEMPLATE, { logicalId: 'Provider' }, { format: 'json' });
    assert.deepEqual(r.request, {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'okta',
      OidcOptions: {
        Issuer: '<Fn::GetAtt Idp.Issuer>',
        ClientSecret: '{{resolve:secretsmanager:okta:SecretString:secret}}',
      },
      TagSpecifications: [
        {
          ResourceType: 'verified-access-trust-provider',
          Tags: [{ Key: 'Name', Value: '<Ref AWS::StackName>' }, '<Fn::If>'],
        },
      ],
    });
    assert.deepEqual(
      r.placeholders.map(p => p.path),
      ['OidcOptions.Issuer', 'TagSpecifications[0].Tags[0].Value', 'TagSpecifications[0].Tags[1]'],
    );
    assert.ok(r.notes.some(n => n.startsWith('OidcOptions.ClientSecret is a CloudFormation dynamic reference')));
    assert.equal(JSON.parse(r.text).PolicyReferenceName, 'okta');
  });

  it('a policy store becomes a CreatePolicyStore input, its schema left for PutSchema', () => {
    const r = converted(TEMPLATE, { logicalId: 'Store' }, { format: 'json' });
    assert.equal(r.kind, undefined);
    assert.equal(r.fileName, 'Store.policy-store.json');
    assert.deepEqual(r.request, { validationSettings: { mode: 'STRICT' } });
    assert.deepEqual(r.dropped, ['Schema']);
    assert.match(r.notes[0], /^Left out Schema\. CreatePolicyStore does not take it/);
  });

  it('the resource at the cursor; the only one; a choice among several', () => {
    const at = (s: string) => ({ offset: TEMPLATE.indexOf(s) });
    assert.equal(converted(TEMPLATE, at('ClientIds: !Split')).logicalId, 'Okta');
    assert.equal(converted(TEMPLATE, at('Provider:')).logicalId, 'Provider');
    const outside = fromTemplate(TEMPLATE, at('Parameters'));
    assert.ok(isConversionError(outside));
    assert.deepEqual(outside.candidates, [
      { logicalId: 'Store', type: 'AWS::VerifiedPermissions::PolicyStore' },
      { logicalId: 'Okta', type: 'AWS::VerifiedPermissions::IdentitySource' },
      { logicalId: 'Provider', type: 'AWS::EC2::VerifiedAccessTrustProvider' },
    ]);
    const inBucket = fromTemplate(TEMPLATE, at('AWS::S3::Bucket'));
    assert.ok(isConversionError(inBucket) && inBucket.candidates?.length === 3);
    const single = `Resources:\n  Other:\n    Type: AWS::SNS::Topic\n  P:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n    Properties:\n      PolicyReferenceName: p\n`;
    assert.equal(converted(single, { offset: 0 }).logicalId, 'P');
  });

  it('JSON and YAML long form give the same request as the short form', () => {
    const long = {
      Resources: {
        Okta: {
          Type: 'AWS::VerifiedPermissions::IdentitySource',
          Properties: {
            PolicyStoreId: { Ref: 'Store' },
            PrincipalEntityType: { 'Fn::If': ['Prod', 'MyCorp::User', { Ref: 'AWS::NoValue' }] },
            Configuration: {
              OpenIdConnectConfiguration: {
                Issuer: { 'Fn::Sub': 'https://${Domain}' },
                EntityIdPrefix: { 'Fn::Sub': 'okta' },
                TokenSelection: {
                  IdentityTokenOnly: {
                    PrincipalIdClaim: 'sub',
                    ClientIds: { 'Fn::Split': [',', { 'Fn::ImportValue': 'OktaClientIds' }] },
                  },
                },
              },
            },
          },
        },
      },
    };
    const short = converted(TEMPLATE, { logicalId: 'Okta' }).request;
    const json = JSON.stringify(long, null, 2);
    assert.deepEqual(converted(json, { logicalId: 'Okta' }, { format: 'yaml' }, 'json').request, short);
    const yamlLong = `Resources:
  Okta:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId:
        Ref: Store
      PrincipalEntityType:
        Fn::If: [Prod, MyCorp::User, {Ref: AWS::NoValue}]
      Configuration:
        OpenIdConnectConfiguration:
          Issuer:
            Fn::Sub: https://\${Domain}
          EntityIdPrefix: {"Fn::Sub": okta}
          TokenSelection:
            IdentityTokenOnly:
              PrincipalIdClaim: sub
              ClientIds:
                Fn::Split:
                  - ','
                  - Fn::ImportValue: OktaClientIds
`;
    assert.deepEqual(converted(yamlLong, { logicalId: 'Okta' }).request, short);
  });

  it('Fn::Sub without variables is its string; ${!x} is a literal ${x}', () => {
    const t = `Resources:\n  P:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n    Properties:\n      Description: !Sub 'cost \${!Amount}'\n      PolicyReferenceName: !Sub \${AWS::StackName}\n`;
    const r = converted(t, { offset: 0 });
    assert.deepEqual(r.request, { Description: 'cost ${Amount}', PolicyReferenceName: '<Fn::Sub>' });
  });

  it('to an update kind: the ID from the caller or a placeholder; what the update cannot change is left out', () => {
    const modify = converted(
      TEMPLATE,
      { logicalId: 'Provider' },
      { format: 'yaml', kind: 'trust-provider-update', id: 'vatp-0123456789abcdef0' },
    );
    assert.equal(modify.kind, 'trust-provider-update');
    assert.equal(modify.fileName, 'Provider.trust-provider.yaml');
    assert.equal(
      modify.text,
      `VerifiedAccessTrustProviderId: vatp-0123456789abcdef0
OidcOptions:
  Issuer: <Fn::GetAtt Idp.Issuer>
  ClientSecret: "{{resolve:secretsmanager:okta:SecretString:secret}}"
`,
    );
    assert.deepEqual(modify.dropped, [
      'TrustProviderType',
      'UserTrustProviderType',
      'PolicyReferenceName',
      'TagSpecifications',
    ]);
    assert.deepEqual(
      modify.placeholders.map(p => p.path),
      ['OidcOptions.Issuer'],
    );
    const update = converted(TEMPLATE, { logicalId: 'Okta' }, { format: 'yaml', kind: 'identity-source-update' });
    assert.match(
      update.text,
      /^policyStoreId: <Ref Store>\nidentitySourceId: <IdentitySourceId of Okta>\nupdateConfiguration:\n/,
    );
    assert.ok(update.notes.includes('Fill in identitySourceId: the ID of the deployed resource to change.'));
    const wrong = fromTemplate(TEMPLATE, { logicalId: 'Okta' }, { format: 'yaml', kind: 'trust-provider' });
    assert.ok(isConversionError(wrong));
  });

  it('refuses templates it cannot read whole, and resources it cannot take apart', () => {
    const broken = fromTemplate('Resources:\n  P:\n    Type: [\n', { offset: 0 });
    assert.ok(isConversionError(broken) && /syntax errors/.test(broken.error));
    const none = fromTemplate('Resources:\n  T:\n    Type: AWS::SNS::Topic\n', { offset: 0 });
    assert.ok(isConversionError(none) && /declares no/.test(none.error));
    const ifProps = fromTemplate(
      'Resources:\n  P:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n    Properties: !If [C, {}, {}]\n',
      { offset: 0 },
    );
    assert.ok(isConversionError(ifProps) && /not a mapping of properties/.test(ifProps.error));
    const noProps = converted('Resources:\n  P:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n', { offset: 0 });
    assert.deepEqual(noProps.request, {});
  });

  it('messages never quote values of the template', () => {
    const secret = 'hunter2-value';
    const t = `Resources:\n  P:\n    Type: AWS::EC2::VerifiedAccessTrustProvider\n    Properties:\n      Bogus: ${secret}\n      OidcOptions:\n        ClientSecret: !Sub '${secret}-\${X}'\n      VerifiedAccessTrustProviderId: ${secret}\n`;
    const r = converted(t, { offset: 0 });
    assert.ok(!r.notes.join('\n').includes(secret), r.notes.join('\n'));
  });
});
