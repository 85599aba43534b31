/**
 * Diagnostic code links in a real VS Code: the code of each diagnostic links to the extension's URI handler
 * (`<uriScheme>://verified-identity.verified-identity/rule/<code>`, no web host), and opening that link, as a click in
 * the Problems panel or a hover does, shows the docs/diagnostics.md shipped in the extension in the Markdown preview,
 * at the rule.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { OpenedRule } from '../../client/src/rule-docs';
import { extensionApi } from './editor.helpers';
import { EXTENSION_ID, diagnosticWithCode, openFixture, waitFor } from './util';

const tabs = () => vscode.window.tabGroups.all.flatMap(g => g.tabs);

describe('diagnostic code links', () => {
  it('open the shipped rule documentation in the Markdown preview, at the rule', async () => {
    const api = await extensionApi();
    const doc = await openFixture('broken.trust-provider.json');
    const d = await diagnosticWithCode(doc.uri, 'unknown-member', "'Scopes'");
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(typeof code, 'object', 'the code carries a link');
    assert.equal(code.target.scheme, vscode.env.uriScheme);
    assert.equal(code.target.authority, EXTENSION_ID);
    assert.equal(code.target.path, '/rule/unknown-member');

    const opened: OpenedRule[] = [];
    const listener = api.ruleDocs.onDidOpen(e => opened.push(e));
    try {
      await vscode.commands.executeCommand('vscode.open', code.target);
      const [rule] = await waitFor(() => opened.length > 0 && opened, 30_000, { message: 'the rule documentation' });
      assert.equal(rule.code, 'unknown-member');
      assert.equal(rule.shownIn, 'preview');
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const lines = fs.readFileSync(path.join(extension.extensionPath, 'docs', 'diagnostics.md'), 'utf8').split('\n');
      assert.ok(lines[rule.line].includes('<a id="unknown-member"></a>'), lines[rule.line]);
      const preview = await waitFor(
        () =>
          tabs().find(
            t =>
              t.input instanceof vscode.TabInputWebview &&
              /markdown\.preview/.test(t.input.viewType) &&
              t.label.includes('diagnostics.md'),
          ),
        30_000,
        { message: 'a Markdown preview of diagnostics.md' },
      );
      assert.ok(preview.isActive, 'the preview is the active tab');
      assert.deepEqual(
        tabs().filter(t => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/docs/diagnostics.md')),
        [],
        'the Markdown source it opened to place the preview is closed again',
      );
      await vscode.window.tabGroups.close(preview);
    } finally {
      listener.dispose();
    }
  });

  it('name no rule that does not exist', async () => {
    const api = await extensionApi();
    assert.equal(await api.ruleDocs.open('no-such-rule'), undefined);
  });
});
