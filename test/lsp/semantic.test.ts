import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionList, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import type { AwsLookupParams, AwsLookupResult, DocumentInfo, ValidateFilesResult } from '../../server/src/protocol';
import { TestClient, fileUri } from './client';
import { positionOf } from './fixtures';

const SCHEMA = `namespace MyCorp {
  entity Group;
  entity User in [Group];
}
`;

const identitySource = (principal: string, issuer = 'https://auth.example.com') => `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "${principal}",
  "configuration": {
    "openIdConnectConfiguration": {
      "issuer": "${issuer}",
      "tokenSelection": { "identityTokenOnly": { "principalIdClaim": "sub", "clientIds": ["c1"] } }
    }
  }
}
`;

describe('LSP: semantic checks (Cedar schema, OIDC discovery, live values)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'vi-lsp-sem-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks entity types against a schema beside the file, after the file’s own diagnostics (push)', async () => {
    writeFileSync(join(dir, 'mycorp.cedarschema'), SCHEMA);
    const client = await TestClient.start();
    try {
      const uri = fileUri(join(dir, 'app.identity-source.json'));
      await client.open(uri, identitySource('MyCorp::Usr'));
      const semantic = await client.waitForDiagnostics(uri, p =>
        p.diagnostics.some(d => d.code === 'cedar-unknown-entity-type'),
      );
      const d = semantic.diagnostics.find(x => x.code === 'cedar-unknown-entity-type')!;
      assert.match(d.message as string, /MyCorp::User/);
      assert.deepEqual(d.range.start, positionOf(identitySource('MyCorp::Usr'), '"MyCorp::Usr"'));
      const info = await client.request<DocumentInfo>('verifiedIdentity/documentInfo', { uri });
      assert.equal(info.errors, semantic.diagnostics.filter(x => x.severity === 1).length, 'status bar counts agree');

      // Fixed: the semantic diagnostic goes away with the next check.
      const at = positionOf(identitySource('MyCorp::Usr'), 'Usr"', 2);
      await client.change(uri, [{ range: { start: at, end: at }, text: 'e' }]);
      await client.waitForDiagnostics(
        uri,
        p => p.version === 2 && !p.diagnostics.some(x => x.code === 'cedar-unknown-entity-type'),
      );
    } finally {
      await client.stop();
    }
  });

  it('asks a pull client to refresh when semantic diagnostics arrive', async () => {
    const sub = join(dir, 'pull');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'schema.cedarschema'), SCHEMA);
    const client = await TestClient.start({ pull: true });
    try {
      const uri = fileUri(join(sub, 'app.identity-source.json'));
      await client.open(uri, identitySource('MyCorp::Nobody'));
      const first = (await client.pull(uri)) as FullDocumentDiagnosticReport;
      assert.equal(
        first.items.some(d => d.code === 'cedar-unknown-entity-type'),
        false,
        'not in the first answer',
      );
      await client.until(() => client.refreshRequests > 0, 'workspace/diagnostic/refresh');
      const second = (await client.pull(uri, first.resultId)) as FullDocumentDiagnosticReport;
      assert.equal(second.kind, 'full');
      assert.ok(second.items.some(d => d.code === 'cedar-unknown-entity-type'));
    } finally {
      await client.stop();
    }
  });

  describe('OIDC discovery on a loopback issuer', () => {
    let server: Server;
    let issuer: string;
    let hits = 0;
    before(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ issuer: 'https://someone-else.example.com', jwks_uri: `${issuer}/jwks` }));
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>(r => server.close(() => r())));

    it('fetches discovery only with onlineChecks on in a trusted workspace', async () => {
      const uri = 'file:///ws/online.identity-source.json';
      const onDisk = join(dir, 'online.identity-source.json');
      const online = await TestClient.start({
        workspaceFolders: [dir],
        initializationOptions: { trusted: true },
        settings: () => ({ onlineChecks: true, allowLoopback: true }),
      });
      try {
        await online.open(uri, identitySource('MyCorp::User', issuer));
        const { diagnostics } = await online.waitForDiagnostics(uri, p =>
          p.diagnostics.some(d => d.code === 'oidc-issuer-mismatch'),
        );
        assert.ok(diagnostics.find(d => d.code === 'oidc-issuer-mismatch'));
        // The same check through Validate Workspace (which the Restricted Mode case below relies on).
        writeFileSync(onDisk, identitySource('MyCorp::User', `${issuer}/other`));
        await online.request<ValidateFilesResult>('verifiedIdentity/validateFiles', { uris: [fileUri(onDisk)] });
        assert.ok(online.lastDiagnostics(fileUri(onDisk))!.diagnostics.some(d => d.code === 'oidc-issuer-mismatch'));
      } finally {
        await online.stop();
      }
      // Restricted Mode: Validate Workspace runs every check it may (and answers only when they are done), yet the
      // issuer is never contacted.
      const before = hits;
      const restricted = await TestClient.start({
        workspaceFolders: [dir],
        settings: () => ({ onlineChecks: true, allowLoopback: true }),
        initializationOptions: { trusted: false },
      });
      try {
        const result = await restricted.request<ValidateFilesResult>('verifiedIdentity/validateFiles', {
          uris: [fileUri(onDisk)],
        });
        assert.equal(result.files, 1);
        const published = restricted.lastDiagnostics(fileUri(onDisk))!;
        assert.equal(
          published.diagnostics.some(d => String(d.code).startsWith('oidc-')),
          false,
        );
        assert.equal(hits, before, 'no request from an untrusted workspace');
      } finally {
        await restricted.stop();
      }
    });
  });

  it('completes policy store IDs from verifiedIdentity/awsLookup, and takes a deployed schema from it', async () => {
    const lookups: AwsLookupParams[] = [];
    const client = await TestClient.start({ initializationOptions: { trusted: true } });
    try {
      client.connection.onRequest('verifiedIdentity/awsLookup', (p: AwsLookupParams): AwsLookupResult => {
        lookups.push(p);
        if (p.what === 'policyStores')
          return { available: true, items: [{ id: 'PSLIVEabcdefghij000001', label: 'prod' }] };
        if (p.what === 'schema')
          return { available: true, schema: JSON.stringify({ Deployed: { entityTypes: { User: {} }, actions: {} } }) };
        return { available: false };
      });
      const uri = 'file:///nowhere-with-schema/app.identity-source.json';
      const text = identitySource('Deployed::Nope');
      await client.open(uri, text);
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, 'PSEXAMPLE'),
      });
      assert.ok(
        list.items.some(i => i.label === 'PSLIVEabcdefghij000001'),
        list.items.map(i => i.label).join(', '),
      );
      const { diagnostics } = await client.waitForDiagnostics(uri, p =>
        p.diagnostics.some(d => d.code === 'cedar-unknown-entity-type'),
      );
      assert.match(diagnostics.find(d => d.code === 'cedar-unknown-entity-type')!.message as string, /Deployed::User/);
      assert.ok(lookups.some(l => l.what === 'schema' && l.policyStoreId === 'PSEXAMPLEabcdefg111111'));
    } finally {
      await client.stop();
    }
  });
});
