/**
 * The AWS commands in a real VS Code against the emulator: create / update / modify / delete, Compare with Deployed,
 * Open as YAML / JSON, Copy as CloudFormation, each checked against the emulator's state (GET /__emulator/state)
 * afterwards; refusal of files
 * with errors or of the wrong kind; AWS errors as diagnostics in the file; Retry with the same idempotency token; the
 * diff shown before an update; and a log that never holds the client secret of an applied file.
 */
import * as assert from 'assert';
import { CreateIdentitySourceCommand, VerifiedPermissionsClient } from '@aws-sdk/client-verifiedpermissions';
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../client/src/apply/apply';
import type { CompareOutcome } from '../../client/src/apply/compare';
import { AWS_DIAGNOSTICS } from '../../client/src/apply/diagnostics';
import { PREVIEW_SCHEME } from '../../client/src/apply/preview';
import { describeAwsError, type AwsFailure } from '../../client/src/aws/errors';
import type { DeleteOutcome } from '../../client/src/commands/aws/delete';
import type { CopyOutcome } from '../../client/src/convert/copy-deployed';
import type { VerifiedIdentityApi } from '../../client/src/extension';
import { awsApi, children, emulatorState, find, injectFault, resetEmulator, type TestPrompts } from './aws-helpers';
import { closeEditors, writeFile } from './editor.helpers';
import { diagnosticsFor, fixtureUri, waitFor } from './util';

const DIR = 'aws-tests';

async function open(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = await writeFile(`${DIR}/${name}`, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function run<T = ApplyOutcome>(command: string, arg?: unknown): Promise<T> {
  return vscode.commands.executeCommand<T>(command, arg) as Promise<T>;
}

const diffTabs = () =>
  vscode.window.tabGroups.all
    .flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === PREVIEW_SCHEME)
    .map(t => t.input as vscode.TabInputTextDiff);

const NEW_SOURCE = `policyStoreId: PSdemoSandboxStore0003
principalEntityType: Sandbox::User
configuration:
  openIdConnectConfiguration:
    issuer: https://sandbox.example.com
    tokenSelection:
      identityTokenOnly:
        principalIdClaim: sub
        clientIds:
          - sandbox-client
`;

const OIDC_PROVIDER = (secret: string, name = 'aws-e2e') => `TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: ${name}
Description: Created by the real-VS-Code suite
OidcOptions:
  Issuer: https://idp.example.com
  AuthorizationEndpoint: https://idp.example.com/authorize
  TokenEndpoint: https://idp.example.com/token
  UserInfoEndpoint: https://idp.example.com/userinfo
  ClientId: e2e-client
  ClientSecret: ${secret}
  Scope: openid email
`;

describe('AWS commands against the emulator', function () {
  this.timeout(60_000);
  let api: VerifiedIdentityApi;
  let prompts: TestPrompts;
  let restore: () => void;

  before(async () => {
    ({ api, prompts, restore } = await awsApi());
    await api.aws.session.select({ profile: undefined, region: undefined });
  });
  beforeEach(async () => {
    await resetEmulator();
    prompts.answer = true;
    prompts.confirms = [];
    prompts.notifications = [];
    await api.aws.session.refresh('test');
  });
  afterEach(closeEditors);
  after(async () => {
    restore();
    await vscode.workspace.fs.delete(fixtureUri(DIR), { recursive: true }).then(undefined, () => undefined);
  });

  it('Create Identity Source from File: creates it, sends a token, refreshes the tree and can reveal it', async () => {
    const doc = await open('sandbox.identity-source.yaml', NEW_SOURCE);
    const outcome = await run('verifiedIdentity.createIdentitySource', doc.uri);
    assert.strictEqual(outcome.ok, true, outcome.message);
    assert.strictEqual(outcome.action, 'verifiedpermissions:CreateIdentitySource');
    assert.match(outcome.clientToken ?? '', /^[0-9a-f-]{36}$/);
    const state = await emulatorState();
    const created = state.identitySources.filter(s => s.policyStoreId === 'PSdemoSandboxStore0003');
    assert.strictEqual(created.length, 1);
    assert.strictEqual(created[0].identitySourceId, outcome.resource?.id);
    assert.strictEqual(created[0].principalEntityType, 'Sandbox::User');
    assert.ok(prompts.notifications.some(n => n.actions.includes('Reveal in Tree')));

    assert.strictEqual(await api.aws.views.reveal(outcome.resource!), true);
    const selected = api.aws.views.identitySourcesView.selection[0];
    assert.strictEqual(selected?.id, `identitySources/source:PSdemoSandboxStore0003/${outcome.resource!.id}`);

    // Retry of the same apply (same token): no second identity source.
    const again = await run('verifiedIdentity.createIdentitySource', { retry: outcome.applyId });
    assert.strictEqual(again.ok, true, again.message);
    assert.strictEqual(again.resource?.id, outcome.resource?.id);
    assert.strictEqual((await emulatorState()).identitySources.length, 3);
  });

  it('refuses a file with errors, and a file of the other kind, without calling AWS', async () => {
    const broken = await open('broken.identity-source.yaml', NEW_SOURCE.replace('issuer:', 'Issuer:'));
    await diagnosticsFor(broken.uri);
    const refused = await run('verifiedIdentity.createIdentitySource', broken.uri);
    assert.strictEqual(refused.ok, false);
    assert.strictEqual(refused.refused, 'errors');
    assert.match(refused.message, /broken\.identity-source\.yaml has \d+ errors?: fix/);

    const update = await open(
      'update-kind.identity-source.yaml',
      NEW_SOURCE.replace('configuration:', 'identitySourceId: ISdemoOidcSource000002\nupdateConfiguration:'),
    );
    const wrongKind = await run('verifiedIdentity.createIdentitySource', update.uri);
    assert.strictEqual(wrongKind.refused, 'kind');
    assert.match(wrongKind.message, /use "Update Identity Source from File"/);

    const other = await run('verifiedIdentity.createTrustProvider', broken.uri);
    assert.strictEqual(other.refused, 'kind');
    assert.strictEqual((await emulatorState()).identitySources.length, 2, 'nothing created');
  });

  it('Update Identity Source from File: shows the diff, asks, then updates', async () => {
    const text = `policyStoreId: PSdemoOidcStore0000002
identitySourceId: ISdemoOidcSource000002
principalEntityType: PartnerApi::User
updateConfiguration:
  openIdConnectConfiguration:
    issuer: https://login.partner.example.com
    entityIdPrefix: partner
    groupConfiguration:
      groupClaim: groups
      groupEntityType: PartnerApi::Group
    tokenSelection:
      accessTokenOnly:
        audiences:
          - https://api.example.com
        principalIdClaim: sub
`;
    const doc = await open('partner.identity-source.yaml', text);
    prompts.answer = false;
    const cancelled = await run('verifiedIdentity.updateIdentitySource', doc.uri);
    assert.strictEqual(cancelled.refused, 'cancelled');
    const diff = diffTabs().at(-1);
    assert.ok(diff, 'a diff editor with the deployed resource opened before the question');
    const left = await vscode.workspace.openTextDocument(diff.original);
    const right = await vscode.workspace.openTextDocument(diff.modified);
    assert.match(left.getText(), /issuer: https:\/\/auth\.example\.com/);
    assert.match(right.getText(), /issuer: https:\/\/login\.partner\.example\.com/);
    assert.match(
      prompts.confirms[0].message,
      /^Update identity source ISdemoOidcSource000002 in policy store PSdemoOidcStore0000002/,
    );
    assert.match(prompts.confirms[0].detail, /updateConfiguration\.openIdConnectConfiguration\.issuer/);
    let source = (await emulatorState()).identitySources.find(s => s.identitySourceId === 'ISdemoOidcSource000002')!;
    assert.strictEqual(source.configuration.openIdConnectConfiguration.issuer, 'https://auth.example.com', 'unchanged');

    prompts.answer = true;
    const updated = await run('verifiedIdentity.updateIdentitySource', doc.uri);
    assert.strictEqual(updated.ok, true, updated.message);
    source = (await emulatorState()).identitySources.find(s => s.identitySourceId === 'ISdemoOidcSource000002')!;
    assert.strictEqual(source.configuration.openIdConnectConfiguration.issuer, 'https://login.partner.example.com');

    const unchanged = await run('verifiedIdentity.updateIdentitySource', doc.uri);
    assert.strictEqual(unchanged.refused, 'unchanged');
  });

  it('Create Trust Provider from File with a secret reference: the log never holds the secret', async () => {
    const secret = 'e2e-Client-Secret-9f83b1';
    // Store the secret the way users do: a literal, then the quick fix's command moves it to SecretStorage.
    const doc = await open('secret.trust-provider.yaml', OIDC_PROVIDER(secret));
    const line = doc
      .getText()
      .split('\n')
      .findIndex(l => l.includes('ClientSecret:'));
    const start = doc.lineAt(line).text.indexOf(secret);
    await vscode.commands.executeCommand('verifiedIdentity.storeSecret', {
      uri: doc.uri.toString(),
      range: { start: { line, character: start }, end: { line, character: start + secret.length } },
      name: 'aws-e2e-secret',
    });
    await waitFor(() => doc.getText().includes('${secret:aws-e2e-secret}'), 10_000, { message: 'the reference' });
    await doc.save();

    const outcome = await run('verifiedIdentity.createTrustProvider', doc.uri);
    assert.strictEqual(outcome.ok, true, outcome.message);
    assert.match(outcome.resource?.id ?? '', /^vatp-/);
    const created = (await emulatorState()).trustProviders.find(
      t => t.VerifiedAccessTrustProviderId === outcome.resource?.id,
    );
    assert.ok(created);
    assert.strictEqual(created.PolicyReferenceName, 'aws-e2e');
    assert.strictEqual(created.OidcOptions?.ClientSecret, '***', 'the emulator received a secret (it shows it masked)');

    // A literal secret (a warning, not an error) is applied too, and kept out of the log as well.
    const literal = 'Literal-Secret-in-File-4471';
    const second = await open('literal.trust-provider.yaml', OIDC_PROVIDER(literal, 'aws-e2e-literal'));
    const outcome2 = await run('verifiedIdentity.createTrustProvider', second.uri);
    assert.strictEqual(outcome2.ok, true, outcome2.message);

    const log = api.log.recent().join('\n');
    assert.ok(log.includes('ec2:CreateVerifiedAccessTrustProvider'), 'the calls are logged');
    for (const forbidden of [secret, literal, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLE']) {
      assert.ok(!log.includes(forbidden), `the log holds ${forbidden}`);
    }
  });

  it('Modify Trust Provider from File: diff, confirmation, change applied; EC2 errors become diagnostics', async () => {
    const doc = await open(
      'okta.trust-provider.yaml',
      'VerifiedAccessTrustProviderId: vatp-0de0000000000a002\nDescription: Contractors (modified)\nOidcOptions:\n  Scope: openid email\n',
    );
    const outcome = await run('verifiedIdentity.modifyTrustProvider', doc.uri);
    assert.strictEqual(outcome.ok, true, outcome.message);
    assert.strictEqual(prompts.confirms.length, 1);
    assert.ok(diffTabs().length > 0);
    const tp = (await emulatorState()).trustProviders.find(
      t => t.VerifiedAccessTrustProviderId === 'vatp-0de0000000000a002',
    )!;
    assert.strictEqual(tp.Description, 'Contractors (modified)');
    assert.strictEqual(tp.OidcOptions?.Scope, 'openid email');
    assert.strictEqual(tp.OidcOptions?.Issuer, 'https://auth.example.com');

    // OIDC options on a device provider: valid as a file, refused by EC2 → a diagnostic on OidcOptions.
    const device = await open(
      'jamf.trust-provider.yaml',
      'VerifiedAccessTrustProviderId: vatp-0de0000000000a003\nOidcOptions:\n  Scope: openid\n',
    );
    const failed = await run('verifiedIdentity.modifyTrustProvider', device.uri);
    assert.strictEqual(failed.ok, false);
    assert.strictEqual(failed.failure?.code, 'InvalidParameterCombination');
    await diagnosticsFor(device.uri, ds => ds.some(x => x.source?.startsWith('AWS')));
    const aws = vscode.languages.getDiagnostics(device.uri).filter(x => x.source?.startsWith('AWS'));
    assert.strictEqual(aws.length, 1, aws.map(x => x.message).join(' | '));
    assert.strictEqual(device.getText(aws[0].range), 'OidcOptions');
    assert.strictEqual(aws[0].code, 'InvalidParameterCombination');
    assert.strictEqual(aws[0].source, 'AWS ec2:ModifyVerifiedAccessTrustProvider');
    assert.ok(prompts.notifications.some(n => n.severity === 'error' && n.actions.includes('Show Problems')));

    // Editing the file clears them.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(device.uri, new vscode.Position(0, 0), '# edited\n');
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => !vscode.languages.getDiagnostics(device.uri).some(x => x.source?.startsWith('AWS')), 5000, {
      message: 'AWS diagnostics cleared',
    });
  });

  it('maps a ValidationException fieldList to diagnostics at the member paths', async () => {
    const doc = await open(
      'fields.identity-source.yaml',
      NEW_SOURCE.replace('principalIdClaim: sub', 'principalIdClaim: sub\n        # fieldList'),
    );
    // A real ValidationException from the SDK against the emulator, mapped and reported by the extension.
    const state = await api.aws.session.state();
    const client = new VerifiedPermissionsClient({
      endpoint: state.connection!.endpoints.verifiedPermissions,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    let failure: AwsFailure | undefined;
    try {
      await client.send(
        new CreateIdentitySourceCommand({
          policyStoreId: 'PSdemoSandboxStore0003',
          configuration: {
            openIdConnectConfiguration: {
              issuer: 'http://plain-http',
              tokenSelection: { identityTokenOnly: { principalIdClaim: 'sub' } },
            },
          },
        }),
      );
    } catch (e) {
      failure = describeAwsError(e, 'verifiedpermissions:CreateIdentitySource');
    } finally {
      client.destroy();
    }
    assert.ok(failure && failure.fields.length > 0, 'the service sent a fieldList');
    const reported = await api.aws.diagnostics.report(doc.uri, 0, failure);
    const issuer = reported.find(r => doc.getText(r.range) === 'https://sandbox.example.com');
    assert.ok(issuer, `a diagnostic on the issuer value: ${reported.map(r => doc.getText(r.range)).join(' | ')}`);
    assert.strictEqual(api.aws.diagnostics.collection.name, AWS_DIAGNOSTICS);
    api.aws.diagnostics.clear(doc.uri);
  });

  it('ends a create with a clear message on an injected fault, creates nothing, and Retry (same token) creates once', async () => {
    const doc = await open('fault.trust-provider.yaml', OIDC_PROVIDER('${secret:aws-e2e-secret}', 'aws-e2e-fault'));
    await injectFault({ operation: 'CreateVerifiedAccessTrustProvider', kind: 'malformed', count: 1 });
    const failed = await run('verifiedIdentity.createTrustProvider', doc.uri);
    assert.strictEqual(failed.ok, false);
    assert.match(failed.message, /could not be read.*may or may not have been applied.*Retry is safe/);
    assert.ok(prompts.notifications.some(n => n.severity === 'error' && n.actions.includes('Retry')));
    const count = async () =>
      (await emulatorState()).trustProviders.filter(t => t.PolicyReferenceName === 'aws-e2e-fault').length;
    assert.strictEqual(await count(), 0, 'nothing half-created');
    const retried = await run('verifiedIdentity.createTrustProvider', { retry: failed.applyId });
    assert.strictEqual(retried.ok, true, retried.message);
    assert.strictEqual(retried.clientToken, failed.clientToken, 'the same idempotency token');
    await run('verifiedIdentity.createTrustProvider', { retry: failed.applyId });
    assert.strictEqual(await count(), 1, 'exactly one after two retries');

    await injectFault({ operation: 'CreateVerifiedAccessTrustProvider', kind: 'throttle', count: 5 });
    const throttled = await run('verifiedIdentity.createTrustProvider', doc.uri);
    assert.strictEqual(throttled.ok, false);
    assert.match(throttled.message, /AWS throttled ec2:CreateVerifiedAccessTrustProvider after 3 attempts/);
    await vscode.commands.executeCommand('verifiedIdentity.refresh');
  });

  it('Delete: asks first; deletes identity sources and trust providers from their tree nodes', async () => {
    const isp = api.aws.views.identitySources;
    const [root] = await children(isp);
    const portal = find(await children(isp, root.node), 'demo-employee-portal');
    const [source] = await children(isp, portal.node);
    prompts.answer = false;
    const kept = await run<DeleteOutcome>('verifiedIdentity.delete', source.node);
    assert.strictEqual(kept.ok, false);
    assert.match(
      prompts.confirms[0].message,
      /^Delete identity source ISdemoCognitoSource001 in policy store PSdemoCognitoStore0001\?/,
    );
    assert.strictEqual((await emulatorState()).identitySources.length, 2);
    prompts.answer = true;
    const deleted = await run<DeleteOutcome>('verifiedIdentity.delete', source.node);
    assert.strictEqual(deleted.ok, true, deleted.message);
    assert.ok(!(await emulatorState()).identitySources.some(s => s.identitySourceId === 'ISdemoCognitoSource001'));
    const after = await children(isp, portal.node);
    assert.deepStrictEqual(
      after.map(a => a.label),
      ['No identity source'],
    );

    const tpp = api.aws.views.trustProviders;
    const jamf = find(await children(tpp, (await children(tpp))[0].node), 'device · jamf · jamf');
    const gone = await run<DeleteOutcome>('verifiedIdentity.delete', jamf.node);
    assert.strictEqual(gone.ok, true, gone.message);
    assert.ok(
      !(await emulatorState()).trustProviders.some(t => t.VerifiedAccessTrustProviderId === 'vatp-0de0000000000a003'),
    );
  });

  it('Compare with Deployed: a diff view and the differences, for update and create files', async () => {
    const update = await open(
      'compare.trust-provider.yaml',
      'VerifiedAccessTrustProviderId: vatp-0de0000000000a004\nDescription: Something else\n',
    );
    const outcome = await run<CompareOutcome>('verifiedIdentity.compareWithDeployed', update.uri);
    assert.strictEqual(outcome.ok, true, outcome.message);
    assert.deepStrictEqual(
      outcome.differences?.map(d => d.path),
      ['Description'],
    );
    const tab = diffTabs().at(-1)!;
    assert.match(
      (await vscode.workspace.openTextDocument(tab.original)).getText(),
      /Description: Device posture through CrowdStrike/,
    );

    const create = await open(
      'compare-create.identity-source.json',
      JSON.stringify(
        {
          policyStoreId: 'PSdemoCognitoStore0001',
          principalEntityType: 'DemoCorp::User',
          configuration: {
            cognitoUserPoolConfiguration: {
              userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_DemoPool1',
              clientIds: ['1example23456789demo'],
              groupConfiguration: { groupEntityType: 'DemoCorp::Group' },
            },
          },
        },
        null,
        2,
      ),
    );
    const same = await run<CompareOutcome>('verifiedIdentity.compareWithDeployed', create.uri);
    assert.strictEqual(same.ok, true, same.message);
    assert.deepStrictEqual(same.differences, [], same.message);
    assert.match(same.message, /matches the deployed identity source ISdemoCognitoSource001/);
  });

  it('Open as YAML / Open as JSON: the deployed resource as a new request file', async () => {
    const isp = api.aws.views.identitySources;
    const [root] = await children(isp);
    const partner = find(await children(isp, root.node), 'demo-partner-api');
    const [source] = await children(isp, partner.node);
    const yamlUri = await run<vscode.Uri>('verifiedIdentity.openAsYaml', source.node);
    const yaml = await vscode.workspace.openTextDocument(yamlUri);
    assert.strictEqual(yaml.uri.scheme, 'untitled');
    assert.match(yaml.uri.path, /ISdemoOidcSource000002\.identity-source\.yaml$/);
    assert.match(yaml.getText(), /^policyStoreId: PSdemoOidcStore0000002\nidentitySourceId: ISdemoOidcSource000002\n/);
    assert.match(
      yaml.getText(),
      /updateConfiguration:\n {2}openIdConnectConfiguration:\n {4}issuer: https:\/\/auth\.example\.com/,
    );

    const tpp = api.aws.views.trustProviders;
    const okta = find(await children(tpp, (await children(tpp))[0].node), 'user · oidc · okta');
    const jsonUri = await run<vscode.Uri>('verifiedIdentity.openAsJson', okta.node);
    const json = JSON.parse((await vscode.workspace.openTextDocument(jsonUri)).getText()) as Record<string, unknown>;
    assert.strictEqual(json.VerifiedAccessTrustProviderId, 'vatp-0de0000000000a002');
    assert.strictEqual((json.OidcOptions as Record<string, unknown>).Issuer, 'https://auth.example.com');
    assert.ok(!JSON.stringify(json).includes('ClientSecret'), 'AWS never returns the secret');
    await waitFor(
      async () => {
        const info = await api.status.refresh();
        return info?.kind === 'trust-provider-update';
      },
      15_000,
      { message: 'the opened file is associated as a modify file' },
    );
    // Untitled files: close them without the "Save changes?" dialog.
    for (const uri of [yamlUri, jsonUri]) {
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Copy as CloudFormation (YAML / JSON): the deployed resource as a template resource, with a message', async () => {
    const isp = api.aws.views.identitySources;
    const [root] = await children(isp);
    const partner = find(await children(isp, root.node), 'demo-partner-api');
    const [source] = await children(isp, partner.node);
    const yaml = await run<CopyOutcome>('verifiedIdentity.copyAsCloudFormationYaml', source.node);
    assert.strictEqual(yaml.logicalId, 'ExampleIdentitySource');
    assert.strictEqual(yaml.type, 'AWS::VerifiedPermissions::IdentitySource');
    assert.match(
      yaml.text,
      /^ExampleIdentitySource:\n {2}Type: AWS::VerifiedPermissions::IdentitySource\n {2}Properties:\n {4}PolicyStoreId: PSdemoOidcStore0000002\n/,
    );
    assert.match(yaml.text, /\n {6}OpenIdConnectConfiguration:\n {8}Issuer: https:\/\/auth\.example\.com\n/);
    assert.ok(!yaml.text.includes('ISdemoOidcSource000002'), 'the read-only ID is not a property');
    const copied = prompts.notifications.at(-1)!;
    assert.strictEqual(copied.severity, 'info');
    assert.match(
      copied.message,
      /^Copied the identity source as the CloudFormation resource ExampleIdentitySource \(YAML\): paste it under Resources\.$/,
    );
    // The browser's clipboard cannot be read without a permission the test page does not have: checked on the desktop.
    if (vscode.env.uiKind === vscode.UIKind.Desktop)
      assert.strictEqual(await vscode.env.clipboard.readText(), yaml.text);

    const tpp = api.aws.views.trustProviders;
    const okta = find(await children(tpp, (await children(tpp))[0].node), 'user · oidc · okta');
    const json = await run<CopyOutcome>('verifiedIdentity.copyAsCloudFormationJson', okta.node);
    const entry = JSON.parse(`{${json.text}}`) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    assert.deepStrictEqual(Object.keys(entry), ['OktaTrustProvider']);
    assert.strictEqual(entry.OktaTrustProvider.Type, 'AWS::EC2::VerifiedAccessTrustProvider');
    assert.strictEqual(entry.OktaTrustProvider.Properties.PolicyReferenceName, 'okta');
    assert.strictEqual(
      (entry.OktaTrustProvider.Properties.OidcOptions as Record<string, unknown>).Issuer,
      'https://auth.example.com',
    );
    assert.deepStrictEqual(entry.OktaTrustProvider.Properties.Tags, [{ Key: 'Name', Value: 'demo-oidc' }]);
    assert.ok(!json.text.includes('ClientSecret') && !json.text.includes('vatp-'), 'no secret, no read-only ID');
    assert.match(prompts.notifications.at(-1)!.message, /AWS does not return client secrets/);
    if (vscode.env.uiKind === vscode.UIKind.Desktop)
      assert.strictEqual(await vscode.env.clipboard.readText(), json.text);
  });
});
