/**
 * The extension's commands in a real VS Code: the command table agrees with package.json, Validate Workspace puts
 * closed files in the Problems panel, New Configuration File creates a file that validates without errors, Convert to
 * CloudFormation Resource and Convert to Request File open their result as a new document, and the log redacts
 * secrets.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ValidateWorkspaceResult } from '../../client/src/commands/validate-workspace';
import type { ConvertOutcome } from '../../client/src/convert/file';
import { awsApi } from './aws-helpers';
import { closeEditors, extensionApi, openMarked, writeFile } from './editor.helpers';
import { EXTENSION_ID, codeOf, diagnosticsFor, fixtureUri, waitFor } from './util';

/** Closes an untitled document without the "Save changes?" dialog. */
async function closeUntitled(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(uri);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

interface Manifest {
  contributes: { commands: { command: string }[] };
}

describe('commands in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('registers every command of the table, each declared in package.json', async () => {
    const api = await extensionApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const declared = new Set(manifest.contributes.commands.map(c => c.command));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(api.commands.length >= 5);
    for (const id of api.commands) {
      assert.ok(declared.has(id), `${id} is declared in contributes.commands`);
      assert.ok(registered.has(id), `${id} is registered`);
    }
  });

  describe('Validate Workspace', () => {
    let result: ValidateWorkspaceResult;
    before(async () => {
      // Files no test opens, in folders the search must skip.
      await writeFile('node_modules/some-package/ignored.trust-provider.yaml', 'Bogus: 1\n');
      result = (await vscode.commands.executeCommand<ValidateWorkspaceResult>('verifiedIdentity.validateWorkspace'))!;
      assert.ok(result, 'the command answers with its result');
    });

    it('finds files by default glob, by setting and by modeline, and skips node_modules and other YAML', () => {
      const names = result.uris.map(u => vscode.workspace.asRelativePath(vscode.Uri.parse(u)));
      for (const expected of [
        'closed/never-opened.identity-source.yaml',
        'closed/declared-by-modeline.yaml',
        'closed/access-corp.json',
        'infra/idp/corp.yaml',
        'notes/anything.yaml',
        'okta.trust-provider.yaml',
        'cognito.identity-source.json',
      ]) {
        assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      }
      assert.ok(!names.some(n => n.includes('node_modules')), 'node_modules is skipped');
      assert.ok(!names.includes('closed/not-ours.yaml'), 'an ordinary YAML file is not sent');
      assert.strictEqual(result.cancelled, false);
      assert.strictEqual(result.files, result.uris.length - result.failed.length);
      assert.ok(result.errors >= 3, `errors: ${result.errors}`);
    });

    it('closed files get their diagnostics in the Problems panel', async () => {
      const closed = fixtureUri('closed/never-opened.identity-source.yaml');
      assert.ok(
        !vscode.workspace.textDocuments.some(d => d.uri.toString() === closed.toString()),
        'the file is not open',
      );
      const ds = await diagnosticsFor(closed, all => all.some(d => codeOf(d) === 'unknown-member'));
      const d = ds.find(x => codeOf(x) === 'unknown-member')!;
      assert.strictEqual(d.range.start.line, 5);
      assert.strictEqual(d.range.start.character, 4);
      assert.strictEqual(d.range.end.character, 10);
      assert.match(d.message, /Did you mean 'issuer'\?/);

      const modeline = await diagnosticsFor(fixtureUri('closed/declared-by-modeline.yaml'), all =>
        all.some(x => codeOf(x) === 'enum'),
      );
      assert.ok(modeline.length > 0);
      const setting = await diagnosticsFor(fixtureUri('closed/access-corp.json'), all =>
        all.some(x => codeOf(x) === 'unknown-member'),
      );
      assert.ok(setting.length > 0);
    });
  });

  describe('New Configuration File', () => {
    it('creates jamf.trust-provider.yaml from the template, opens it, and it has no errors', async () => {
      const api = await extensionApi();
      const folder = fixtureUri(`new-files-${Date.now().toString(36)}`);
      await vscode.workspace.fs.createDirectory(folder);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('verifiedIdentity.newConfigurationFile', {
        template: 'trust-provider-jamf',
        format: 'yaml',
        folder,
      });
      assert.ok(uri);
      assert.strictEqual(path.basename(uri.fsPath), 'jamf.trust-provider.yaml');
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
      assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /DeviceTrustProviderType: jamf/);
      const info = await api.status.refresh();
      assert.strictEqual(info?.kind, 'trust-provider');
      assert.strictEqual(info?.errors, 0);

      const second = await vscode.commands.executeCommand<vscode.Uri>('verifiedIdentity.newConfigurationFile', {
        template: 'trust-provider-jamf',
        format: 'yaml',
        folder,
      });
      assert.strictEqual(path.basename(second.fsPath), 'jamf-2.trust-provider.yaml', 'never overwrites');
    });

    for (const [template, format] of [
      ['identity-source-cognito', 'json'],
      ['identity-source-oidc', 'yaml'],
      ['trust-provider-oidc', 'json'],
      ['trust-provider-iam-identity-center', 'yaml'],
      ['trust-provider-crowdstrike', 'json'],
      ['trust-provider-jumpcloud', 'yaml'],
    ] as const) {
      it(`${template} (${format}) validates without errors`, async () => {
        const api = await extensionApi();
        const folder = fixtureUri(`new-files-${template}`);
        await vscode.workspace.fs.createDirectory(folder);
        const uri = await vscode.commands.executeCommand<vscode.Uri>('verifiedIdentity.newConfigurationFile', {
          template,
          format,
          folder,
        });
        assert.ok(uri.fsPath.endsWith(`.${format}`));
        const info = await api.status.refresh();
        assert.ok(info, 'associated by its name');
        assert.strictEqual(info.errors, 0, `errors in ${vscode.workspace.asRelativePath(uri)}`);
      });
    }
  });

  describe('Convert to CloudFormation Resource / Convert to Request File', () => {
    it('a request file becomes a template in a new document; ClientToken and DryRun are left out', async () => {
      const api = await extensionApi();
      const uri = await writeFile(
        'convert/okta.trust-provider.yaml',
        [
          'TrustProviderType: user',
          'UserTrustProviderType: oidc',
          'PolicyReferenceName: okta',
          'ClientToken: retry-1',
          'DryRun: false',
          'OidcOptions:',
          '  Issuer: https://example.okta.com',
          '  ClientId: va-client',
          '  Scope: openid email',
          'TagSpecifications:',
          '  - ResourceType: verified-access-trust-provider',
          '    Tags:',
          '      - Key: Name',
          '        Value: okta',
          '',
        ].join('\n'),
      );
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      await waitFor(async () => (await api.status.refresh())?.kind === 'trust-provider', 15_000, {
        message: 'the request file is associated',
      });
      const outcome = await vscode.commands.executeCommand<ConvertOutcome>('verifiedIdentity.convertToCloudFormation');
      assert.ok(outcome, 'the command answers with the new document');
      assert.strictEqual(outcome.uri.scheme, 'untitled');
      assert.match(outcome.uri.path, /\/convert\/OktaTrustProvider\.template\.yaml$/);
      assert.strictEqual(outcome.logicalId, 'OktaTrustProvider');
      const doc = await vscode.workspace.openTextDocument(outcome.uri);
      assert.strictEqual(doc.languageId, 'yaml');
      assert.strictEqual(
        doc.getText(),
        [
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Resources:',
          '  OktaTrustProvider:',
          '    Type: AWS::EC2::VerifiedAccessTrustProvider',
          '    Properties:',
          '      TrustProviderType: user',
          '      UserTrustProviderType: oidc',
          '      PolicyReferenceName: okta',
          '      OidcOptions:',
          '        Issuer: https://example.okta.com',
          '        ClientId: va-client',
          '        Scope: openid email',
          '      Tags:',
          '        - Key: Name',
          '          Value: okta',
          '',
        ].join('\n'),
      );
      assert.ok(
        outcome.notes.some(n => n.startsWith('Left out ClientToken.')),
        outcome.notes.join(' | '),
      );
      assert.ok(
        outcome.notes.some(n => n.startsWith('Left out DryRun.')),
        outcome.notes.join(' | '),
      );
      await closeUntitled(outcome.uri);
    });

    it('JSON, as the resource entry alone, when the arguments ask for it', async () => {
      const uri = await writeFile(
        'convert/cognito.identity-source.json',
        JSON.stringify(
          {
            policyStoreId: 'PSEXAMPLEabcdefg111111',
            principalEntityType: 'MyCorp::User',
            configuration: {
              cognitoUserPoolConfiguration: {
                userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
                clientIds: ['client1'],
              },
            },
          },
          null,
          2,
        ),
      );
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const outcome = await vscode.commands.executeCommand<ConvertOutcome>('verifiedIdentity.convertToCloudFormation', {
        uri,
        format: 'json',
        wrap: 'resource',
      });
      assert.ok(outcome);
      assert.match(outcome.uri.path, /\/convert\/CognitoIdentitySource\.template\.json$/);
      const entry = JSON.parse(`{${(await vscode.workspace.openTextDocument(outcome.uri)).getText()}}`) as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >;
      assert.deepStrictEqual(entry, {
        CognitoIdentitySource: {
          Type: 'AWS::VerifiedPermissions::IdentitySource',
          Properties: {
            PolicyStoreId: 'PSEXAMPLEabcdefg111111',
            PrincipalEntityType: 'MyCorp::User',
            Configuration: {
              CognitoUserPoolConfiguration: {
                UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
                ClientIds: ['client1'],
              },
            },
          },
        },
      });
      assert.deepStrictEqual(outcome.notes, []);
      await closeUntitled(outcome.uri);
    });

    it('the template resource at the cursor becomes a request file, placeholders where intrinsics were', async () => {
      const api = await extensionApi();
      const { doc, cursor } = await openMarked(
        'convert/stack.template.yaml',
        [
          "AWSTemplateFormatVersion: '2010-09-09'",
          'Resources:',
          '  Store:',
          '    Type: AWS::VerifiedPermissions::PolicyStore',
          '    Properties:',
          '      ValidationSettings:',
          '        Mode: STRICT',
          '  Okta:',
          '    Type: AWS::VerifiedPermissions::IdentitySource',
          '    Properties:',
          '      PolicyStoreId: !Ref Store',
          '      PrincipalEntityType: MyCorp::User',
          '      Configuration:',
          '        OpenIdConnectConfiguration:',
          '          Issuer: https://dev-1.okta.com',
          '          TokenSelection:',
          '            IdentityTokenOnly:',
          '              PrincipalIdClaim: s‸ub',
          '              ClientIds: [app]',
          '  Topic:',
          '    Type: AWS::SNS::Topic',
          '',
        ].join('\n'),
      );
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      editor.selection = new vscode.Selection(cursor!, cursor!);
      const outcome = await vscode.commands.executeCommand<ConvertOutcome>('verifiedIdentity.convertToRequest');
      assert.ok(outcome);
      assert.strictEqual(outcome.uri.scheme, 'untitled');
      assert.match(outcome.uri.path, /\/convert\/Okta\.identity-source\.yaml$/);
      const request = await vscode.workspace.openTextDocument(outcome.uri);
      assert.strictEqual(
        request.getText(),
        [
          'policyStoreId: <Ref Store>',
          'principalEntityType: MyCorp::User',
          'configuration:',
          '  openIdConnectConfiguration:',
          '    issuer: https://dev-1.okta.com',
          '    tokenSelection:',
          '      identityTokenOnly:',
          '        principalIdClaim: sub',
          '        clientIds:',
          '          - app',
          '',
        ].join('\n'),
      );
      assert.deepStrictEqual(outcome.notes, [
        '1 value comes from intrinsic functions and cannot be literal here: replace the placeholder at policyStoreId (Ref).',
      ]);
      // The new file is a request file: the server checks it, and the placeholder is an error where it stands.
      await vscode.window.showTextDocument(request, { preview: false });
      await waitFor(async () => (await api.status.refresh())?.kind === 'identity-source', 15_000, {
        message: 'the converted file is associated as an identity source',
      });
      await diagnosticsFor(request.uri, ds => ds.some(d => d.range.start.line === 0));
      await closeUntitled(outcome.uri);
    });

    it('with the cursor outside every resource, it asks which one (JSON template)', async () => {
      const { prompts, restore } = await awsApi();
      try {
        prompts.picks = [];
        prompts.pickIndex = 1;
        const uri = await writeFile(
          'convert/two.template.json',
          JSON.stringify(
            {
              Resources: {
                Jamf: {
                  Type: 'AWS::EC2::VerifiedAccessTrustProvider',
                  Properties: {
                    TrustProviderType: 'device',
                    DeviceTrustProviderType: 'jamf',
                    PolicyReferenceName: 'jamf',
                    DeviceOptions: { TenantId: 'tenant' },
                  },
                },
                Idc: {
                  Type: 'AWS::EC2::VerifiedAccessTrustProvider',
                  Properties: {
                    TrustProviderType: 'user',
                    UserTrustProviderType: 'iam-identity-center',
                    PolicyReferenceName: 'idc',
                    Tags: [{ Key: 'Name', Value: { 'Fn::Sub': '${AWS::StackName}-idc' } }],
                  },
                },
              },
            },
            null,
            2,
          ),
        );
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
        const outcome = await vscode.commands.executeCommand<ConvertOutcome>('verifiedIdentity.convertToRequest', {
          uri,
          position: { line: 0, character: 0 },
        });
        assert.deepStrictEqual(prompts.picks, ['Which resource should become a request file?']);
        assert.ok(outcome);
        assert.strictEqual(outcome.logicalId, 'Idc');
        assert.match(outcome.uri.path, /\/convert\/Idc\.trust-provider\.json$/);
        assert.deepStrictEqual(JSON.parse((await vscode.workspace.openTextDocument(outcome.uri)).getText()), {
          TrustProviderType: 'user',
          UserTrustProviderType: 'iam-identity-center',
          PolicyReferenceName: 'idc',
          TagSpecifications: [
            { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'Name', Value: '<Fn::Sub>' }] },
          ],
        });
        await closeUntitled(outcome.uri);
      } finally {
        restore();
      }
    });
  });

  it('the log channel redacts secrets', async () => {
    const api = await extensionApi();
    api.log.info(
      'request',
      { OidcOptions: { ClientSecret: 'hunter2-secret' } },
      'Authorization: Bearer abcdefghijklmnop',
      'AKIAABCDEFGHIJKLMNOP',
    );
    const line = api.log.recent().at(-1)!;
    assert.ok(!line.includes('hunter2-secret'), line);
    assert.ok(!line.includes('abcdefghijklmnop'), line);
    assert.ok(!line.includes('AKIAABCDEFGHIJKLMNOP'), line);
    assert.match(line, /ClientSecret/);
  });

  it('Restart Language Server brings the server back', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('verifiedIdentity.restartServer');
    assert.ok(api.client.isRunning());
    const doc = await vscode.workspace.openTextDocument(fixtureUri('broken.trust-provider.json'));
    await vscode.window.showTextDocument(doc);
    await diagnosticsFor(doc.uri, ds => ds.some(d => codeOf(d) === 'unknown-member'));
  });
});
