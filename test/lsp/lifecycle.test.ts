/**
 * The LSP lifecycle as the specification has it: requests before `initialize` get ServerNotInitialized (-32002),
 * requests after `shutdown` get InvalidRequest (-32600), notifications out of the lifecycle are dropped, and `exit`
 * ends the process with 0 after `shutdown`, else 1.
 */
import * as assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { TRUST_PROVIDER_YAML } from './fixtures';

const URI = 'file:///ws/okta.trust-provider.yaml';

async function errorOf(p: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ResponseError, String(e));
    return e;
  }
  assert.fail('the request was answered without an error');
}

function exitCode(client: TestClient): Promise<number | null> {
  if (client.proc.exitCode !== null) return Promise.resolve(client.proc.exitCode);
  return new Promise(resolve => client.proc.once('exit', code => resolve(code)));
}

describe('LSP: lifecycle', () => {
  it('refuses requests before initialize and drops notifications; after initialize, works', async () => {
    const client = TestClient.spawn();
    try {
      const hover = await errorOf(
        client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 1 } }),
      );
      assert.equal(hover.code, ErrorCodes.ServerNotInitialized);
      const custom = await errorOf(client.request('verifiedIdentity/templates', {}));
      assert.equal(custom.code, ErrorCodes.ServerNotInitialized);
      await client.open(URI, TRUST_PROVIDER_YAML); // dropped: the server is not initialized
      await client.initialize();
      assert.equal(await client.request('verifiedIdentity/documentInfo', { uri: URI }), null, 'not opened');
      assert.ok(await client.answers());
      await client.open(URI, TRUST_PROVIDER_YAML);
      assert.ok((await client.waitForDiagnostics(URI)).diagnostics.length > 0);
    } finally {
      await client.stop();
    }
  });

  it('refuses requests after shutdown, ignores notifications, and exits with 0 on exit', async () => {
    const client = await TestClient.start();
    await client.open(URI, TRUST_PROVIDER_YAML);
    await client.waitForDiagnostics(URI);
    assert.equal(await client.request('shutdown', undefined), null);
    const after = await errorOf(client.request('verifiedIdentity/templates', {}));
    assert.equal(after.code, ErrorCodes.InvalidRequest);
    const hover = await errorOf(
      client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 1 } }),
    );
    assert.equal(hover.code, ErrorCodes.InvalidRequest);
    await client.change(URI, [{ text: 'DryRun: true\n' }]); // ignored
    const exited = exitCode(client);
    await client.connection.sendNotification('exit');
    assert.equal(await exited, 0);
    assert.equal(client.stderr, '');
    await client.stop();
  });

  it('exits with 1 on exit without shutdown', async () => {
    const client = await TestClient.start();
    const exited = exitCode(client);
    await client.connection.sendNotification('exit');
    assert.equal(await exited, 1);
    await client.stop();
  });
});
