/**
 * Restricted Mode in a real VS Code: code-server with workspace trust on and this folder not trusted
 * (scripts/e2e/run.mjs, restricted part). The user settings turn online checks on and name the emulator profile, so
 * only the extension's own gates can keep it off the network. Local validation works; nothing else runs: no OIDC
 * discovery fetch, no AWS call (the emulator's request log stays empty), no connection in the views, no drift lens,
 * and every AWS command refuses with the Restricted Mode message.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../../client/src/apply/apply';
import { RESTRICTED_MESSAGE } from '../../../client/src/apply/target';
import { startHostileIssuer, type TestServer } from '../../unit/oidc-server';
import { awsApi, control, type TestPrompts } from '../aws-helpers';
import { closeEditors, diagnostic, freshName, openMarked } from '../editor.helpers';
import { codeOf, diagnosticsFor } from '../util';

interface LogEntry {
  operation?: string;
}
const emulatorCalls = async () => (await control<{ entries: LogEntry[] }>('GET', 'log')).entries;

describe('Restricted Mode in a real VS Code', () => {
  let issuer: TestServer;
  let prompts: TestPrompts;
  let restore: () => void;

  before(async () => {
    ({ prompts, restore } = await awsApi());
    await control('DELETE', 'log', {});
    issuer = await startHostileIssuer();
  });
  after(async () => {
    restore();
    await closeEditors();
    await issuer.close();
  });

  it('the workspace is not trusted, and the user settings ask for online checks and a profile', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const config = vscode.workspace.getConfiguration('verifiedIdentity');
    assert.strictEqual(config.get('onlineChecks'), true);
    assert.strictEqual(config.get('profile'), 'emulator');
  });

  it('local validation still works', async () => {
    const { doc } = await openMarked(
      freshName('restricted', 'local', '.identity-source.yaml'),
      [
        'policyStoreId: PSdemoOidcStore0000002',
        'principalEntityType: PartnerApi::Nobody',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    Issuer: https://auth.example.com',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'unknown-member');
    assert.match(d.message, /issuer/);
    // The deployed schema is not fetched: no Cedar diagnostic for the unknown principal type.
    await new Promise(r => setTimeout(r, 1500));
    const all = await diagnosticsFor(doc.uri, () => true);
    assert.deepStrictEqual(
      all.map(codeOf).filter(c => c.startsWith('cedar-')),
      [],
    );
  });

  it('no OIDC discovery request, though onlineChecks is on in the user settings', async () => {
    const { doc } = await openMarked(
      freshName('restricted', 'oidc', '.trust-provider.yaml'),
      [
        'TrustProviderType: user',
        'UserTrustProviderType: oidc',
        'PolicyReferenceName: idp',
        'DryRun: true',
        'OidcOptions:',
        `  Issuer: ${issuer.url}/mismatch`,
        '  ClientId: c',
        '  Scope: openid',
        '',
      ].join('\n'),
    );
    await diagnostic(doc, 'dry-run');
    await new Promise(r => setTimeout(r, 1500));
    const all = await diagnosticsFor(doc.uri, () => true);
    // Local OIDC rules (oidc-option-missing) still apply; the discovery checks do not run.
    const discovery =
      /^oidc-(discovery-failed|discovery-invalid|issuer-mismatch|issuer-not-fetched|jwks-unreachable|endpoint-mismatch)$/;
    assert.deepStrictEqual(
      all.map(codeOf).filter(c => discovery.test(c)),
      [],
    );
    assert.deepStrictEqual(issuer.requests, [], 'the issuer was never asked');
  });

  it('every AWS command refuses with the Restricted Mode message', async () => {
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'cognito.identity-source.json');
    const outcome = await vscode.commands.executeCommand<ApplyOutcome>('verifiedIdentity.createIdentitySource', file);
    assert.strictEqual(outcome.ok, false);
    assert.strictEqual(outcome.refused, 'untrusted');
    assert.strictEqual(outcome.message, RESTRICTED_MESSAGE);
    const compare = await vscode.commands.executeCommand<{ ok: boolean; message: string }>(
      'verifiedIdentity.compareWithDeployed',
      file,
    );
    assert.deepStrictEqual([compare.ok, compare.message], [false, RESTRICTED_MESSAGE]);
    const drift = await vscode.commands.executeCommand('verifiedIdentity.checkDrift', file);
    assert.strictEqual(drift, undefined);
    assert.ok(prompts.notifications.some(n => n.message.includes(RESTRICTED_MESSAGE)));
  });

  it('the views have no connection and no drift lens is shown', async () => {
    const api = (await awsApi()).api;
    const state = await api.aws.session.state();
    assert.deepStrictEqual([state.trusted, state.hasProfile, state.connection], [false, false, undefined]);
    assert.deepStrictEqual(await api.aws.views.identitySources.getChildren(undefined), []);
    assert.deepStrictEqual(await api.aws.views.trustProviders.getChildren(undefined), []);
    const { doc } = await openMarked(
      freshName('restricted', 'drift', '.identity-source.yaml'),
      [
        'policyStoreId: PSdemoCognitoStore0001',
        'identitySourceId: ISdemoCognitoSource001',
        'principalEntityType: DemoCorp::User',
        '',
      ].join('\n'),
    );
    await diagnosticsFor(doc.uri, () => true);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      100,
    );
    assert.deepStrictEqual(
      lenses.map(l => l.command?.title),
      [],
    );
    assert.deepStrictEqual(await api.drift.check(doc.uri), []);
  });

  it('the emulator received no request at all', async () => {
    assert.deepStrictEqual(await emulatorCalls(), []);
  });
});
