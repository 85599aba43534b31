/** Quick fixes and the create→update refactoring, asserted on the text after the edit. */
import * as assert from 'node:assert/strict';
import type { CodeAction } from '../../server/src/service';
import { analyze, applyEdits, service } from './helpers';

function actions(name: string, text: string): { all: CodeAction[]; apply: (title: string) => string } {
  const file = analyze(name, text);
  const all = service.codeActions(file, { start: { line: 0, character: 0 }, end: file.lines.positionAt(text.length) });
  return {
    all,
    apply(title) {
      const a = all.find(x => x.title === title);
      assert.ok(a, `no action "${title}" in: ${all.map(x => x.title).join(' | ')}`);
      return applyEdits(file, a.edits);
    },
  };
}

const codes = (name: string, text: string) => service.validate(analyze(name, text)).map(d => d.code);

describe('code actions', () => {
  it('did-you-mean rename (casing) in YAML and JSON', () => {
    const y = actions(
      'x.identity-source.yaml',
      'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    Issuer: https://a\n    tokenSelection: {accessTokenOnly: {}}\n',
    );
    const fixed = y.apply("Rename 'Issuer' to 'issuer'");
    assert.equal(
      fixed,
      'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: https://a\n    tokenSelection: {accessTokenOnly: {}}\n',
    );
    assert.deepEqual(codes('x.identity-source.yaml', fixed), []);
    assert.ok(y.all.find(a => a.title === "Rename 'Issuer' to 'issuer'")!.isPreferred);
    const j = actions(
      'x.trust-provider.json',
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyRefrenceName": "idc"}',
    );
    assert.equal(
      j.apply("Rename 'PolicyRefrenceName' to 'PolicyReferenceName'"),
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc"}',
    );
  });

  it('remove an unknown member / a member that cannot be modified', () => {
    const a = actions(
      'x.trust-provider.json',
      '{\n  "VerifiedAccessTrustProviderId": "vatp-1",\n  "PolicyReferenceName": "idc",\n  "Description": "d"\n}',
    );
    assert.equal(
      a.apply("Remove 'PolicyReferenceName'"),
      '{\n  "VerifiedAccessTrustProviderId": "vatp-1",\n  "Description": "d"\n}',
    );
  });

  it('remove the extra union member', () => {
    const text =
      'policyStoreId: PS1\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\n  openIdConnectConfiguration:\n    issuer: https://a\n    tokenSelection:\n      accessTokenOnly: {}\nprincipalEntityType: User\n';
    const fixed = actions('x.identity-source.yaml', text).apply("Remove 'openIdConnectConfiguration'");
    assert.equal(
      fixed,
      'policyStoreId: PS1\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\nprincipalEntityType: User\n',
    );
    assert.deepEqual(codes('x.identity-source.yaml', fixed), []);
    const json =
      '{"policyStoreId": "PS1", "configuration": {"cognitoUserPoolConfiguration": {"userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a"}, "openIdConnectConfiguration": {}}}';
    const fixedJson = actions('x.identity-source.json', json).apply("Remove 'openIdConnectConfiguration'");
    assert.equal(
      fixedJson,
      '{"policyStoreId": "PS1", "configuration": {"cognitoUserPoolConfiguration": {"userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a"}}}',
    );
  });

  it('insert missing required members (one, or all) in YAML and JSON', () => {
    const y = actions(
      'x.identity-source.yaml',
      'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    entityIdPrefix: p\n',
    );
    assert.equal(
      y.apply('Add all missing members (issuer, tokenSelection)'),
      'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    entityIdPrefix: p\n    issuer: ""\n    tokenSelection: {}\n',
    );
    assert.equal(
      actions('x.trust-provider.yaml', 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center').apply(
        "Add missing member 'PolicyReferenceName'",
      ),
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: ""\n',
    );
    const j = actions(
      'x.identity-source.json',
      '{\n  "policyStoreId": "PS1",\n  "configuration": {\n    "cognitoUserPoolConfiguration": {}\n  }\n}',
    );
    const fixed = j.apply("Add missing member 'userPoolArn'");
    assert.equal(
      fixed,
      '{\n  "policyStoreId": "PS1",\n  "configuration": {\n    "cognitoUserPoolConfiguration": {\n      "userPoolArn": ""\n    }\n  }\n}',
    );
    assert.doesNotThrow(() => JSON.parse(fixed));
  });

  it('insert a member the rules require, into an empty value', () => {
    const fixed = actions(
      'x.trust-provider.yaml',
      'TrustProviderType: device\nDeviceTrustProviderType: crowdstrike\nPolicyReferenceName: cs\nDeviceOptions:\n',
    ).apply("Add 'TenantId'");
    assert.equal(
      fixed,
      'TrustProviderType: device\nDeviceTrustProviderType: crowdstrike\nPolicyReferenceName: cs\nDeviceOptions:\n  TenantId: ""\n',
    );
    const tags = actions(
      'x.trust-provider.yaml',
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nTagSpecifications:\n  - Tags:\n      - Key: a\n        Value: b\n',
    ).apply("Add 'ResourceType'");
    assert.match(tags, / {2}- Tags:\n {6}- Key: a\n {8}Value: b\n {4}ResourceType: verified-access-trust-provider\n$/);
    assert.deepEqual(codes('x.trust-provider.yaml', tags), []);
  });

  it('DryRun: false', () => {
    const text =
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: true\n';
    const fixed = actions('x.trust-provider.yaml', text).apply('Set DryRun to false');
    assert.equal(fixed, text.replace('DryRun: true', 'DryRun: false'));
    assert.deepEqual(codes('x.trust-provider.yaml', fixed), []);
  });

  it('enum and tenant ID fixes use the suggestion', () => {
    assert.equal(
      actions(
        'x.trust-provider.json',
        '{"TrustProviderType": "User", "PolicyReferenceName": "x", "UserTrustProviderType": "OIDC"}',
      ).apply("Change to 'user'"),
      '{"TrustProviderType": "user", "PolicyReferenceName": "x", "UserTrustProviderType": "OIDC"}',
    );
    const cs = actions(
      'x.trust-provider.yaml',
      'TrustProviderType: device\nDeviceTrustProviderType: crowdstrike\nPolicyReferenceName: cs\nDeviceOptions:\n  TenantId: ABCDEF0123-1A\n',
    );
    assert.match(cs.apply("Change to 'abcdef0123'"), /TenantId: abcdef0123\n/);
  });

  it('move a literal ClientSecret to secret storage: a command with the value range, never the value', () => {
    const text =
      'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  ClientSecret: s3cr3t-value\n';
    const a = actions('x.trust-provider.yaml', text).all.find(x => x.title.startsWith('Move the secret'));
    assert.ok(a?.command);
    assert.equal(a.command.command, 'verifiedIdentity.storeSecret');
    assert.deepEqual(a.command.arguments, [
      {
        uri: 'file:///ws/x.trust-provider.yaml',
        range: { start: { line: 4, character: 16 }, end: { line: 4, character: 28 } },
        name: 'x.trust-provider/OidcOptions.ClientSecret',
      },
    ]);
    assert.ok(!JSON.stringify(a).includes('s3cr3t-value'));
  });

  it('remove a JSON trailing comma', () => {
    assert.equal(
      actions(
        'x.trust-provider.json',
        '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc",}',
      ).apply('Remove the trailing comma'),
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc"}',
    );
  });

  it('turn a create file into an update file', () => {
    const is = actions(
      'x.identity-source.yaml',
      'clientToken: tok-1\npolicyStoreId: PS1\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\nprincipalEntityType: User\n',
    );
    const updated = is.apply(
      'Convert to an UpdateIdentitySource request (drops clientToken, which cannot change after creation)',
    );
    assert.equal(
      updated,
      'identitySourceId: ""\npolicyStoreId: PS1\nupdateConfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\nprincipalEntityType: User\n',
    );
    assert.deepEqual(codes('x.identity-source.yaml', updated), ['placeholder']);
    const tp = actions(
      'x.trust-provider.json',
      '{\n  "TrustProviderType": "device",\n  "DeviceTrustProviderType": "jumpcloud",\n  "PolicyReferenceName": "jc",\n  "DeviceOptions": {\n    "TenantId": "t",\n    "PublicSigningKeyUrl": "https://k"\n  },\n  "Description": "d"\n}',
    );
    const modified = tp.apply(
      'Convert to a ModifyVerifiedAccessTrustProvider request (drops TrustProviderType, DeviceTrustProviderType, PolicyReferenceName, DeviceOptions.TenantId, which cannot change after creation)',
    );
    assert.equal(
      modified,
      '{\n  "VerifiedAccessTrustProviderId": "",\n  "DeviceOptions": {\n    "PublicSigningKeyUrl": "https://k"\n  },\n  "Description": "d"\n}',
    );
    assert.deepEqual(JSON.parse(modified), {
      VerifiedAccessTrustProviderId: '',
      DeviceOptions: { PublicSigningKeyUrl: 'https://k' },
      Description: 'd',
    });
    assert.ok(!actions('x.trust-provider.json', modified).all.some(a => a.kind === 'refactor.rewrite'));
  });

  it('only offers fixes for diagnostics in the requested range', () => {
    const text = 'TrustProviderType: User\nPolicyReferenceName: idc\nDryRun: true\n';
    const file = analyze('x.trust-provider.yaml', text);
    const onLine0 = service.codeActions(file, { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } });
    assert.ok(onLine0.some(a => a.title === "Change to 'user'"));
    assert.ok(!onLine0.some(a => a.title === 'Set DryRun to false'));
  });
});
