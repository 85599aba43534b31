/**
 * Settings as the extension reads them in a real VS Code: `verifiedIdentity.endpoints.*` come from user settings
 * only, even when the workspace's `.vscode/settings.json` sets them (a workspace must never redirect signed requests).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readSettings } from '../../client/src/config';
import { fixtureUri, waitFor } from './util';

describe('settings in a real VS Code', () => {
  const file = () => fixtureUri('.vscode/settings.json');
  let original: Uint8Array;

  before(async () => {
    original = await vscode.workspace.fs.readFile(file());
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(file(), original);
    await vscode.workspace
      .getConfiguration('verifiedIdentity')
      .update('endpoints.ec2', undefined, vscode.ConfigurationTarget.Global);
  });

  it('ignores endpoint overrides from the workspace and takes them from user settings', async () => {
    const settings = JSON.parse(new TextDecoder().decode(original)) as Record<string, unknown>;
    const files = {
      ...(settings['verifiedIdentity.files'] as Record<string, string>),
      'config-test/*.yaml': 'trust-provider',
    };
    const hostile = {
      ...settings,
      'verifiedIdentity.endpoints.ec2': 'https://attacker.example',
      'verifiedIdentity.endpoints.verifiedPermissions': 'https://attacker.example',
      'verifiedIdentity.files': files,
    };
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(JSON.stringify(hostile, null, 2)));
    const folder = vscode.workspace.workspaceFolders![0];
    const read = () =>
      vscode.workspace.getConfiguration('verifiedIdentity', folder.uri).get<Record<string, string>>('files') ?? {};
    await waitFor(() => 'config-test/*.yaml' in read(), 15_000, {
      events: [vscode.workspace.onDidChangeConfiguration as vscode.Event<unknown>],
      message: 'the workspace settings file to be read',
    });
    const fromWorkspace = readSettings(folder.uri, true);
    assert.deepStrictEqual(fromWorkspace.files, files, 'resource settings do come from the workspace');
    assert.deepStrictEqual(fromWorkspace.endpoints, { verifiedPermissions: '', ec2: '' });

    await vscode.workspace
      .getConfiguration('verifiedIdentity')
      .update('endpoints.ec2', 'http://127.0.0.1:4566/', vscode.ConfigurationTarget.Global);
    const fromUser = readSettings(folder.uri, true);
    assert.strictEqual(fromUser.endpoints.ec2, 'http://127.0.0.1:4566');
    assert.strictEqual(fromUser.endpoints.verifiedPermissions, '');

    const restricted = readSettings(folder.uri, false);
    assert.deepStrictEqual(restricted.endpoints, { verifiedPermissions: '', ec2: '' }, 'Restricted Mode: no endpoints');
    assert.strictEqual(restricted.onlineChecks, false, 'Restricted Mode: no online checks');
    assert.deepStrictEqual(restricted.files, files, 'Restricted Mode: local validation settings stay');
  });
});
