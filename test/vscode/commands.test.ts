/**
 * The extension's commands in a real VS Code: the command table agrees with package.json, Validate Workspace puts
 * closed files in the Problems panel, New Configuration File creates a file that validates without errors, and the
 * log redacts secrets.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ValidateWorkspaceResult } from '../../client/src/commands/validate-workspace';
import { closeEditors, extensionApi, writeFile } from './editor.helpers';
import { EXTENSION_ID, codeOf, diagnosticsFor, fixtureUri } from './util';

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
