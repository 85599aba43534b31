/**
 * The language server says what the AWS CLI will do with a file, as the CLI validator does: a JSON file that starts
 * with a byte-order mark (open, or read from disk by Validate Workspace), a YAML one that does, a YAML date where a
 * string belongs; and the quick fixes, over the protocol.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import type { ValidateFilesResult } from '../../server/src/protocol';
import { TestClient, fileUri } from './client';
import { applyEdits, editsFor } from './fixtures';

const JSON_TEXT =
  '{\n  "TrustProviderType": "user",\n  "UserTrustProviderType": "iam-identity-center",\n  "PolicyReferenceName": "idc"\n}\n';
const YAML_TEXT = 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n';

const codes = (ds: Diagnostic[]) => ds.map(d => String(d.code));

describe('LSP: what the AWS CLI will do with a file', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vi-lsp-cli-input-'));
    // Closed files are read only inside a workspace folder.
    client = await TestClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a JSON file with a byte-order mark: an error at the mark, removed by the quick fix', async () => {
    const uri = 'file:///ws/bom.trust-provider.json';
    await client.open(uri, `\ufeff${JSON_TEXT}`, 'json');
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['cli-json-bom']);
    const bom = diagnostics[0];
    assert.equal(bom.severity, 1);
    assert.deepEqual(bom.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.match(bom.message as string, /Invalid JSON received/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: bom.range,
      context: { diagnostics: [bom] },
    });
    const remove = actions.find(a => a.title === 'Remove the byte-order mark');
    assert.ok(remove, actions.map(a => a.title).join(' | '));
    assert.equal(applyEdits(`\ufeff${JSON_TEXT}`, editsFor(remove.edit, uri)), JSON_TEXT);
    await client.close(uri);
  });

  it('a YAML file with a byte-order mark is fine; a date where a string belongs is not, and gets quoted', async () => {
    const uri = 'file:///ws/bom.trust-provider.yaml';
    await client.open(uri, `\ufeff${YAML_TEXT}`);
    assert.deepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);
    const dated = `\ufeff${YAML_TEXT}Description: 2024-06-01\n`;
    await client.change(uri, [{ text: dated }]);
    const { diagnostics } = await client.waitForDiagnostics(uri, p => p.diagnostics.length > 0);
    assert.deepEqual(codes(diagnostics), ['cli-yaml-type']);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const quote = actions.find(a => a.isPreferred);
    assert.ok(quote, actions.map(a => a.title).join(' | '));
    assert.equal(applyEdits(dated, editsFor(quote.edit, uri)), dated.replace('2024-06-01', '"2024-06-01"'));
    await client.close(uri);
  });

  it('files read from disk keep their byte-order mark (Validate Workspace)', async () => {
    const json = join(dir, 'bom.trust-provider.json');
    const yaml = join(dir, 'bom.trust-provider.yaml');
    writeFileSync(json, `\ufeff${JSON_TEXT}`);
    writeFileSync(yaml, `\ufeff${YAML_TEXT}`);
    const published = client.waitForDiagnostics(fileUri(json), p => p.diagnostics.length > 0);
    const result = await client.request<ValidateFilesResult>('verifiedIdentity/validateFiles', {
      uris: [fileUri(json), fileUri(yaml)],
    });
    assert.equal(result.files, 2);
    assert.equal(result.errors, 1);
    assert.deepEqual(codes((await published).diagnostics), ['cli-json-bom']);
  });
});
