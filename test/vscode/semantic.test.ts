/**
 * Issue 5 in a real VS Code: Cedar schema diagnostics (a schema file beside the file, and the deployed policy store's
 * schema served by the emulator through GetSchema) with entity-type completion; the OIDC fill-from-discovery quick fix
 * against a real OpenID provider (oidc-provider on loopback, online checks on); the drift CodeLens, before and after
 * an edit, and Compare from the lens.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startOpenIdProvider, type TestServer } from '../unit/oidc-server';
import { awsApi, emulatorState, resetEmulator, type TestPrompts } from './aws-helpers';
import {
  actionTitled,
  applyAction,
  closeEditors,
  diagnostic,
  extensionApi,
  freshName,
  noDiagnostic,
  openMarked,
  textOf,
  writeFile,
} from './editor.helpers';
import { waitFor } from './util';

const SCHEMA = `namespace MyCorp {
  entity Team;
  entity Department;
  entity Employee in [Team];
}
`;

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    'vscode.executeCodeLensProvider',
    doc.uri,
    100,
  );
  return lenses.map(l => l.command?.title ?? '').filter(Boolean);
}

/** Waits for a drift lens whose title matches `title`; returns it. */
async function driftLens(doc: vscode.TextDocument, title: RegExp): Promise<vscode.CodeLens> {
  let seen: string[] = [];
  return waitFor(
    async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        doc.uri,
        100,
      );
      seen = lenses.map(l => l.command?.title ?? '');
      return lenses.find(l => title.test(l.command?.title ?? ''));
    },
    30_000,
    { message: `a lens ${String(title)} (seen: ${seen.join(' | ') || 'none'})`, interval: 250 },
  );
}

describe('Cedar schema checks in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('checks entity types against a *.cedarschema beside the file, and completes them', async () => {
    const dir = freshName('cedar', 'beside', '');
    await writeFile(`${dir}/mycorp.cedarschema`, SCHEMA);
    const { doc } = await openMarked(
      `${dir}/app.identity-source.yaml`,
      [
        'policyStoreId: PSEXAMPLEabcdefg111111',
        'principalEntityType: MyCorp::Employe',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    issuer: https://auth.example.com',
        '    groupConfiguration:',
        '      groupClaim: groups',
        '      groupEntityType: MyCorp::Department',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const unknown = await diagnostic(doc, 'cedar-unknown-entity-type');
    assert.match(unknown.message, /"MyCorp::Employe" is not an entity type/);
    assert.match(unknown.message, /checked against mycorp\.cedarschema/);
    assert.match(unknown.message, /Did you mean 'MyCorp::Employee'\?/);
    assert.strictEqual(unknown.range.start.line, 1);
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);

    // Completion of an entity type offers the schema's types.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, 'principalEntityType: '.length),
    );
    const labels = list.items.map(labelOf);
    for (const t of ['MyCorp::Employee', 'MyCorp::Team', 'MyCorp::Department'])
      assert.ok(labels.includes(t), `${t} offered (got ${labels.slice(0, 20).join(', ')})`);

    // Fix the principal: the group type is now checked as a parent of it.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 'principalEntityType: MyCorp::Employe'.length), 'e');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await noDiagnostic(doc, 'cedar-unknown-entity-type');
    const parent = await diagnostic(doc, 'cedar-group-not-parent');
    assert.match(parent.message, /"MyCorp::Department" is not a parent type of "MyCorp::Employee"/);
    assert.strictEqual(parent.range.start.line, 7);
  });

  it('checks against the JSON schema named by verifiedIdentity.cedarSchema', async () => {
    const dir = freshName('cedar', 'setting', '');
    const json = { HR: { entityTypes: { Person: { memberOfTypes: ['Unit'] }, Unit: {} }, actions: {} } };
    await writeFile(`${dir}/schemas/hr.cedarschema.json`, JSON.stringify(json, null, 2));
    const config = vscode.workspace.getConfiguration('verifiedIdentity');
    await config.update('cedarSchema', `${dir}/schemas/hr.cedarschema.json`, vscode.ConfigurationTarget.Workspace);
    try {
      const { doc } = await openMarked(
        `${dir}/hr.identity-source.json`,
        JSON.stringify(
          {
            policyStoreId: 'PSEXAMPLEabcdefg111111',
            principalEntityType: 'HR::Persn',
            configuration: {
              cognitoUserPoolConfiguration: {
                userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
                groupConfiguration: { groupEntityType: 'HR::Unit' },
              },
            },
          },
          null,
          2,
        ),
      );
      const d = await diagnostic(doc, 'cedar-unknown-entity-type');
      assert.match(d.message, /checked against hr\.cedarschema\.json/);
      assert.match(d.message, /Did you mean 'HR::Person'\?/);
    } finally {
      await config.update('cedarSchema', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('without a schema file, checks against the deployed policy store schema (GetSchema on the emulator)', async () => {
    await resetEmulator();
    const { doc } = await openMarked(
      freshName('cedar-deployed', 'partner', '.identity-source.yaml'),
      [
        'policyStoreId: PSdemoOidcStore0000002',
        'principalEntityType: PartnerApi::Customer',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    issuer: https://auth.example.com',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'cedar-unknown-entity-type');
    assert.match(d.message, /checked against policy store PSdemoOidcStore0000002 \(deployed\)/);
    assert.match(d.message, /PartnerApi::User/);
  });
});

describe('OIDC discovery checks in a real VS Code', () => {
  let op: TestServer;
  const config = () => vscode.workspace.getConfiguration('verifiedIdentity');
  before(async () => {
    await extensionApi();
    op = await startOpenIdProvider();
    await config().update('onlineChecks', true, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await config().update('onlineChecks', undefined, vscode.ConfigurationTarget.Workspace);
    await closeEditors();
    await op.close();
  });

  it('flags an endpoint that differs from discovery and fills the endpoints from the discovery document', async () => {
    const { doc } = await openMarked(
      freshName('oidc', 'okta', '.trust-provider.yaml'),
      [
        'TrustProviderType: user',
        'UserTrustProviderType: oidc',
        'PolicyReferenceName: idp',
        'OidcOptions:',
        `  Issuer: ${op.url}`,
        `  AuthorizationEndpoint: ${op.url}/wrong`,
        `  TokenEndpoint: ${op.url}/token`,
        '  ClientId: verified-access',
        '  ClientSecret: ${secret:idp}',
        '  Scope: openid',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'oidc-endpoint-mismatch');
    assert.strictEqual(d.range.start.line, 5);
    // The published value goes to the quick fix, never into the message (fetched text is not echoed).
    assert.match(d.message, /'OidcOptions\.AuthorizationEndpoint' differs from the authorization_endpoint/);
    assert.ok(!d.message.includes(`${op.url}/auth`), d.message);
    assert.ok(op.requests.includes('/.well-known/openid-configuration'), 'the provider was asked');

    const fill = await actionTitled(doc, d.range, /^Fill OidcOptions endpoints from the discovery document$/);
    await applyAction(fill);
    const text = await textOf(doc, t => t.includes(`AuthorizationEndpoint: ${op.url}/auth\n`));
    assert.ok(text.includes(`  TokenEndpoint: ${op.url}/token\n`));
    assert.ok(text.includes(`  UserInfoEndpoint: ${op.url}/me\n`), text);
    await noDiagnostic(doc, 'oidc-endpoint-mismatch');
  });

  it('an issuer that is not exactly the published one is an error (trailing slash)', async () => {
    const { doc } = await openMarked(
      freshName('oidc', 'slash', '.identity-source.yaml'),
      [
        'policyStoreId: PSEXAMPLEabcdefg111111',
        'principalEntityType: MyApp::User',
        'configuration:',
        '  openIdConnectConfiguration:',
        `    issuer: ${op.url}/`,
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        principalIdClaim: sub',
        '',
      ].join('\n'),
    );
    const d = await diagnostic(doc, 'oidc-issuer-mismatch');
    assert.strictEqual(d.range.start.line, 4);
  });
});

describe('drift CodeLens in a real VS Code', () => {
  let prompts: TestPrompts;
  let restore: () => void;
  before(async () => {
    ({ prompts, restore } = await awsApi());
    await resetEmulator();
  });
  after(async () => {
    restore();
    await closeEditors();
    await resetEmulator();
  });

  const updateFile = (principal: string) =>
    [
      'policyStoreId: PSdemoCognitoStore0001',
      'identitySourceId: ISdemoCognitoSource001',
      `principalEntityType: ${principal}`,
      'updateConfiguration:',
      '  cognitoUserPoolConfiguration:',
      '    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_DemoPool1',
      '    clientIds:',
      '      - 1example23456789demo',
      '    groupConfiguration:',
      '      groupEntityType: DemoCorp::Group',
      '',
    ].join('\n');

  it('an update file says it matches, then differs after a saved edit; the lens opens Compare', async () => {
    const { doc } = await openMarked(
      freshName('drift', 'cognito', '.identity-source.yaml'),
      updateFile('DemoCorp::User'),
    );
    const matches = await driftLens(doc, /matches deployed ISdemoCognitoSource001/);
    assert.strictEqual(matches.range.start.line, 0);

    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit(b => b.replace(new vscode.Range(7, 8, 7, 9), '2'));
    assert.ok(await doc.save());
    const differs = await driftLens(
      doc,
      /^\$\(git-compare\) differs from deployed ISdemoCognitoSource001 \(1 difference\) — Compare$/,
    );
    assert.strictEqual(differs.command?.command, 'verifiedIdentity.compareWithDeployed');
    assert.match(differs.command?.tooltip ?? '', /clientIds/);

    // The lens's own command: Compare with Deployed, with the bound resource.
    const before = vscode.window.tabGroups.all.flatMap(g => g.tabs).length;
    const command = differs.command;
    assert.ok(command);
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    const note = prompts.notifications.at(-1);
    assert.match(note?.message ?? '', /differs from the deployed identity source ISdemoCognitoSource001.*clientIds/);
    await waitFor(() => vscode.window.tabGroups.all.flatMap(g => g.tabs).length > before, 10_000, {
      message: 'the diff editor opened',
    });
    // Nothing was changed in AWS by looking.
    const state = await emulatorState();
    const deployed = state.identitySources.find(s => s.identitySourceId === 'ISdemoCognitoSource001');
    assert.deepStrictEqual(deployed?.configuration.cognitoUserPoolConfiguration.clientIds, ['1example23456789demo']);
  });

  it('a create file is bound to the deployed trust provider with its issuer; a new one gets no lens', async () => {
    // The demo seed's OIDC trust provider vatp-0de0000000000a002 (policy reference "okta"), renamed and rescoped here.
    const { doc } = await openMarked(
      freshName('drift', 'bound', '.trust-provider.yaml'),
      [
        'TrustProviderType: user',
        'UserTrustProviderType: oidc',
        'PolicyReferenceName: contractors',
        'Description: Contractors through an OpenID Connect provider',
        'OidcOptions:',
        '  Issuer: https://auth.example.com',
        '  AuthorizationEndpoint: https://auth.example.com/oauth2/v1/authorize',
        '  TokenEndpoint: https://auth.example.com/oauth2/v1/token',
        '  UserInfoEndpoint: https://auth.example.com/oauth2/v1/userinfo',
        '  ClientId: demo-verified-access',
        '  ClientSecret: ${secret:okta}',
        '  Scope: openid email',
        '',
      ].join('\n'),
    );
    const lens = await driftLens(doc, /differs from deployed vatp-0de0000000000a002/);
    assert.match(lens.command?.tooltip ?? '', /PolicyReferenceName/);
    assert.match(lens.command?.tooltip ?? '', /OidcOptions\.Scope/);

    const { doc: fresh } = await openMarked(
      freshName('drift', 'unbound', '.trust-provider.yaml'),
      [
        'TrustProviderType: user',
        'UserTrustProviderType: oidc',
        'PolicyReferenceName: brandnew',
        'OidcOptions:',
        '  Issuer: https://never-deployed.example.com',
        '  ClientId: c',
        '  Scope: openid',
        '',
      ].join('\n'),
    );
    const api = await extensionApi();
    const checked = await api.drift.check(fresh.uri);
    assert.deepStrictEqual(checked, [], 'nothing deployed has this issuer');
    assert.deepStrictEqual(
      (await lensTitles(fresh)).filter(t => /deployed/.test(t)),
      [],
    );
  });

  it('Check Drift on a modify file whose trust provider is gone says so', async () => {
    const { doc } = await openMarked(
      freshName('drift', 'gone', '.trust-provider.yaml'),
      ['VerifiedAccessTrustProviderId: vatp-0123456789abcdef0', 'Description: gone', ''].join('\n'),
    );
    const result = await vscode.commands.executeCommand<{ state: { state: string } }[]>(
      'verifiedIdentity.checkDrift',
      doc.uri,
    );
    assert.deepStrictEqual(
      result.map(r => r.state.state),
      ['missing'],
    );
    await driftLens(doc, /vatp-0123456789abcdef0 is not deployed in/);
    assert.match(prompts.notifications.at(-1)?.message ?? '', /vatp-0123456789abcdef0 is not deployed/);
  });

  it('Refresh Schema and Discovery Checks runs and the lens comes back', async () => {
    const { doc } = await openMarked(
      freshName('drift', 'refresh', '.identity-source.yaml'),
      updateFile('DemoCorp::User'),
    );
    await driftLens(doc, /matches deployed/);
    await vscode.commands.executeCommand('verifiedIdentity.refreshChecks');
    await driftLens(doc, /matches deployed/);
  });
});
