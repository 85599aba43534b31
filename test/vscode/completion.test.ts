/**
 * Completion and hover through VS Code's own commands (`vscode.executeCompletionItemProvider`,
 * `vscode.executeHoverProvider`): member names of the structure at the cursor, enum values, and the JSON/YAML
 * snippets of snippets/ (contributed by package.json, expanded by VS Code). `‸` marks the cursor.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeEditors, extensionApi, freshName, openMarked } from './editor.helpers';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function complete(doc: vscode.TextDocument, at: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    at,
  );
  return list.items;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap(h => h.contents)
    .map(c => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('completion and hover in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('completes the members of openIdConnectConfiguration (YAML), required first', async () => {
    const { doc, cursor } = await openMarked(
      freshName('completion', 'members', '.identity-source.yaml'),
      [
        'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    entityIdPrefix: corp',
        '    ‸',
        '',
      ].join('\n'),
    );
    const items = await complete(doc, cursor!);
    const labels = items.map(labelOf);
    for (const member of ['issuer', 'tokenSelection', 'groupConfiguration'])
      assert.ok(labels.includes(member), `${member} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('entityIdPrefix'), 'members already present are not offered');
    const issuer = items.find(i => labelOf(i) === 'issuer')!;
    const group = items.find(i => labelOf(i) === 'groupConfiguration')!;
    assert.strictEqual(issuer.kind, vscode.CompletionItemKind.Property);
    assert.ok(
      (issuer.sortText ?? 'issuer') < (group.sortText ?? 'groupConfiguration'),
      'required issuer sorts before optional groupConfiguration',
    );
  });

  it('completes the members of a JSON trust provider', async () => {
    const { doc, cursor } = await openMarked(
      freshName('completion', 'members', '.trust-provider.json'),
      '{\n  "TrustProviderType": "user",\n  ‸\n}\n',
    );
    const labels = (await complete(doc, cursor!)).map(labelOf);
    for (const member of ['PolicyReferenceName', 'UserTrustProviderType', 'OidcOptions']) {
      assert.ok(
        labels.some(l => l === member || l === `"${member}"`),
        `${member} in ${labels.join(', ')}`,
      );
    }
  });

  it('completes enum values of TrustProviderType: user, device', async () => {
    const { doc, cursor } = await openMarked(
      freshName('completion', 'enum', '.trust-provider.yaml'),
      'TrustProviderType: ‸\nPolicyReferenceName: corp\n',
    );
    const items = await complete(doc, cursor!);
    const values = items
      .filter(i => i.kind === vscode.CompletionItemKind.EnumMember || i.kind === vscode.CompletionItemKind.Value)
      .map(labelOf);
    assert.ok(values.includes('user') && values.includes('device'), `enum values: ${values.join(', ')}`);
    const user = items.find(i => labelOf(i) === 'user')!;
    const doc_ = typeof user.documentation === 'string' ? user.documentation : (user.documentation?.value ?? '');
    assert.ok(doc_.length > 0 || (user.detail ?? '').length > 0, 'enum values explain their meaning');
  });

  it('hovers a member with its type, required-ness and doc', async () => {
    const { doc, ranges } = await openMarked(
      freshName('completion', 'hover', '.identity-source.yaml'),
      [
        'policyStoreId: C7v5xMplfFH3i3e4Jrzb1a',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    «issuer»: https://login.example.com',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const at = ranges[0].start.translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hoverText(hovers);
    assert.match(text, /\*\*issuer\*\*/);
    assert.match(text, /required/);
    assert.match(text, /configuration\.openIdConnectConfiguration\.issuer/);
    const ours = hovers.find(h => hoverText([h]).includes('**issuer**'))!;
    assert.ok(ours.range?.isEqual(ranges[0]), 'the hover covers the key');
  });

  it('hovers an enum value with the allowed values', async () => {
    const { doc, ranges } = await openMarked(
      freshName('completion', 'hover-enum', '.trust-provider.yaml'),
      'TrustProviderType: «device»\nDeviceTrustProviderType: jamf\nPolicyReferenceName: jamf\n',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      ranges[0].start.translate(0, 1),
    );
    const text = hoverText(hovers);
    assert.match(text, /`user`/);
    assert.match(text, /`device`.*current/);
  });

  for (const [language, suffix] of [
    ['yaml', '.trust-provider.yaml'],
    ['json', '.trust-provider.json'],
  ] as const) {
    it(`offers the ${language} snippets of snippets/ (vi-trust-provider-oidc expands to the template)`, async () => {
      const { doc, cursor } = await openMarked(freshName('completion', 'snippet', suffix), '‸');
      assert.strictEqual(doc.languageId, language);
      const items = await complete(doc, cursor!);
      const snippet = items.find(
        i => labelOf(i) === 'vi-trust-provider-oidc' && i.kind === vscode.CompletionItemKind.Snippet,
      );
      assert.ok(
        snippet,
        `snippets: ${items
          .filter(i => i.kind === vscode.CompletionItemKind.Snippet)
          .map(labelOf)
          .join(', ')}`,
      );
      const body =
        snippet.insertText instanceof vscode.SnippetString ? snippet.insertText.value : String(snippet.insertText);
      assert.match(body, /UserTrustProviderType/);
      assert.match(body, /\\\$\{secret:idp-client-secret\\\}/);
    });
  }
});
