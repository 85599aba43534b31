/**
 * Which files are ours (SPEC §2), in a real VS Code: the YAML first-line modeline in an arbitrarily named file, the
 * `verifiedIdentity.files` setting from the workspace's `.vscode/settings.json` (and changed at run time), and the
 * status-bar item that shows the kind.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeEditors, diagnostic, extensionApi, freshName, openMarked, show } from './editor.helpers';
import { diagnosticsFor, openFixture } from './util';

describe('file association in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('modeline: "# verified-identity: trust-provider" makes notes/anything.yaml a trust provider', async () => {
    const api = await extensionApi();
    const doc = await openFixture('notes/anything.yaml');
    const d = await diagnostic(doc, 'dry-run');
    assert.strictEqual(doc.getText(d.range), 'true');
    const info = await api.status.refresh();
    assert.strictEqual(info?.associatedBy, 'modeline');
    assert.strictEqual(info?.kind, 'trust-provider');
    assert.strictEqual(api.status.text, '$(shield) Trust provider · create');
  });

  it('modeline: removing the first line un-associates the file, and its diagnostics go', async () => {
    const api = await extensionApi();
    const { doc } = await openMarked(
      freshName('association', 'modeline', '.yaml'),
      '# verified-identity: identity-source\npolicyStoreId: C7v5xMplfFH3i3e4Jrzb1a\nBogus: 1\n',
    );
    await diagnostic(doc, 'unknown-member');
    assert.strictEqual((await api.status.refresh())?.kind, 'identity-source');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(doc.uri, new vscode.Range(0, 0, 1, 0));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsFor(doc.uri, ds => ds.length === 0);
    assert.strictEqual(await api.status.refresh(), undefined);
  });

  it('modeline: the update kind can be forced (identity-source-update)', async () => {
    const api = await extensionApi();
    await openMarked(
      freshName('association', 'modeline-update', '.yml'),
      '# verified-identity: identity-source-update\npolicyStoreId: C7v5xMplfFH3i3e4Jrzb1a\nidentitySourceId: ISabcdefghijklmnopqrstu\n',
    );
    const info = await api.status.refresh();
    assert.strictEqual(info?.kind, 'identity-source-update');
    assert.strictEqual(api.status.text, '$(shield) Identity source · update');
  });

  it('setting: .vscode/settings.json maps infra/idp/*.yaml to trust-provider', async () => {
    const api = await extensionApi();
    const doc = await openFixture('infra/idp/corp.yaml');
    const d = await diagnostic(doc, 'user-type-required');
    assert.strictEqual(show(d.range), '1:19-1:23');
    const info = await api.status.refresh();
    assert.strictEqual(info?.associatedBy, 'setting');
    assert.ok(info.errors >= 1);
  });

  it('setting: a change at run time associates new files (and stops when removed)', async () => {
    const api = await extensionApi();
    const config = vscode.workspace.getConfiguration('verifiedIdentity');
    const before = config.inspect<Record<string, string>>('files')?.workspaceValue ?? {};
    const { doc } = await openMarked(
      freshName('association/runtime', 'idp', '.yaml'),
      'TrustProviderType: usr\nPolicyReferenceName: corp\n',
    );
    assert.strictEqual(await api.status.refresh(), undefined, 'not associated before the setting');
    try {
      await config.update(
        'files',
        { ...before, 'association/runtime/*.yaml': 'trust-provider' },
        vscode.ConfigurationTarget.Workspace,
      );
      const d = await diagnostic(doc, 'enum');
      assert.strictEqual(doc.getText(d.range), 'usr');
      assert.strictEqual((await api.status.refresh())?.associatedBy, 'setting');
    } finally {
      await config.update('files', before, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsFor(doc.uri, ds => ds.length === 0);
  });

  it('the status bar is hidden for other files and follows the active editor', async () => {
    const api = await extensionApi();
    await openMarked(freshName('association', 'plain', '.json'), '{ "TrustProviderType": "user" }\n');
    assert.strictEqual(await api.status.refresh(), undefined);
    assert.strictEqual(api.status.text, undefined);
    await openFixture('cognito.identity-source.json');
    const info = await api.status.refresh();
    assert.strictEqual(info?.kind, 'identity-source');
    assert.strictEqual(info?.associatedBy, 'default');
    assert.strictEqual(info?.errors, 0);
    assert.strictEqual(api.status.text, '$(shield) Identity source · create');
  });
});
