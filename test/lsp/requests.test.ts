import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentInfo, RequestPayload, TemplateInfo, ValidateFilesResult } from '../../server/src/protocol';
import { TestClient, fileUri } from './client';
import { CLEAN_TRUST_PROVIDER_YAML, IDENTITY_SOURCE_JSON, TRUST_PROVIDER_YAML } from './fixtures';

describe('LSP: custom requests', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vi-lsp-req-'));
    // Closed files are read only inside a workspace folder.
    client = await TestClient.start({ pull: true, workspaceFolders: [dir] });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifiedIdentity/documentInfo: kind, association and counts; null when not ours', async () => {
    const uri = 'file:///ws/stream.trust-provider.yaml';
    await client.open(
      uri,
      `${TRUST_PROVIDER_YAML}---\nVerifiedAccessTrustProviderId: vatp-0123456789abcdef0\nDescription: x\n`,
    );
    const info = await client.request<DocumentInfo>('verifiedIdentity/documentInfo', { uri });
    assert.equal(info.base, 'trust-provider');
    assert.equal(info.kind, 'trust-provider');
    assert.deepEqual(info.kinds, ['trust-provider', 'trust-provider-update']);
    assert.equal(info.associatedBy, 'default');
    assert.ok(info.errors >= 2, JSON.stringify(info));
    assert.ok(info.warnings >= 1, JSON.stringify(info));
    assert.equal(await client.request('verifiedIdentity/documentInfo', { uri: 'file:///ws/other.yaml' }), null);
    assert.equal(await client.request('verifiedIdentity/documentInfo', {}), null);
  });

  it('verifiedIdentity/templates: every template in JSON and YAML with file names', async () => {
    const all = await client.request<TemplateInfo[]>('verifiedIdentity/templates', {});
    assert.ok(all.length >= 7);
    const oidc = all.find(t => t.id === 'trust-provider-oidc')!;
    assert.equal(oidc.fileName.yaml, 'oidc.trust-provider.yaml');
    assert.equal(JSON.parse(oidc.text.json).TrustProviderType, 'user');
    assert.match(oidc.text.yaml, /^TrustProviderType: user$/m);
    const identitySources = await client.request<TemplateInfo[]>('verifiedIdentity/templates', {
      base: 'identity-source',
    });
    assert.ok(identitySources.length >= 2 && identitySources.every(t => t.base === 'identity-source'));
  });

  it('verifiedIdentity/requestPayload: the request data of an open document, and of a file on disk', async () => {
    const uri = 'file:///ws/app.identity-source.json';
    await client.open(uri, IDENTITY_SOURCE_JSON);
    const payload = await client.request<RequestPayload>('verifiedIdentity/requestPayload', { uri });
    assert.equal(payload.kind, 'identity-source');
    assert.equal(payload.documents, 1);
    assert.ok(payload.errors > 0);
    assert.equal((payload.input as { policyStoreId: string }).policyStoreId, 'PSEXAMPLEabcdefg111111');

    const onDisk = join(dir, 'jamf.trust-provider.yaml');
    writeFileSync(
      onDisk,
      `${CLEAN_TRUST_PROVIDER_YAML}---\nVerifiedAccessTrustProviderId: vatp-0123456789abcdef0\nDescription: new\n`,
    );
    const second = await client.request<RequestPayload>('verifiedIdentity/requestPayload', {
      uri: fileUri(onDisk),
      document: 1,
    });
    assert.equal(second.kind, 'trust-provider-update');
    assert.equal(second.documents, 2);
    assert.equal(second.errors, 0);
    assert.deepEqual(second.input, { VerifiedAccessTrustProviderId: 'vatp-0123456789abcdef0', Description: 'new' });
    assert.equal(
      await client.request('verifiedIdentity/requestPayload', {
        uri: fileUri(join(dir, 'missing.trust-provider.yaml')),
      }),
      null,
    );
  });

  it('verifiedIdentity/validateFiles: publishes diagnostics of closed files, reports progress, lists failures', async () => {
    mkdirSync(join(dir, 'ws'));
    const bad = join(dir, 'ws', 'okta.trust-provider.yaml');
    const good = join(dir, 'ws', 'jamf.trust-provider.yaml');
    const json = join(dir, 'ws', 'app.identity-source.json');
    writeFileSync(bad, TRUST_PROVIDER_YAML);
    writeFileSync(good, CLEAN_TRUST_PROVIDER_YAML);
    writeFileSync(json, IDENTITY_SOURCE_JSON);
    const missing = fileUri(join(dir, 'ws', 'gone.trust-provider.yaml'));
    const uris = [fileUri(bad), fileUri(good), fileUri(json), missing, 'untitled:Untitled-3', fileUri(join(dir, 'ws'))];
    const published = client.waitForDiagnostics(fileUri(bad), p => p.diagnostics.length > 0);
    const result = await client.request<ValidateFilesResult>('verifiedIdentity/validateFiles', {
      uris,
      workDoneToken: 'vf-1',
    });
    assert.equal(result.files, 3);
    assert.ok(result.errors >= 4, JSON.stringify(result));
    assert.ok(result.warnings >= 1, JSON.stringify(result));
    assert.deepEqual(
      result.failed.map(f => f.uri),
      [missing, 'untitled:Untitled-3', fileUri(join(dir, 'ws'))],
    );
    assert.match(result.failed[0].reason, /not found/);
    assert.ok((await published).diagnostics.some(d => d.code === 'dry-run'));
    assert.deepEqual(client.lastDiagnostics(fileUri(good))?.diagnostics, []);
    const kinds = client.progress.filter(p => p.token === 'vf-1').map(p => (p.value as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');

    // Once the file is open, the editor pulls its diagnostics: the pushed ones are withdrawn.
    const withdrawn = client.nextDiagnostics(fileUri(bad));
    await client.open(fileUri(bad), TRUST_PROVIDER_YAML);
    assert.deepEqual((await withdrawn).diagnostics, []);
  });
});
