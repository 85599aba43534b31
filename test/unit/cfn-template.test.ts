/**
 * CloudFormation templates (SPEC §9): the checks of the three types' `Properties` in YAML short form, YAML long form
 * and JSON (the same findings in all three), the service rules, the YAML dialect, SAM and CDK templates, templates
 * that are not ours, and the locate API the editor features build on. Intrinsic functions: `cfn-intrinsics.test.ts`.
 */
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { locateInTemplate } from '../../server/src/service/template';
import { analyze, assertMarked, readFixture, service } from './helpers';
import { codes, diagnose, STORE, summary, template } from './cfn-fixtures';

describe('cloudformation templates: the same findings in every form', () => {
  const short = readFixture('cloudformation', 'short.template.yaml');
  const long = readFixture('cloudformation', 'long.template.yaml');
  const json = readFixture('cloudformation', 'same.template.json');

  it('the three fixtures are the same template', () => {
    assert.deepEqual(parse(long), JSON.parse(json));
  });

  it('YAML short form: every check of the three types, nothing on the bucket', () => {
    const d = diagnose('short.template.yaml', short);
    assert.deepEqual(codes(d), [
      ['enum', 'Resources.Store.Properties.ValidationSettings.Mode'],
      ['cfn-unresolved-reference', 'Resources.Store.Properties.Tags[0].Value'],
      ['union-multiple', 'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.TokenSelection'],
      ['cfn-read-only-property', 'Resources.Source.Properties.IdentitySourceId'],
      ['cfn-unresolved-reference', 'Resources.Provider.Properties.DeviceTrustProviderType'],
      ['cfn-intrinsic-type', 'Resources.Provider.Properties.DeviceOptions'],
      ['cfn-unknown-attribute', 'Resources.Provider.Properties.Tags[0].Value'],
      ['tag-key-reserved', 'Resources.Provider.Properties.Tags[1].Key'],
    ]);
    // The Fn::If branch that is not allowed, not the whole function.
    const lax = d[0];
    assert.equal(
      short.split('\n')[lax.range.start.line].slice(lax.range.start.character, lax.range.end.character),
      'LAX',
    );
  });

  it('YAML long form and JSON give the same findings as the short form', () => {
    const expected = summary(diagnose('short.template.yaml', short));
    assert.deepEqual(summary(diagnose('long.template.yaml', long)), expected);
    assert.deepEqual(summary(diagnose('same.template.json', json)), expected);
  });

  it('the JSON output kind of a template is cloudformation, one result', () => {
    const f = analyze('same.template.json', json);
    assert.deepEqual(
      f.results().map(r => r.kind),
      ['cloudformation'],
    );
    assert.deepEqual(
      f.template()?.resources.map(r => [r.logicalId, r.type]),
      [
        ['Store', 'AWS::VerifiedPermissions::PolicyStore'],
        ['Source', 'AWS::VerifiedPermissions::IdentitySource'],
        ['Provider', 'AWS::EC2::VerifiedAccessTrustProvider'],
      ],
    );
  });
});

describe('cloudformation templates: Properties against the registry schema', () => {
  it('unknown properties with a suggestion, wrong types, patterns, a required property misspelled', () => {
    assertMarked(
      'props.template.yaml',
      template(`  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
    ^^^^^^^^^^ error missing-required: 'PolicyStoreId'
      PolicyStoreID: ps-1
      ^^^^^^^^^^^^^ error unknown-member: 'PolicyStoreID' is not a property of AWS::VerifiedPermissions::IdentitySource. Did you mean 'PolicyStoreId'?
      PrincipalEntityType: [App::User]
                           ^^^^^^^^^^^ error wrong-type: 'PrincipalEntityType' must be a string
      Configuration:
        CognitoUserPoolConfiguration:
          UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:pool
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error pattern
          ClientIds: []
`),
    );
  });

  it('a required property missing, Properties missing, Properties that is not an object', () => {
    assertMarked(
      'required.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
    ^^^^^^^^^^ error missing-required: 'PolicyReferenceName'
      TrustProviderType: user
      UserTrustProviderType: iam-identity-center
  Empty:
  ^^^^^ error missing-required: Resource 'Empty' has no Properties: AWS::VerifiedPermissions::PolicyStore needs the required property 'ValidationSettings'.
    Type: AWS::VerifiedPermissions::PolicyStore
  Scalar:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties: 5
                ^ error wrong-type: 'Properties' of AWS::VerifiedPermissions::PolicyStore must be an object
`),
    );
  });

  it('oneOf unions: none and two of the policy store schema formats', () => {
    assertMarked(
      'union.template.yaml',
      template(`  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings: {Mode: STRICT}
      Schema:
        CedarJson: '{}'
        CedarFormat: 'entity User;'
        ^^^^^^^^^^^ error union-multiple: 'Schema' must set exactly one of 'CedarJson', 'CedarFormat'
`),
    );
  });

  it('CloudFormation converts scalars: a number for a string property, "true" for a boolean property', () => {
    assert.deepEqual(
      diagnose(
        'scalars.template.yaml',
        template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: device
      DeviceTrustProviderType: jamf
      PolicyReferenceName: devices
      DeviceOptions:
        TenantId: 12345
      SseSpecification:
        CustomerManagedKeyEnabled: 'false'
`),
      ),
      [],
    );
  });
});

describe('cloudformation templates: the service rules on Properties', () => {
  it('trust provider conditions, EC2 tag rules on Tags, KMS, in property names and paths', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `        - {Key: k${i}, Value: v}\n`).join('');
    const d = diagnose(
      'service.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      PolicyReferenceName: corp
      SseSpecification:
        CustomerManagedKeyEnabled: true
      Tags:
        - {Key: dup, Value: a}
        - {Key: dup, Value: b}
${tags}`),
    );
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [
        ['user-type-required', 'Resources.Provider.Properties.UserTrustProviderType'],
        ['kms-key-arn', 'Resources.Provider.Properties.SseSpecification.KmsKeyArn'],
        ['tag-limit', 'Resources.Provider.Properties.Tags'],
        ['tag-key-duplicate', 'Resources.Provider.Properties.Tags[1].Key'],
      ],
    );
    assert.ok(
      d.every(x => !/\bTagSpecifications\b|\buserTrustProviderType\b/.test(x.message)),
      JSON.stringify(d),
    );
  });

  it('Cognito and OIDC rules of identity sources, with property names in messages', () => {
    const d = diagnose(
      'avp.template.yaml',
      template(`  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: ps-1
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: http://auth.example.com
          TokenSelection:
            AccessTokenOnly:
              PrincipalIdClaim: sub
`),
    );
    assert.ok(d.length > 0);
    for (const x of d) {
      assert.match(x.path, /^Resources\.Source\.Properties\.Configuration\.OpenIdConnectConfiguration/);
      assert.ok(!/openIdConnectConfiguration|tokenSelection/.test(x.message), x.message);
    }
    assert.ok(d.some(x => x.path.endsWith('.Issuer')));
  });

  it('hygiene rules of request files (ClientToken, DryRun) do not apply: they are not properties', () => {
    assertMarked(
      'hygiene.template.yaml',
      template(`  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: iam-identity-center
      PolicyReferenceName: corp
      DryRun: true
      ^^^^^^ error unknown-member: 'DryRun' is not a property of AWS::EC2::VerifiedAccessTrustProvider
`),
    );
  });
});

describe('cloudformation templates: the YAML dialect', () => {
  const tp = (value: string) =>
    template(`  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings: {Mode: STRICT}
      Description: ${value}
`);

  it('short forms are intrinsic functions in templates and tag errors in request files', () => {
    assert.deepEqual(diagnose('t.template.yaml', tp('!Ref Name')), []);
    const request = diagnose('x.identity-source.yaml', 'policyStoreId: !Ref Store\n');
    assert.ok(request.some(x => x.code === 'yaml-tag'));
  });

  it('unknown tags inside the three types are errors', () => {
    assert.deepEqual(
      diagnose('t.template.yaml', tp('!GetAttribute X.Y')).map(x => x.code),
      ['yaml-tag'],
    );
  });

  it('an unquoted date stays a string (CloudFormation has no timestamp type); the AWS CLI typing does not apply', () => {
    assert.deepEqual(diagnose('t.template.yaml', tp('2024-06-01')), []);
  });

  it('numbers YAML 1.1 and 1.2 read differently are not judged (1_000, 0b101, 012, 1:30)', () => {
    const tpId = (v: string) =>
      template(`  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: ${v}
      Configuration:
        CognitoUserPoolConfiguration:
          UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcdefghi
`);
    for (const v of ['1_000', '0b101', '012', '1:30']) assert.deepEqual(diagnose('t.template.yaml', tpId(v)), [], v);
    // Quoted, the same text is a string and its pattern is checked.
    assert.deepEqual(
      diagnose('t.template.yaml', tpId("'1_000'")).map(x => x.code),
      ['pattern'],
    );
  });
});

describe('cloudformation templates: which templates are ours', () => {
  it('a template without the three types gets nothing, not even syntax errors', () => {
    const text = readFixture('cloudformation', 'unrelated', 'template.yaml');
    const f = service.analyze({ uri: 'file:///w/unrelated/template.yaml', text });
    assert.ok(f === undefined || service.validate(f).length === 0);
    assert.equal(
      service.analyze({ uri: 'file:///w/data.json', text: '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}' }),
      undefined,
    );
    // It names a type, but only in a string: found by content, never shown to be a template.
    const named = service.analyze({
      uri: 'file:///w/notes.json',
      text: '{"Description": "about AWS::VerifiedPermissions::PolicyStore", "Resources": [1, 2}',
    });
    assert.ok(named);
    assert.deepEqual(service.validate(named), []);
  });

  it('problems outside the three types are not ours; unreadable text is reported wherever it is', () => {
    const outside = `Mappings:\n  A: &a {x: {y: z}}\n  B: *a\nParameters:\n  P: {Type: String}\n  P: {Type: String}\nOutputs:\n  O: {Value: !Unknown x}\nResources:\n${STORE}`;
    assert.deepEqual(diagnose('t.template.yaml', outside), []);
    const broken = `Outputs:\n  O: [\nResources:\n${STORE}`;
    assert.deepEqual(
      diagnose('t.template.yaml', broken).map(x => [x.code, x.path]),
      [['syntax', '']],
    );
  });

  it('SAM: a Transform may add names, so unknown Refs are not reported; attributes of our types still are', () => {
    const d = diagnose('template.yaml', readFixture('cloudformation', 'sam', 'template.yaml'));
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [['cfn-unknown-attribute', 'Resources.Provider.Properties.OidcOptions.ClientId']],
    );
  });

  it('CDK synth output: metadata, the BootstrapVersion parameter and Rules are left alone; the resources are checked', () => {
    const text = readFixture('cloudformation', 'cdk.out', 'VerifiedStack.template.json');
    const f = service.analyze({ uri: 'file:///w/cdk.out/VerifiedStack.template.json', text })!;
    assert.equal(f.association.base, 'cloudformation');
    assert.deepEqual(
      service.validate(f).map(x => [x.code, x.path]),
      [['pattern', 'Resources.ApiSourceB2C3D4E5.Properties.Configuration.OpenIdConnectConfiguration.Issuer']],
    );
  });
});

describe('cloudformation templates: locate (the editor features start here)', () => {
  const text = template(`${STORE}  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: !If [IsProd, https://a.example.com, https://b.example.com]
          TokenSelection:
            IdentityTokenOnly:
              ClientIds: [web, mobile]
`);
  const model = analyze('locate.template.yaml', text).template()!;
  const at = (needle: string, delta = 0) => locateInTemplate(model, text.indexOf(needle) + delta);

  it('a value inside an Fn::If branch: the property path and its shape', () => {
    const l = at('https://b.example.com', 3)!;
    assert.equal(l.resource.logicalId, 'Source');
    assert.equal(l.part, 'properties');
    assert.deepEqual(l.path, ['Configuration', 'OpenIdConnectConfiguration', 'Issuer']);
    assert.equal(l.fullPath, 'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.Issuer');
    assert.equal(l.shape?.shape.type, 'string');
  });

  it('a list item, a key, the Type value, the logical ID, an intrinsic argument, outside', () => {
    assert.equal(
      at('mobile')!.fullPath,
      'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.TokenSelection.IdentityTokenOnly.ClientIds[1]',
    );
    const key = at('TokenSelection', 2)!;
    assert.equal(key.onKey, true);
    assert.deepEqual(key.path, ['Configuration', 'OpenIdConnectConfiguration', 'TokenSelection']);
    assert.equal(at('AWS::VerifiedPermissions::IdentitySource', 5)!.part, 'type');
    assert.equal(at('  Source:', 3)!.part, 'logicalId');
    const ref = at('!Ref Store', 6)!;
    assert.equal(ref.intrinsic?.name, 'Ref');
    assert.deepEqual(ref.path, ['PolicyStoreId']);
    assert.equal(locateInTemplate(model, text.indexOf('Parameters')), undefined);
  });
});
