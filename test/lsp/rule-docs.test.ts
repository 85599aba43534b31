/**
 * Where diagnostic codes link to (server/src/lsp/rule-docs.ts): the prefix a client names in
 * `initializationOptions.ruleDocs` (VS Code's extension: its URI handler), else the docs/diagnostics.md beside the
 * server as a `file:` URI at the rule's anchor. Never an address on a host that does not exist.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from './client';
import { TRUST_PROVIDER_YAML } from './fixtures';
import { resolve } from 'node:path';

const TP = 'file:///ws/idp/okta.trust-provider.yaml';

async function diagnosticsWith(initializationOptions: unknown): Promise<Diagnostic[]> {
  const client = await TestClient.start({ initializationOptions });
  try {
    await client.open(TP, TRUST_PROVIDER_YAML);
    return (await client.waitForDiagnostics(TP)).diagnostics;
  } finally {
    await client.stop();
  }
}

describe('LSP: diagnostic code links', () => {
  it('link into the docs/diagnostics.md beside the server, at an anchor that exists for every code', async () => {
    const diagnostics = await diagnosticsWith({ trusted: false });
    assert.ok(diagnostics.length >= 3);
    const doc = resolve(ROOT, 'docs/diagnostics.md');
    const text = readFileSync(doc, 'utf8');
    for (const d of diagnostics) {
      const href = d.codeDescription?.href ?? '';
      const [file, anchor] = href.split('#');
      assert.equal(fileURLToPath(file), doc);
      assert.equal(anchor, d.code);
      assert.ok(text.includes(`<a id="${anchor}"></a>`), `no anchor ${anchor} in docs/diagnostics.md`);
    }
  });

  it('use the prefix the client names in initializationOptions.ruleDocs', async () => {
    const base = 'vscode://verified-identity.verified-identity/rule/';
    const diagnostics = await diagnosticsWith({ trusted: false, ruleDocs: base });
    for (const d of diagnostics) assert.equal(d.codeDescription?.href, `${base}${String(d.code)}`);
  });

  it('ignore a ruleDocs that is not a URI prefix', async () => {
    for (const ruleDocs of ['no scheme here', 'javascript:alert(1) //', 42, 'x:' + 'a'.repeat(600)]) {
      const diagnostics = await diagnosticsWith({ trusted: false, ruleDocs });
      for (const d of diagnostics) assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/diagnostics\.md#/);
    }
  });
});
