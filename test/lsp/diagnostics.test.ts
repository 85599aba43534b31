import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient, fileUri } from './client';
import { CLEAN_TRUST_PROVIDER_YAML, IDENTITY_SOURCE_JSON, TRUST_PROVIDER_YAML, positionOf } from './fixtures';

const TP = 'file:///ws/idp/okta.trust-provider.yaml';
const IS = 'file:///ws/avp/app.identity-source.json';

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic | undefined {
  return diagnostics.find(d => d.code === code);
}

describe('LSP: diagnostics (push)', () => {
  let client: TestClient;
  beforeEach(async () => (client = await TestClient.start()));
  afterEach(async () => client.stop());

  it('publishes codes, ranges, member paths and severities for a trust-provider YAML file', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    const { diagnostics, version } = await client.waitForDiagnostics(TP);
    assert.equal(version, 1);
    const unknown = byCode(diagnostics, 'unknown-member')!;
    assert.ok(unknown, JSON.stringify(diagnostics));
    assert.deepEqual(unknown.range, {
      start: positionOf(TRUST_PROVIDER_YAML, 'Scop:'),
      end: positionOf(TRUST_PROVIDER_YAML, 'Scop:', 4),
    });
    assert.equal(unknown.severity, 1);
    assert.equal(unknown.source, 'verified-identity');
    assert.equal((unknown.data as { path: string }).path, 'OidcOptions.Scop');
    assert.equal((unknown.data as { suggestion: string }).suggestion, 'Scope');
    assert.match(unknown.codeDescription!.href, /#unknown-member$/);
    const dryRun = byCode(diagnostics, 'dry-run')!;
    assert.equal(dryRun.severity, 2);
    assert.deepEqual(dryRun.range.start, positionOf(TRUST_PROVIDER_YAML, 'true'));
    const reserved = byCode(diagnostics, 'tag-key-reserved')!;
    assert.equal((reserved.data as { path: string }).path, 'TagSpecifications[0].Tags[0].Key');
    assert.equal((reserved.data as { document: number }).document, 0);
  });

  it('publishes diagnostics for an identity-source JSON file', async () => {
    await client.open(IS, IDENTITY_SOURCE_JSON);
    const { diagnostics } = await client.waitForDiagnostics(IS);
    const paths = diagnostics.map(d => `${String(d.code)} ${(d.data as { path: string }).path}`);
    assert.ok(paths.includes('missing-required configuration.openIdConnectConfiguration.issuer'), paths.join('\n'));
    assert.ok(paths.includes('unknown-member configuration.openIdConnectConfiguration.Issuer'), paths.join('\n'));
    const casing = diagnostics.find(d => d.code === 'unknown-member')!;
    assert.match(casing.message as string, /Did you mean 'issuer'/);
    assert.deepEqual(casing.range.start, positionOf(IDENTITY_SOURCE_JSON, '"Issuer"'));
  });

  it('publishes fresh diagnostics after incremental edits', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    await client.waitForDiagnostics(TP);
    const at = positionOf(TRUST_PROVIDER_YAML, 'true');
    await client.change(TP, [
      { range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'false' },
    ]);
    const scop = positionOf(TRUST_PROVIDER_YAML, 'Scop:', 4);
    const v = await client.change(TP, [{ range: { start: scop, end: scop }, text: 'e' }]);
    const { diagnostics } = await client.waitForDiagnostics(TP, p => p.version === v);
    assert.equal(byCode(diagnostics, 'dry-run'), undefined);
    assert.equal(byCode(diagnostics, 'unknown-member'), undefined);
    assert.ok(byCode(diagnostics, 'tag-key-reserved'));
  });

  it('sends nothing for unassociated files, and associates by modeline', async () => {
    const plain = 'file:///ws/docker-compose.yaml';
    await client.open(plain, 'services:\n  web:\n    image: nginx\nDryRun: true\n');
    const modeline = 'file:///ws/providers/okta.yaml';
    await client.open(modeline, `# verified-identity: trust-provider\n${TRUST_PROVIDER_YAML}`);
    const { diagnostics } = await client.waitForDiagnostics(modeline);
    assert.ok(byCode(diagnostics, 'dry-run'));
    assert.equal(client.lastDiagnostics(plain), undefined);
    assert.equal(await client.request('verifiedIdentity/documentInfo', { uri: plain }), null);
  });

  it('takes verifiedIdentity.files from workspace/configuration per document, and re-checks on change', async () => {
    const uri = 'file:///ws/infra/idp/okta.yaml';
    let files: Record<string, string> = { 'infra/idp/*.yaml': 'trust-provider' };
    client.settings = () => ({ files });
    await client.open(uri, TRUST_PROVIDER_YAML);
    const first = await client.waitForDiagnostics(uri);
    assert.ok(byCode(first.diagnostics, 'dry-run'));
    assert.ok(client.configurationRequests.some(i => i.scopeUri === uri && i.section === 'verifiedIdentity'));

    files = {};
    const cleared = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await cleared).diagnostics, [], 'un-associated by the settings change');

    files = { '**/idp/*.yaml': 'trust-provider' };
    const back = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.ok(byCode((await back).diagnostics, 'dry-run'));
  });

  it('warns about a literal ClientSecret only in a git working tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-lsp-'));
    try {
      mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
      mkdirSync(join(dir, 'loose'));
      const text = TRUST_PROVIDER_YAML.replace('${secret:idp}', 'hunter2hunter2');
      const committed = fileUri(join(dir, 'repo', 'idp', 'okta.trust-provider.yaml'));
      const loose = fileUri(join(dir, 'loose', 'okta.trust-provider.yaml'));
      await client.open(committed, text);
      await client.open(loose, text);
      assert.ok(byCode((await client.waitForDiagnostics(committed)).diagnostics, 'literal-secret'));
      assert.equal(byCode((await client.waitForDiagnostics(loose)).diagnostics, 'literal-secret'), undefined);
      await client.open('untitled:Untitled-1', `# verified-identity: trust-provider\n${text}`, 'yaml');
      assert.equal(
        byCode((await client.waitForDiagnostics('untitled:Untitled-1')).diagnostics, 'literal-secret'),
        undefined,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clears diagnostics when a document closes', async () => {
    await client.open(TP, TRUST_PROVIDER_YAML);
    await client.waitForDiagnostics(TP);
    const cleared = client.nextDiagnostics(TP);
    await client.close(TP);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('LSP: diagnostics (pull)', () => {
  let client: TestClient;
  beforeEach(async () => (client = await TestClient.start({ pull: true })));
  afterEach(async () => client.stop());

  it('answers textDocument/diagnostic, with unchanged reports for an unchanged version', async () => {
    await client.open(IS, IDENTITY_SOURCE_JSON);
    const report = (await client.pull(IS)) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some(d => d.code === 'missing-required'));
    assert.ok(report.resultId);
    assert.deepEqual(await client.pull(IS, report.resultId), { kind: 'unchanged', resultId: report.resultId });
    const at = positionOf(IDENTITY_SOURCE_JSON, '"Issuer"', 1);
    await client.change(IS, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: 'i' }]);
    const fresh = (await client.pull(IS, report.resultId)) as FullDocumentDiagnosticReport;
    assert.equal(fresh.kind, 'full');
    assert.equal(
      fresh.items.find(d => d.code === 'missing-required' || d.code === 'unknown-member'),
      undefined,
    );
    assert.equal(client.lastDiagnostics(IS), undefined, 'nothing pushed in pull mode');
  });

  it('answers empty for unassociated and unknown documents', async () => {
    await client.open('file:///ws/package.json', '{"name": "x"}');
    assert.deepEqual(await client.pull('file:///ws/package.json'), { kind: 'full', items: [] });
    assert.deepEqual(await client.pull('file:///nowhere/x.trust-provider.yaml'), { kind: 'full', items: [] });
  });

  it('asks the client to refresh after a settings change', async () => {
    const uri = 'file:///ws/infra/idp/okta.yaml';
    let files: Record<string, string> = {};
    client.settings = () => ({ files });
    await client.open(uri, CLEAN_TRUST_PROVIDER_YAML.replace('jamf\n', 'jamf\nDryRun: true\n'));
    assert.deepEqual(await client.pull(uri), { kind: 'full', items: [] });
    files = { 'idp/*.yaml': 'trust-provider' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until(() => client.refreshRequests > 0, 'workspace/diagnostic/refresh');
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    assert.deepEqual(
      report.items.map(d => d.code),
      ['dry-run'],
    );
  });
});

describe('LSP: settings without workspace/configuration', () => {
  it('uses initializationOptions.settings and didChangeConfiguration payloads', async () => {
    const client = await TestClient.start({
      configuration: false,
      initializationOptions: { settings: { files: { 'idp/*.yaml': 'trust-provider' } } },
    });
    try {
      const uri = 'file:///ws/idp/okta.yaml';
      await client.open(uri, TRUST_PROVIDER_YAML);
      assert.ok(byCode((await client.waitForDiagnostics(uri)).diagnostics, 'dry-run'));
      assert.equal(client.configurationRequests.length, 0);
      const cleared = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { verifiedIdentity: { files: {} } },
      });
      assert.deepEqual((await cleared).diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
