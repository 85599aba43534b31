import * as assert from 'node:assert/strict';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Hover,
  MarkupContent,
} from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { IDENTITY_SOURCE_JSON, TRUST_PROVIDER_YAML, applyEdits, editsFor, positionOf } from './fixtures';

const TP = 'file:///ws/okta.trust-provider.yaml';
const IS = 'file:///ws/app.identity-source.json';

const OIDC_JSON = `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "MyApp::User",
  "configuration": {
    "openIdConnectConfiguration": {
      
    }
  }
}
`;

describe('LSP: completion, hover, code actions, symbols', () => {
  let client: TestClient;
  before(async () => (client = await TestClient.start()));
  after(async () => client.stop());

  it('completes the members of an OIDC configuration (required first), with documentation on resolve', async () => {
    await client.open(IS, OIDC_JSON);
    const at = positionOf(OIDC_JSON, '"openIdConnectConfiguration": {\n', 38);
    const list = await client.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri: IS },
      position: at,
    });
    assert.ok(list && list.items.length > 0, 'completion items');
    const issuer = list.items.find(i => i.label === 'issuer');
    assert.ok(issuer, list.items.map(i => i.label).join(', '));
    assert.equal(issuer.insertTextFormat, 2, 'a snippet');
    const order = list.items
      .map(i => i.label)
      .sort((a, b) => {
        const key = (l: string) => list.items.find(i => i.label === l)!.sortText ?? l;
        return key(a).localeCompare(key(b));
      });
    assert.ok(order.indexOf('issuer') < order.indexOf('entityIdPrefix'), `required first: ${order.join(', ')}`);
    assert.equal(issuer.documentation, undefined, 'documentation comes with resolve');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', issuer);
    assert.match((resolved.documentation as MarkupContent).value, /\S/);
    assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
    // Applying the item produces the member in the text.
    const edit = issuer.textEdit as { range: never; newText: string };
    const text = applyEdits(OIDC_JSON, [
      { range: edit.range, newText: edit.newText.replace(/\$\{?\d+(:[^}]*)?\}?/g, '') },
    ]);
    assert.match(text, /"openIdConnectConfiguration": \{\s*"issuer": ""/);
  });

  it('completes YAML members of OidcOptions', async () => {
    const text = 'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  \n';
    await client.open(TP, text);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: TP },
      position: { line: 4, character: 2 },
    });
    const labels = list.items.map(i => i.label);
    for (const m of ['Issuer', 'ClientId', 'Scope']) assert.ok(labels.includes(m), labels.join(', '));
    await client.close(TP);
  });

  it('offers whole-file templates in an empty file', async () => {
    const uri = 'file:///ws/new.trust-provider.yaml';
    await client.open(uri, '');
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(
      list.items.some(i => i.kind === 15 && /OpenID Connect/.test(i.label)),
      list.items.map(i => i.label).join(', '),
    );
    await client.close(uri);
  });

  it('hovers a member with its type and allowed values', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: TP },
      position: positionOf(TRUST_PROVIDER_YAML, 'UserTrustProviderType', 3),
    });
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /UserTrustProviderType/);
    assert.match(value, /oidc/);
    assert.deepEqual(hover.range, {
      start: positionOf(TRUST_PROVIDER_YAML, 'UserTrustProviderType'),
      end: positionOf(TRUST_PROVIDER_YAML, 'UserTrustProviderType', 21),
    });
    await client.close(TP);
  });

  it('fixes a misspelled member with the did-you-mean quick fix (text after the edit)', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    const { diagnostics } = await client.waitForDiagnostics(TP);
    const unknown = diagnostics.find(d => d.code === 'unknown-member')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: TP },
      range: unknown.range,
      context: { diagnostics: [unknown], only: ['quickfix'] },
    });
    const rename = actions.find(a => a.isPreferred && /Scope/.test(a.title));
    assert.ok(rename, actions.map(a => a.title).join(' | '));
    assert.equal(rename.kind, 'quickfix');
    assert.ok(
      actions.every(a => a.kind === 'quickfix'),
      'only quick fixes were asked for',
    );
    const fixed = applyEdits(TRUST_PROVIDER_YAML, editsFor(rename.edit, TP));
    assert.equal(fixed, TRUST_PROVIDER_YAML.replace('Scop:', 'Scope:'));
    assert.equal(rename.diagnostics?.[0]?.code, 'unknown-member');
    await client.close(TP);
  });

  it('sets DryRun to false, even when the client dropped diagnostic data', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    const { diagnostics } = await client.waitForDiagnostics(TP);
    const dryRun = { ...diagnostics.find(d => d.code === 'dry-run')!, data: undefined };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: TP },
      range: dryRun.range,
      context: { diagnostics: [dryRun] },
    });
    const fix = actions.find(a => /false/.test(a.title));
    assert.ok(fix, actions.map(a => a.title).join(' | '));
    assert.equal(
      applyEdits(TRUST_PROVIDER_YAML, editsFor(fix.edit, TP)),
      TRUST_PROVIDER_YAML.replace('DryRun: true', 'DryRun: false'),
    );
    await client.close(TP);
  });

  it('renames Issuer to issuer in an identity-source JSON file', async () => {
    await client.open(IS, IDENTITY_SOURCE_JSON, 'json', 7);
    const { diagnostics } = await client.waitForDiagnostics(IS);
    const casing = diagnostics.find(d => d.code === 'unknown-member')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: IS },
      range: casing.range,
      context: { diagnostics: [casing] },
    });
    const rename = actions.find(a => a.isPreferred)!;
    assert.ok(rename, actions.map(a => a.title).join(' | '));
    const docChange = rename.edit?.documentChanges?.[0] as { textDocument: { version: number } };
    assert.equal(docChange.textDocument.version, 7, 'versioned edit');
    assert.equal(
      applyEdits(IDENTITY_SOURCE_JSON, editsFor(rename.edit, IS)),
      IDENTITY_SOURCE_JSON.replace('"Issuer"', '"issuer"'),
    );
    await client.close(IS);
  });

  it('lists document symbols as a tree, one per YAML document in a stream', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: TP },
    });
    assert.deepEqual(
      symbols.map(s => s.name),
      [
        'TrustProviderType',
        'UserTrustProviderType',
        'PolicyReferenceName',
        'DryRun',
        'OidcOptions',
        'TagSpecifications',
      ],
    );
    const oidc = symbols.find(s => s.name === 'OidcOptions')!;
    assert.equal(oidc.kind, 19);
    assert.ok(oidc.children!.some(c => c.name === 'Issuer' && c.detail === 'https://example.okta.com'));
    await client.close(TP);

    const stream = 'file:///ws/all.trust-provider.yaml';
    await client.open(stream, `${TRUST_PROVIDER_YAML}---\nTrustProviderType: device\n`);
    const docs = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: stream },
    });
    assert.deepEqual(
      docs.map(s => s.name),
      ['Document 1', 'Document 2'],
    );
    await client.close(stream);
  });

  it('answers null for documents that are not ours', async () => {
    const uri = 'file:///ws/package.json';
    await client.open(uri, '{"name": "x"}');
    const position = { line: 0, character: 3 };
    assert.equal(await client.request('textDocument/completion', { textDocument: { uri }, position }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position }), null);
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), null);
    await client.close(uri);
  });
});

describe('LSP: clients with fewer capabilities', () => {
  it('sends plain-text completions and flat symbols when snippets and hierarchy are not supported', async () => {
    const client = await TestClient.start({
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: false } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: false },
        },
      },
    });
    try {
      await client.open(IS, OIDC_JSON);
      const at = positionOf(OIDC_JSON, '"openIdConnectConfiguration": {\n', 38);
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri: IS },
        position: at,
      });
      const issuer = list.items.find(i => i.label === 'issuer')!;
      assert.equal(issuer.insertTextFormat, 1);
      assert.doesNotMatch((issuer.textEdit as { newText: string }).newText, /\$\d|\$\{/);
      const symbols = await client.request<{ name: string; containerName?: string }[]>('textDocument/documentSymbol', {
        textDocument: { uri: IS },
      });
      assert.ok(symbols.some(s => s.name === 'openIdConnectConfiguration' && s.containerName === 'configuration'));
    } finally {
      await client.stop();
    }
  });
});
