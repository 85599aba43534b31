import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER, TestClient } from './client';

describe('LSP: initialize', () => {
  it('announces incremental sync, completion with resolve, hover, code actions, symbols; pushes without pull support', async () => {
    const client = await TestClient.start();
    try {
      const caps = client.initializeResult.capabilities;
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
      assert.equal(caps.completionProvider?.resolveProvider, true);
      assert.equal(caps.hoverProvider, true);
      assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
        'quickfix',
        'refactor.rewrite',
        'source',
      ]);
      assert.ok(caps.documentSymbolProvider);
      assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
      assert.equal(client.initializeResult.serverInfo?.name, 'verified-identity-language-server');
    } finally {
      await client.stop();
    }
  });

  it('offers pull diagnostics to a client that supports them', async () => {
    const client = await TestClient.start({ pull: true });
    try {
      assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
        identifier: 'verified-identity',
        interFileDependencies: false,
        workspaceDiagnostics: false,
      });
    } finally {
      await client.stop();
    }
  });

  it('registers for configuration changes and pulls the window settings', async () => {
    const client = await TestClient.start();
    try {
      await client.until(
        () => client.configurationRequests.some(i => i.section === 'verifiedIdentity'),
        'a configuration request',
      );
    } finally {
      await client.stop();
    }
  });

  it('logs request timings when verifiedIdentity.trace.server is on, and nothing of the kind when off', async () => {
    for (const level of ['verbose', 'off']) {
      const client = await TestClient.start({ settings: () => ({ trace: { server: level } }) });
      try {
        await client.until(
          () => client.configurationRequests.some(i => i.scopeUri === undefined),
          'the window settings pull',
        );
        await client.request('verifiedIdentity/templates', {});
        const traced = () => client.logs.some(l => /^verifiedIdentity\/templates: \d+(\.\d+)? ms$/.test(l.message));
        if (level === 'verbose') await client.until(traced, 'a trace line');
        else {
          await client.request('verifiedIdentity/templates', {});
          assert.equal(traced(), false);
        }
      } finally {
        await client.stop();
      }
    }
  });

  it('exits cleanly after shutdown + exit, with nothing on stderr (its heap flags are all accepted)', async () => {
    const client = await TestClient.start();
    assert.equal(await client.stop(), 0);
    assert.equal(client.stderr, '');
  });

  it('runs standalone: --version, and stdio when no transport is given', async () => {
    const version = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' });
    assert.match(version.stdout, /^verified-identity-language-server \d+\.\d+\.\d+/);
    const client = await TestClient.start({ transport: [] });
    try {
      assert.ok(await client.answers());
    } finally {
      await client.stop();
    }
  });
});
