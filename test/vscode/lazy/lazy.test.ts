/**
 * The extension costs nothing until needed, in a real VS Code. The workspace (test/fixtures/plain-workspace) holds
 * other tools' JSON and YAML files and none of ours: opening them activates the extension (onLanguage), but no
 * language server process starts, whatever the status item, the drift lens (a profile is set) and the search of the
 * workspace do. Opening a file of ours starts it, and its diagnostics arrive.
 *
 * Prints two measurements, which scripts/e2e/run.mjs repeats at the end of the run:
 *   activation: N ms …         opening a JSON file → the extension is active (with the bundle's load time and
 *                              activate()'s own, as the extension measured them)
 *   first diagnostics: N ms …  opening a file of ours with no server running → its first diagnostics
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { VerifiedIdentityApi } from '../../../client/src/extension';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../../server/src/launch';
import { writeFile } from '../editor.helpers';
import { EXTENSION_ID, diagnosticWithCode, openFixture, waitFor } from '../util';

/** Language server processes this extension host started (children running server/out/server.js), from /proc. */
function serverProcesses(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes('server/out/server.js')) found.push(`${pid}: ${cmdline}`);
    } catch {
      // The process ended while it was read.
    }
  }
  return found;
}

const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${Math.round(n)} ms`);

describe('lazy start: no language server until a file of ours', () => {
  let api: VerifiedIdentityApi;

  it('activates on another tool’s JSON file without starting a language server', async () => {
    const extension = vscode.extensions.getExtension<VerifiedIdentityApi>(EXTENSION_ID)!;
    const before = extension.isActive;
    const t0 = performance.now();
    const json = await openFixture('package.json');
    await waitFor(() => extension.isActive, 30_000, { message: `${EXTENSION_ID} to activate` });
    const toActive = performance.now() - t0;
    api = extension.exports;

    assert.equal(await api.server.scan, undefined, 'the search of the workspace finds nothing of ours');
    for (const name of ['config/settings.json', '.github/workflows/ci.yml', 'deploy/service.yaml'])
      await openFixture(name);
    assert.equal(await api.status.refresh(), undefined, 'the status item shows nothing');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', json.uri);
    assert.deepEqual(
      lenses.filter(l => l.command?.command?.startsWith('verifiedIdentity.')),
      [],
      'no drift lens on a file that is not ours',
    );
    assert.equal(api.server.started, false, `the server was started: ${api.server.reason}`);
    assert.deepEqual(serverProcesses(), []);
    assert.equal(api.client.isRunning(), false);

    const { loadMs, activateMs } = api.activation;
    console.log(
      `activation: ${Math.round(toActive)} ms from opening a JSON file to active${before ? ' (already active)' : ''}` +
        ` (loading the bundle ${ms(loadMs)}, activate() ${ms(activateMs)}; no language server started)`,
    );
  });

  it('starts the server when a file of ours is opened; its first diagnostics arrive', async () => {
    const uri = await writeFile(
      'late.trust-provider.yaml',
      'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: late\nScopes: openid\n',
    );
    assert.equal(api.server.started, false);
    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const d = await diagnosticWithCode(uri, 'unknown-member', "'Scopes'");
    const toDiagnostics = performance.now() - t0;
    assert.equal(api.server.started, true);
    assert.match(api.server.reason ?? '', /late\.trust-provider\.yaml is open/);
    const servers = serverProcesses();
    assert.equal(servers.length, 1, servers.join('\n'));
    // Started as server/src/launch.ts says: its Node flags on the command line, its environment added.
    const pid = servers[0].split(':')[0];
    for (const flag of SERVER_NODE_FLAGS) assert.ok(servers[0].includes(flag), `${flag} in ${servers[0]}`);
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(SERVER_ENV)) assert.ok(environ.includes(`${name}=${value}`), name);
    assert.equal(doc.getText(d.range), 'Scopes');
    const { requested, ready } = api.server.timings;
    console.log(
      `first diagnostics: ${Math.round(toDiagnostics)} ms from opening a file of ours with no server running` +
        ` (server process start → initialize answered: ${ms(ready !== undefined && requested !== undefined ? ready - requested : undefined)})`,
    );
  });

  it('the status item and commands work once it runs', async () => {
    const info = await api.status.refresh();
    assert.equal(info?.kind, 'trust-provider');
    assert.equal(api.status.text, '$(shield) Trust provider · create');
  });
});
