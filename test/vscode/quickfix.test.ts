/**
 * Every quick fix of SPEC §3, applied as the editor applies it: `vscode.executeCodeActionProvider` on the
 * diagnostic's range, then the action's edit through `workspace.applyEdit` and its command. The assertions are on
 * the document text afterwards (and on the diagnostic going away).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StoreSecretResult } from '../../client/src/commands/store-secret';
import { literalValue, replacementText } from '../../client/src/commands/store-secret';
import {
  actionTitled,
  applyAction,
  closeEditors,
  diagnostic,
  extensionApi,
  freshName,
  noDiagnostic,
  openMarked,
  textOf,
} from './editor.helpers';
import { fixtureUri } from './util';

describe('quick fixes in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('did you mean: renames Issuer to issuer (unknown-member)', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'rename', '.identity-source.yaml'),
      [
        'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    Issuer: https://login.example.com',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'unknown-member');
    const action = await actionTitled(doc, d.range, /^Rename 'Issuer' to 'issuer'$/);
    assert.strictEqual(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.strictEqual(action.isPreferred, true);
    await applyAction(action);
    assert.match(await textOf(doc, t => t.includes('    issuer: https://login.example.com')), /^ {4}issuer: https/m);
    await noDiagnostic(doc, 'unknown-member');
  });

  it('removes the extra member of a tagged union (union-multiple)', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'union', '.identity-source.yaml'),
      [
        'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  cognitoUserPoolConfiguration:',
        '    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
        '  openIdConnectConfiguration:',
        '    issuer: https://login.example.com',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        'principalEntityType2: x',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'union-multiple');
    await applyAction(await actionTitled(doc, d.range, /^Remove 'openIdConnectConfiguration'$/));
    const text = await textOf(doc, t => !t.includes('openIdConnectConfiguration'));
    assert.ok(text.includes('  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp'), text);
    assert.ok(
      !text.includes('tokenSelection') && !text.includes('principalIdClaim'),
      `the whole member goes:\n${text}`,
    );
    assert.ok(text.includes('principalEntityType2: x'), `what follows stays:\n${text}`);
    await noDiagnostic(doc, 'union-multiple');
  });

  it('inserts a missing required member (missing-required), JSON', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'missing', '.trust-provider.json'),
      '{\n  "TrustProviderType": "user",\n  "UserTrustProviderType": "iam-identity-center"\n}\n',
    );
    const d = await diagnostic(doc, 'missing-required');
    await applyAction(await actionTitled(doc, d.range, /^Add missing member 'PolicyReferenceName'$/));
    const text = await textOf(doc, t => t.includes('"PolicyReferenceName"'));
    assert.deepStrictEqual(Object.keys(JSON.parse(text) as object).sort(), [
      'PolicyReferenceName',
      'TrustProviderType',
      'UserTrustProviderType',
    ]);
    await noDiagnostic(doc, 'missing-required');
  });

  it('inserts a missing required member (missing-required), YAML, inside its object', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'missing', '.identity-source.yaml'),
      [
        'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  cognitoUserPoolConfiguration:',
        '    clientIds: [abc]',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'missing-required');
    await applyAction(await actionTitled(doc, d.range, /^Add missing member 'userPoolArn'$/));
    const text = await textOf(doc, t => t.includes('userPoolArn'));
    assert.match(text, /\n {4}userPoolArn: /, text);
    await noDiagnostic(doc, 'missing-required');
  });

  it('sets DryRun to false (dry-run)', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'dryrun', '.trust-provider.yaml'),
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: true\n',
    );
    const d = await diagnostic(doc, 'dry-run');
    await applyAction(await actionTitled(doc, d.range, /^Set DryRun to false$/));
    assert.ok((await textOf(doc, t => t.includes('DryRun: false'))).endsWith('DryRun: false\n'));
    await noDiagnostic(doc, 'dry-run');
  });

  it('fixes an enum value (enum)', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'enum', '.trust-provider.yaml'),
      'TrustProviderType: Device\nDeviceTrustProviderType: jamf\nPolicyReferenceName: jamf\nDeviceOptions:\n  TenantId: corp\n',
    );
    const d = await diagnostic(doc, 'enum');
    await applyAction(await actionTitled(doc, d.range, /^Change to 'device'$/));
    assert.ok((await textOf(doc, t => t.startsWith('TrustProviderType: device\n'))).length > 0);
    await noDiagnostic(doc, 'enum');
  });

  it('adds UserTrustProviderType (user-type-required)', async () => {
    const { doc } = await openMarked(
      freshName('quickfix', 'usertype', '.trust-provider.yaml'),
      'TrustProviderType: user\nPolicyReferenceName: corp\n',
    );
    const d = await diagnostic(doc, 'user-type-required');
    await applyAction(await actionTitled(doc, d.range, /^Add 'UserTrustProviderType'$/));
    assert.match(await textOf(doc, t => t.includes('UserTrustProviderType')), /^UserTrustProviderType: /m);
  });

  it('turns a create file into an update file (refactor), and the status bar follows', async () => {
    const api = await extensionApi();
    const { doc } = await openMarked(
      freshName('quickfix', 'to-update', '.trust-provider.yaml'),
      'TrustProviderType: device\nDeviceTrustProviderType: jamf\nPolicyReferenceName: jamf\nDeviceOptions:\n  TenantId: corp\nDescription: Jamf\n',
    );
    assert.strictEqual((await api.status.refresh())?.kind, 'trust-provider');
    assert.strictEqual(api.status.text, '$(shield) Trust provider · create');
    const action = await actionTitled(
      doc,
      new vscode.Range(5, 0, 5, 0),
      /^Convert to a ModifyVerifiedAccessTrustProvider request/,
    );
    assert.strictEqual(action.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);
    await applyAction(action);
    const text = await textOf(doc, t => t.includes('VerifiedAccessTrustProviderId'));
    assert.ok(text.startsWith('VerifiedAccessTrustProviderId: ""\n'), text);
    for (const createOnly of ['TrustProviderType', 'DeviceTrustProviderType', 'PolicyReferenceName', 'TenantId']) {
      assert.ok(!text.includes(createOnly), `${createOnly} is dropped:\n${text}`);
    }
    assert.ok(text.includes('Description: Jamf'), text);
    const info = await api.status.refresh();
    assert.strictEqual(info?.kind, 'trust-provider-update');
    assert.strictEqual(api.status.text, '$(shield) Trust provider · modify');
  });

  describe('literal ClientSecret → secret storage (literal-secret → verifiedIdentity.storeSecret)', () => {
    // The warning is for files that are likely committed: a folder with a `.git`, made before any file in it is read.
    let dir: string;
    before(async () => {
      dir = freshName('quickfix', 'repo', '');
      await vscode.workspace.fs.createDirectory(fixtureUri(`${dir}/.git`));
    });

    const oidc = (secret: string) =>
      [
        'TrustProviderType: user',
        'UserTrustProviderType: oidc',
        'PolicyReferenceName: corp',
        'OidcOptions:',
        '  Issuer: https://idp.example.com',
        '  AuthorizationEndpoint: https://idp.example.com/authorize',
        '  TokenEndpoint: https://idp.example.com/token',
        '  UserInfoEndpoint: https://idp.example.com/userinfo',
        '  ClientId: corp-client',
        `  ClientSecret: ${secret}`,
        '  Scope: openid',
        '',
      ].join('\n');

    it('YAML: the command stores the literal and replaces it by a reference; the log never sees it', async () => {
      const api = await extensionApi();
      const secret = `s3cr3t-${Date.now().toString(36)}`;
      const { doc } = await openMarked(`${dir}/okta.trust-provider.yaml`, oidc(secret));
      const d = await diagnostic(doc, 'literal-secret');
      assert.strictEqual(doc.getText(d.range), secret);
      const action = await actionTitled(doc, d.range, /secret storage/);
      assert.strictEqual(action.command?.command, 'verifiedIdentity.storeSecret');
      assert.ok(
        !JSON.stringify(action.command?.arguments).includes(secret),
        'the secret never travels in the command arguments',
      );
      const result = (await applyAction(action)) as StoreSecretResult;
      assert.strictEqual(result.name, 'okta.trust-provider/OidcOptions.ClientSecret');
      const text = await textOf(doc, t => !t.includes(secret));
      assert.ok(text.includes('  ClientSecret: ${secret:okta.trust-provider/OidcOptions.ClientSecret}\n'), text);
      await noDiagnostic(doc, 'literal-secret');
      assert.ok(!api.log.recent().some(l => l.includes(secret)), 'the secret is not in the log');
      assert.ok(api.log.recent().some(l => l.includes('${secret:okta.trust-provider/OidcOptions.ClientSecret}')));

      // Stored: the same name with another value gets a new name, the same value reuses it.
      const { doc: other } = await openMarked(`${dir}/other/okta.trust-provider.yaml`, oidc('another-value-123'));
      const d2 = await diagnostic(other, 'literal-secret');
      const r2 = (await applyAction(await actionTitled(other, d2.range, /secret storage/))) as StoreSecretResult;
      assert.strictEqual(r2.name, 'okta.trust-provider/OidcOptions.ClientSecret-2');
      const { doc: same } = await openMarked(`${dir}/same/okta.trust-provider.yaml`, oidc(secret));
      const d3 = await diagnostic(same, 'literal-secret');
      const r3 = (await applyAction(await actionTitled(same, d3.range, /secret storage/))) as StoreSecretResult;
      assert.strictEqual(r3.name, 'okta.trust-provider/OidcOptions.ClientSecret');
    });

    it('JSON: the quoted literal becomes a quoted reference', async () => {
      const { doc } = await openMarked(
        `${dir}/corp.trust-provider.json`,
        JSON.stringify(
          {
            TrustProviderType: 'user',
            UserTrustProviderType: 'oidc',
            PolicyReferenceName: 'corp',
            OidcOptions: { Issuer: 'https://idp.example.com', ClientSecret: 'json-s3cr3t "quoted"', Scope: 'openid' },
          },
          null,
          2,
        ),
      );
      const d = await diagnostic(doc, 'literal-secret');
      await applyAction(await actionTitled(doc, d.range, /secret storage/));
      const text = await textOf(doc, t => !t.includes('json-s3cr3t'));
      const parsed = JSON.parse(text) as { OidcOptions: { ClientSecret: string } };
      assert.strictEqual(parsed.OidcOptions.ClientSecret, '${secret:corp.trust-provider/OidcOptions.ClientSecret}');
    });
  });

  it('reads every YAML and JSON scalar form of a literal, and quotes the reference as needed', () => {
    assert.strictEqual(literalValue('"a\\"b\\u0041"', 'json'), 'a"bA');
    assert.strictEqual(literalValue('plain value', 'yaml'), 'plain value');
    assert.strictEqual(literalValue("'it''s'", 'yaml'), "it's");
    assert.strictEqual(literalValue('"tab\\there"', 'yaml'), 'tab\there');
    assert.strictEqual(literalValue('123456', 'yaml'), '123456');
    assert.throws(() => literalValue('{a: 1}', 'yaml'));
    assert.strictEqual(replacementText('"x"', '${secret:n}', 'json', '  "ClientSecret": '), '"${secret:n}"');
    assert.strictEqual(replacementText("'x'", '${secret:n}', 'yaml', '  ClientSecret: '), "'${secret:n}'");
    assert.strictEqual(replacementText('x', '${secret:n}', 'yaml', '  ClientSecret: '), '${secret:n}');
    assert.strictEqual(replacementText('x', '${secret:n}', 'yaml', 'OidcOptions: {ClientSecret: '), '"${secret:n}"');
  });
});
