/**
 * The language server's fences, as attacks from a workspace: a client that never says `trusted: true` gets no
 * network, no AWS look-up and no `cedarSchema` setting; Cedar schema files are read only inside the workspace
 * folder (by real path), and what they contain never reaches a diagnostic.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ValidateFilesResult } from '../../server/src/protocol';
import { startCountingServer, type CountingServer } from '../unit/oidc-server';
import { TestClient, fileUri, type ClientOptions } from './client';

const SECRET = 'SECRET_TOKEN_42';

/** A diagnostic's message as text (empty when there is no diagnostic). */
const text = (d: Diagnostic | undefined) => (typeof d?.message === 'string' ? d.message : JSON.stringify(d?.message));

const identitySource = (principal: string, issuer = 'https://auth.example.com') =>
  JSON.stringify(
    {
      policyStoreId: 'PSEXAMPLEabcdefg111111',
      principalEntityType: principal,
      configuration: {
        openIdConnectConfiguration: {
          issuer,
          tokenSelection: { identityTokenOnly: { principalIdClaim: 'sub', clientIds: ['c1'] } },
        },
      },
    },
    null,
    2,
  );

describe('LSP: fences against the workspace', function () {
  this.timeout(20_000);
  let dir: string;
  let ws: string;
  let issuer: CountingServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vi-lsp-fence-'));
    ws = join(dir, 'ws');
    issuer = await startCountingServer({}, (_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: 'https://someone-else.example.com', jwks_uri: 'https://x.example.com/k' }));
      return true;
    });
    // Outside the workspace: a "schema" that is really a secrets file, and a folder with one.
    writeFileSync(join(dir, 'outside.cedarschema'), `${SECRET}=hunter2\n`);
    mkdirSync(join(dir, 'outdir'));
    writeFileSync(join(dir, 'outdir', 'a.cedarschema'), `${SECRET}=hunter2\n`);
    writeFileSync(join(dir, 'outdir', 'x.identity-source.json'), identitySource('MyCorp::Usr'));
    // Inside.
    mkdirSync(join(ws, 'schemas'), { recursive: true });
    writeFileSync(join(ws, 'schemas', 'other.cedarschema'), 'namespace Other { entity X; }\n');
    mkdirSync(join(ws, 'app'));
    writeFileSync(
      join(ws, 'app', 'mycorp.cedarschema'),
      'namespace MyCorp { entity Group; entity User in [Group]; }\n',
    );
    writeFileSync(join(ws, 'app', 'x.identity-source.json'), identitySource('MyCorp::Usr'));
    mkdirSync(join(ws, 'net'));
    writeFileSync(join(ws, 'net', 'online.identity-source.json'), identitySource('MyCorp::User', issuer.url));
    // A schema beside the file that links out of the workspace, one that links inside it, and a linked folder.
    mkdirSync(join(ws, 'linked'));
    symlinkSync(join(dir, 'outside.cedarschema'), join(ws, 'linked', 'evil.cedarschema'));
    writeFileSync(join(ws, 'linked', 'x.identity-source.json'), identitySource('MyCorp::Usr'));
    mkdirSync(join(ws, 'inlink'));
    symlinkSync(join(ws, 'app', 'mycorp.cedarschema'), join(ws, 'inlink', 'ok.cedarschema'));
    writeFileSync(join(ws, 'inlink', 'x.identity-source.json'), identitySource('MyCorp::Usr'));
    symlinkSync(join(dir, 'outdir'), join(ws, 'dirlink'));
  });
  after(async () => {
    await issuer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Validate Workspace on `files` (paths under the workspace); their published diagnostics. */
  async function diagnosticsOf(options: ClientOptions, files: string[], lookups: unknown[] = []) {
    const client = await TestClient.start({ workspaceFolders: [ws], ...options });
    try {
      client.connection.onRequest('verifiedIdentity/awsLookup', (p: unknown) => {
        lookups.push(p);
        return { available: false };
      });
      const uris = files.map(f => fileUri(join(ws, f)));
      const result = await client.request<ValidateFilesResult>('verifiedIdentity/validateFiles', { uris });
      assert.equal(result.files, files.length, JSON.stringify(result.failed));
      return uris.map(u => client.lastDiagnostics(u)?.diagnostics ?? []);
    } finally {
      await client.stop();
    }
  }

  const noSecret = (all: Diagnostic[][]) => {
    for (const d of all.flat()) assert.ok(!text(d).includes(SECRET), `${String(d.code)}: ${text(d)}`);
  };

  for (const [label, initializationOptions] of [
    ['no initializationOptions', undefined],
    ['initializationOptions without trusted', { settings: {} }],
    ['trusted: "yes"', { trusted: 'yes' }],
  ] as const) {
    it(`a client that does not say trusted: true (${label}) gets no fetch, no look-up, no cedarSchema setting`, async () => {
      const lookups: unknown[] = [];
      const [app, net] = await diagnosticsOf(
        {
          ...(initializationOptions ? { initializationOptions } : {}),
          settings: () => ({ onlineChecks: true, allowLoopback: true, cedarSchema: 'schemas/other.cedarschema' }),
        },
        ['app/x.identity-source.json', 'net/online.identity-source.json'],
        lookups,
      );
      assert.equal(issuer.requests.length, 0, 'no request to the issuer');
      assert.deepEqual(lookups, [], 'no AWS look-up');
      assert.equal(
        net.some(d => String(d.code).startsWith('oidc-')),
        false,
      );
      // The setting is ignored: the schema beside the file is used.
      const unknown = app.find(d => d.code === 'cedar-unknown-entity-type');
      assert.match(text(unknown), /checked against mycorp\.cedarschema/);
    });
  }

  it('trusted, online, but loopback not allowed by the user: not fetched, and the message says how to allow it', async () => {
    const before = issuer.requests.length;
    const [net] = await diagnosticsOf(
      { initializationOptions: { trusted: true }, settings: () => ({ onlineChecks: true }) },
      ['net/online.identity-source.json'],
    );
    assert.equal(issuer.requests.length, before, 'no request');
    assert.match(
      text(net.find(d => d.code === 'oidc-issuer-not-fetched')),
      /on this machine \(loopback\).*verifiedIdentity\.allowLoopback/,
    );
  });

  it('trusted: true does fetch (the same files and settings)', async () => {
    const [, net] = await diagnosticsOf(
      {
        initializationOptions: { trusted: true },
        settings: () => ({ onlineChecks: true, allowLoopback: true }),
      },
      ['app/x.identity-source.json', 'net/online.identity-source.json'],
    );
    assert.ok(issuer.requests.length > 0);
    assert.ok(net.some(d => d.code === 'oidc-issuer-mismatch'));
  });

  for (const setting of [
    '../outside.cedarschema',
    () => join(dir, 'outside.cedarschema'),
    'schemas/../../outside.cedarschema',
  ]) {
    it(`a cedarSchema setting that leaves the workspace is refused without reading (${typeof setting === 'string' ? setting : 'absolute'})`, async () => {
      const value = typeof setting === 'string' ? setting : setting();
      const all = await diagnosticsOf(
        { initializationOptions: { trusted: true }, settings: () => ({ cedarSchema: value }) },
        ['app/x.identity-source.json'],
      );
      noSecret(all);
      const d = all[0].find(x => x.code === 'cedar-schema-invalid');
      assert.match(text(d), /outside the workspace folder/);
    });
  }

  it('a cedarSchema setting inside the workspace works, absolute or relative', async () => {
    for (const value of [join(ws, 'schemas', 'other.cedarschema'), 'schemas/../schemas/other.cedarschema']) {
      const [app] = await diagnosticsOf(
        { initializationOptions: { trusted: true }, settings: () => ({ cedarSchema: value }) },
        ['app/x.identity-source.json'],
      );
      assert.match(
        text(app.find(d => d.code === 'cedar-unknown-entity-type')),
        /checked against other\.cedarschema/,
        value,
      );
    }
  });

  it('closed files outside the workspace folders, or linked out of them, are never read by any request', async () => {
    // Attack: a workspace (or a client) names files outside the folder, directly or through links inside it.
    symlinkSync(join(dir, 'outdir', 'x.identity-source.json'), join(ws, 'linked', 'out.identity-source.json'));
    const client = await TestClient.start({ workspaceFolders: [ws], initializationOptions: { trusted: true } });
    try {
      const targets = [
        join(dir, 'outdir', 'x.identity-source.json'),
        join(ws, 'linked', 'out.identity-source.json'),
        join(ws, 'dirlink', 'x.identity-source.json'),
      ];
      for (const path of targets) {
        const uri = fileUri(path);
        assert.equal(await client.request('verifiedIdentity/requestPayload', { uri }), null, path);
        assert.equal(await client.request('verifiedIdentity/documentInfo', { uri }), null, path);
        assert.equal(
          await client.request('verifiedIdentity/rangeOfPath', { uri, path: 'principalEntityType' }),
          null,
          path,
        );
        const converted = await client.request<{ ok: boolean; error?: string }>('verifiedIdentity/convert', {
          uri,
          to: 'cloudformation',
          format: 'yaml',
        });
        assert.equal(converted.ok, false, path);
        assert.ok(!JSON.stringify(converted).includes('MyCorp'), JSON.stringify(converted));
      }
      const result = await client.request<ValidateFilesResult>('verifiedIdentity/validateFiles', {
        uris: targets.map(fileUri),
      });
      assert.equal(result.files, 0, JSON.stringify(result));
      assert.equal(result.failed.length, targets.length);
      for (const f of result.failed) assert.match(f.reason, /outside the workspace folders/);
      for (const path of targets) assert.equal(client.lastDiagnostics(fileUri(path)), undefined, path);
      // The same file inside the folder is read.
      const inside = fileUri(join(ws, 'app', 'x.identity-source.json'));
      const payload = await client.request<{ input: { principalEntityType: string } }>(
        'verifiedIdentity/requestPayload',
        { uri: inside },
      );
      assert.equal(payload.input.principalEntityType, 'MyCorp::Usr');
    } finally {
      await client.stop();
    }
  });

  it('a schema beside the file that links out of the workspace is not read; one that links inside is', async () => {
    // (A file in a linked folder that leads out, dirlink/, is not read at all: the test above.)
    const [linked, inlink] = await diagnosticsOf({ initializationOptions: { trusted: true } }, [
      'linked/x.identity-source.json',
      'inlink/x.identity-source.json',
    ]);
    noSecret([linked, inlink]);
    assert.match(
      text(linked.find(d => d.code === 'cedar-schema-invalid')),
      /evil\.cedarschema .*outside the workspace folder/,
    );
    assert.match(text(inlink.find(d => d.code === 'cedar-unknown-entity-type')), /checked against ok\.cedarschema/);
  });
});
