/** Smoke test of the extension in a real VS Code: it is there, it activates on our files, diagnostics arrive. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, diagnosticWithCode, diagnosticsFor, openFixture, waitFor } from './util';

describe('smoke: Verified Identity in a real VS Code', () => {
  it('is installed (from the development path)', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not found`);
    assert.strictEqual(extension.packageJSON.name, 'verified-identity');
  });

  it('activates when a *.trust-provider.yaml file is opened', async () => {
    const document = await openFixture('okta.trust-provider.yaml');
    assert.strictEqual(document.languageId, 'yaml');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => extension.isActive, 30_000, { message: `${EXTENSION_ID} to activate` });
  });

  it('reports unknown-member from the language server for a YAML identity source', async () => {
    const document = await openFixture('broken-oidc.identity-source.yaml');
    const d = await diagnosticWithCode(document.uri, 'unknown-member', "'Issuer' is not a member");
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Did you mean 'issuer'\?/);
    assert.strictEqual(document.getText(d.range), 'Issuer');
  });

  it('reports unknown-member for a JSON trust provider', async () => {
    const document = await openFixture('broken.trust-provider.json');
    assert.strictEqual(document.languageId, 'json');
    const d = await diagnosticWithCode(document.uri, 'unknown-member', "'Scopes' is not a member");
    assert.match(d.message, /Did you mean 'Scope'\?/);
    assert.ok(
      document.getText(d.range).includes('Scopes'),
      `range covers ${JSON.stringify(document.getText(d.range))}`,
    );
  });

  for (const name of ['okta.trust-provider.yaml', 'cognito.identity-source.json']) {
    it(`reports no errors for the valid sample ${name}`, async () => {
      // Diagnostics may be pulled, so "none yet" and "none" look alike: add an error, see it, undo, see it go.
      const document = await openFixture(name);
      const editor = await vscode.window.showTextDocument(document);
      const errors = () =>
        vscode.languages.getDiagnostics(document.uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error);
      const json = document.languageId === 'json';
      await editor.edit(b => b.insert(new vscode.Position(0, json ? 1 : 0), json ? '"Bogus": 1,' : 'Bogus: 1\n'));
      await diagnosticWithCode(document.uri, 'unknown-member', "'Bogus'");
      await vscode.commands.executeCommand('undo');
      await diagnosticsFor(document.uri, () => errors().length === 0);
      assert.strictEqual(document.isDirty, false);
      assert.deepStrictEqual(
        errors().map(d => `${codeOf(d)}: ${d.message}`),
        [],
      );
    });
  }
});
