/**
 * Diagnostics of each family (SPEC §3) as VS Code shows them: `vscode.languages.getDiagnostics` has the stable code,
 * the severity, and the exact range (the key for unknown/missing members, the value for value errors). Sources are
 * written into the workspace with `«…»` around each expected range.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeEditors, diagnostic, extensionApi, freshName, openMarked, show } from './editor.helpers';

interface Case {
  family: string;
  code: string;
  severity: vscode.DiagnosticSeverity;
  suffix: string;
  source: string;
  /** Text the message must mention. */
  mentions: RegExp;
}

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;

const CASES: Case[] = [
  {
    family: 'syntax',
    code: 'syntax',
    severity: E,
    suffix: '.trust-provider.json',
    source:
      '{\n  "TrustProviderType": "user",\n  "UserTrustProviderType": "iam-identity-center",\n  "PolicyReferenceName": "idc"«,»\n}\n',
    mentions: /[Tt]railing comma/,
  },
  {
    family: 'syntax',
    code: 'duplicate-key',
    severity: E,
    suffix: '.trust-provider.yaml',
    source:
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: a\n«PolicyReferenceName»: b\n',
    mentions: /PolicyReferenceName/,
  },
  {
    family: 'shape (did you mean, wrong casing)',
    code: 'unknown-member',
    severity: E,
    suffix: '.identity-source.yaml',
    source: [
      'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
      'principalEntityType: MyApp::User',
      'configuration:',
      '  openIdConnectConfiguration:',
      '    «Issuer»: https://login.example.com',
      '    tokenSelection:',
      '      identityTokenOnly:',
      '        principalIdClaim: sub',
      '',
    ].join('\n'),
    mentions: /Did you mean 'issuer'\?/,
  },
  {
    family: 'shape (wrong type)',
    code: 'wrong-type',
    severity: E,
    suffix: '.trust-provider.yaml',
    source:
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: «yes»\n',
    mentions: /DryRun/,
  },
  {
    family: 'shape (missing required member, on the owner key)',
    code: 'missing-required',
    severity: E,
    suffix: '.identity-source.yaml',
    source: [
      'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
      'configuration:',
      '  «cognitoUserPoolConfiguration»:',
      '    clientIds: [abc]',
      '',
    ].join('\n'),
    mentions: /userPoolArn/,
  },
  {
    family: 'shape (enum, on the value)',
    code: 'enum',
    severity: E,
    suffix: '.trust-provider.yaml',
    source: 'TrustProviderType: «usr»\nPolicyReferenceName: corp\n',
    mentions: /Did you mean 'user'\?/,
  },
  {
    family: 'shape (tagged union with two members)',
    code: 'union-multiple',
    severity: E,
    suffix: '.identity-source.yaml',
    source: [
      'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
      'principalEntityType: MyApp::User',
      'configuration:',
      '  cognitoUserPoolConfiguration:',
      '    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
      '  «openIdConnectConfiguration»:',
      '    issuer: https://login.example.com',
      '    tokenSelection:',
      '      identityTokenOnly:',
      '        principalIdClaim: sub',
      '',
    ].join('\n'),
    mentions: /exactly one/,
  },
  {
    family: 'rules',
    code: 'user-type-required',
    severity: E,
    suffix: '.trust-provider.yaml',
    source: 'TrustProviderType: «user»\nPolicyReferenceName: corp\n',
    mentions: /UserTrustProviderType/,
  },
  {
    family: 'hygiene',
    code: 'dry-run',
    severity: W,
    suffix: '.trust-provider.yaml',
    source:
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: «true»\n',
    mentions: /DryRun/,
  },
  {
    family: 'syntax (JSON)',
    code: 'syntax',
    severity: E,
    suffix: '.identity-source.json',
    source: '{\n  «// comments are not JSON»\n  "policyStoreId": "C7v5xMplfFH3i3e4Jrzb1a"\n}\n',
    mentions: /[Cc]omment/,
  },
];

describe('diagnostics in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  for (const c of CASES) {
    it(`${c.family}: ${c.code} at the exact range`, async () => {
      const { doc, ranges } = await openMarked(freshName('diagnostics', c.code, c.suffix), c.source);
      const d = await diagnostic(doc, c.code);
      assert.strictEqual(show(d.range), show(ranges[0]), `range of ${c.code}: ${JSON.stringify(doc.getText(d.range))}`);
      assert.strictEqual(d.severity, c.severity);
      assert.match(d.message, c.mentions);
      assert.strictEqual(d.source, 'verified-identity');
    });
  }

  it('no diagnostics (and no status) for a YAML file that is not associated', async () => {
    const api = await extensionApi();
    const { doc } = await openMarked(freshName('diagnostics', 'plain', '.yaml'), 'TrustProviderType: usr\nBogus: 1\n');
    assert.strictEqual(await api.status.refresh(), undefined);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
  });
});
