/**
 * The Verified Identity views in a real VS Code against the emulator (started by test/vscode/setup.mjs with the demo
 * seed): connection → policy stores → identity sources → details, trust providers → details, "Load more…", the
 * filter, error nodes with Retry, the status item, profile and region switches, and endpoints that a workspace cannot
 * redirect.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { VerifiedIdentityApi } from '../../client/src/extension';
import {
  awsApi,
  children,
  control,
  details,
  emulatorUrl,
  find,
  clearFaults,
  injectFault,
  resetEmulator,
  type TestPrompts,
} from './aws-helpers';
import { fixtureUri, waitFor } from './util';

describe('AWS views against the emulator', function () {
  this.timeout(60_000);
  let api: VerifiedIdentityApi;
  let restore: () => void;
  let prompts: TestPrompts;

  before(async () => {
    ({ api, restore, prompts } = await awsApi());
    await resetEmulator();
    await api.aws.session.select({ profile: undefined, region: undefined });
  });
  after(async () => {
    api.aws.views.setPageSize({});
    api.aws.views.filter.set('');
    await api.aws.session.select({ profile: undefined, region: undefined });
    restore();
  });

  const identitySources = () => api.aws.views.identitySources;
  const trustProviders = () => api.aws.views.trustProviders;

  it('connects with the profile from settings and the emulator as the profile’s endpoint_url', async () => {
    const state = await api.aws.session.state();
    assert.strictEqual(state.trusted, true);
    assert.strictEqual(state.hasProfile, true);
    assert.strictEqual(state.connection?.label, 'emulator · us-east-1');
    assert.strictEqual(state.connection?.endpoints.verifiedPermissions, emulatorUrl());
    assert.deepStrictEqual(state.connection?.endpointSources, { verifiedPermissions: 'profile', ec2: 'profile' });
    await waitFor(() => api.aws.status.text === '$(cloud) emulator · us-east-1', 10_000, {
      message: 'the status item',
    });
    const roots = await children(identitySources());
    assert.deepStrictEqual(
      roots.map(r => r.label),
      ['emulator · us-east-1'],
    );
    assert.strictEqual(roots[0].item.contextValue, 'connection');
  });

  it('browses policy stores → identity sources → details', async () => {
    const [root] = await children(identitySources());
    const stores = await children(identitySources(), root.node);
    assert.deepStrictEqual(
      stores.map(s => s.label),
      ['demo-employee-portal', 'demo-partner-api', 'PSdemoSandboxStore0003'],
    );
    const portal = find(stores, 'demo-employee-portal');
    assert.match(portal.description, /^PSdemoCognitoStore0001 · Demo: employee portal/);
    assert.strictEqual(portal.item.contextValue, 'policyStore');
    assert.strictEqual(portal.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const [cognito] = await children(identitySources(), portal.node);
    assert.strictEqual(cognito.label, 'Cognito us-east-1_DemoPool1');
    assert.strictEqual(cognito.description, 'DemoCorp::User');
    assert.strictEqual(cognito.item.contextValue, 'identitySource');
    const d = await details(identitySources(), cognito.node);
    assert.strictEqual(d['Identity source ID'], 'ISdemoCognitoSource001');
    assert.strictEqual(d.Type, 'Amazon Cognito user pool');
    assert.strictEqual(d['User pool ARN'], 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_DemoPool1');
    assert.strictEqual(d['Group entity type'], 'DemoCorp::Group');
    assert.strictEqual(d['Client IDs'], '1example23456789demo');

    const [oidc] = await children(identitySources(), find(stores, 'demo-partner-api').node);
    assert.strictEqual(oidc.label, 'https://auth.example.com');
    assert.strictEqual(oidc.description, 'PartnerApi::User');
    const od = await details(identitySources(), oidc.node);
    assert.strictEqual(od.Token, 'access token');
    assert.strictEqual(od.Audiences, 'https://api.example.com');
    assert.strictEqual(od['Group claim'], 'groups');

    const empty = await children(identitySources(), find(stores, 'PSdemoSandboxStore0003').node);
    assert.deepStrictEqual(
      empty.map(e => e.label),
      ['No identity source'],
    );
  });

  it('browses trust providers → details', async () => {
    const [root] = await children(trustProviders());
    const providers = await children(trustProviders(), root.node);
    const labels = providers.map(p => p.label);
    for (const l of ['user · iam-identity-center · idc', 'user · oidc · okta', 'device · jamf · jamf']) {
      assert.ok(labels.includes(l), `${l} in ${labels.join(' | ')}`);
    }
    const okta = find(providers, 'user · oidc · okta');
    assert.strictEqual(okta.description, 'vatp-0de0000000000a002');
    assert.strictEqual(okta.item.contextValue, 'trustProvider');
    const d = await details(trustProviders(), okta.node);
    assert.strictEqual(d.Issuer, 'https://auth.example.com');
    assert.strictEqual(d['Client ID'], 'demo-verified-access');
    assert.strictEqual(d.Tags, 'Name=demo-oidc');
    assert.ok(!Object.values(d).some(v => v.includes('not-a-real-secret')), 'no client secret in the tree');
  });

  it('shows "Load more…" when a page has a next token, and loads the next page', async () => {
    await control('POST', 'seed', {
      trustProviders: [1, 2].map(i => ({
        TrustProviderType: 'device',
        DeviceTrustProviderType: 'crowdstrike',
        PolicyReferenceName: `extra${i}`,
        DeviceOptions: { TenantId: `0123456789abcdef0123456789abcde${i}` },
      })),
    });
    api.aws.views.setPageSize({ policyStores: 2, trustProviders: 5 });
    const [root] = await children(identitySources());
    const first = await children(identitySources(), root.node);
    assert.deepStrictEqual(
      first.map(s => s.label),
      ['demo-employee-portal', 'demo-partner-api', 'Load more…'],
    );
    const more = first[2];
    assert.strictEqual(more.item.command?.command, 'verifiedIdentity.loadMore');
    const changed = new Promise(resolve => {
      const sub = identitySources().onDidChangeTreeData(n => {
        sub.dispose();
        resolve(n);
      });
    });
    await vscode.commands.executeCommand('verifiedIdentity.loadMore', more.node);
    assert.strictEqual(await changed, root.node, 'the connection node is redrawn');
    const all = await children(identitySources(), root.node);
    assert.deepStrictEqual(
      all.map(s => s.label),
      ['demo-employee-portal', 'demo-partner-api', 'PSdemoSandboxStore0003'],
    );

    const [tpRoot] = await children(trustProviders());
    const tps = await children(trustProviders(), tpRoot.node);
    assert.strictEqual(tps.length, 6, 'five providers (EC2 pages of at least 5) and "Load more…"');
    assert.strictEqual(tps[5].label, 'Load more…');
    await vscode.commands.executeCommand('verifiedIdentity.loadMore', tps[5].node);
    const allTps = await children(trustProviders(), tpRoot.node);
    assert.ok(allTps.length > 5 && !allTps.some(t => t.label === 'Load more…'), allTps.map(t => t.label).join(' | '));
    api.aws.views.setPageSize({});
  });

  it('filters stores, identity sources and trust providers', async () => {
    await vscode.commands.executeCommand('verifiedIdentity.filter', 'partner');
    const [root] = await children(identitySources());
    assert.strictEqual(root.description, 'filter: partner');
    const stores = await children(identitySources(), root.node);
    assert.deepStrictEqual(
      stores.map(s => s.label),
      ['demo-partner-api'],
    );
    await vscode.commands.executeCommand('verifiedIdentity.filter', 'DemoPool1');
    const byIssuerPool = await children(identitySources(), (await children(identitySources()))[0].node);
    assert.deepStrictEqual(
      byIssuerPool.map(s => s.label),
      ['demo-employee-portal'],
      'a store whose identity source matches',
    );
    await vscode.commands.executeCommand('verifiedIdentity.filter', 'jamf');
    const tps = await children(trustProviders(), (await children(trustProviders()))[0].node);
    assert.deepStrictEqual(
      tps.map(t => t.label),
      ['device · jamf · jamf'],
    );
    await vscode.commands.executeCommand('verifiedIdentity.clearFilter');
    assert.strictEqual(api.aws.views.filter.active, false);
  });

  it('shows an error node naming the failing action, with Retry', async () => {
    await injectFault({ operation: 'ListPolicyStores', kind: 'access-denied', count: 1 });
    await vscode.commands.executeCommand('verifiedIdentity.refresh');
    const [root] = await children(identitySources());
    const [error, ...rest] = await children(identitySources(), root.node);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(error.label, 'verifiedpermissions:ListPolicyStores failed');
    assert.strictEqual(error.item.contextValue, 'error', 'Retry and Show Logs come from the error context value');
    assert.match(
      error.description,
      /Access denied: profile "emulator" may not call verifiedpermissions:ListPolicyStores/,
    );
    assert.strictEqual(error.item.command?.command, 'verifiedIdentity.retry');
    await vscode.commands.executeCommand('verifiedIdentity.retry', error.node);
    const stores = await children(identitySources(), root.node);
    assert.strictEqual(stores.length, 3, stores.map(s => s.label).join(' | '));
    assert.ok(api.log.recent().some(l => /verifiedpermissions:ListPolicyStores .*error AccessDeniedException/.test(l)));
  });

  it('shows an error node for a store whose identity sources cannot be listed', async () => {
    // Every call fails until the faults are cleared: the visible view, live completion or a drift lens may list
    // identity sources too, and must not use the faults up before this test's own calls.
    await injectFault({ operation: 'ListIdentitySources', kind: 'access-denied', count: 1000 });
    try {
      await vscode.commands.executeCommand('verifiedIdentity.refresh');
      const [root] = await children(identitySources());
      const stores = await children(identitySources(), root.node);
      const failed = (await Promise.all(stores.map(s => children(identitySources(), s.node)))).flat();
      assert.ok(
        failed.some(n => n.label === 'verifiedpermissions:ListIdentitySources failed'),
        failed.map(n => n.label).join(' | '),
      );
    } finally {
      await clearFaults();
      await vscode.commands.executeCommand('verifiedIdentity.refresh');
    }
  });

  it('refreshes everything when the region or the profile changes', async () => {
    const fired = new Promise<void>(resolve => {
      const sub = trustProviders().onDidChangeTreeData(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('verifiedIdentity.selectRegion', 'eu-west-1');
    await fired;
    assert.deepStrictEqual(
      (await children(identitySources())).map(r => r.label),
      ['emulator · eu-west-1'],
    );
    await waitFor(() => api.aws.status.text === '$(cloud) emulator · eu-west-1', 10_000, { message: 'status item' });

    await vscode.commands.executeCommand('verifiedIdentity.selectProfile', 'no-such-profile');
    const [root] = await children(identitySources());
    assert.strictEqual(root.label, 'no-such-profile · eu-west-1');
    const [error] = await children(identitySources(), root.node);
    assert.strictEqual(error.label, 'verifiedpermissions:ListPolicyStores failed');
    assert.match(error.description, /No valid AWS credentials for profile "no-such-profile"/);

    prompts.pickIndex = 0;
    await api.aws.session.select({ profile: undefined, region: undefined });
    assert.strictEqual((await children(identitySources()))[0].label, 'emulator · us-east-1');
  });

  it('takes a user-level endpoint setting over the profile, and reconnects when it changes', async () => {
    const config = vscode.workspace.getConfiguration('verifiedIdentity');
    const changed = () =>
      new Promise<void>(resolve => {
        const sub = api.aws.session.onDidChange(() => {
          sub.dispose();
          resolve();
        });
      });
    try {
      let next = changed();
      await config.update('endpoints.verifiedPermissions', `${emulatorUrl()}/`, vscode.ConfigurationTarget.Global);
      await next;
      const state = await api.aws.session.state();
      assert.strictEqual(state.connection?.endpoints.verifiedPermissions, emulatorUrl());
      assert.deepStrictEqual(state.connection?.endpointSources, { verifiedPermissions: 'setting', ec2: 'profile' });
      const stores = await children(identitySources(), (await children(identitySources()))[0].node);
      assert.strictEqual(stores.length, 3);
      next = changed();
      await config.update('endpoints.verifiedPermissions', undefined, vscode.ConfigurationTarget.Global);
      await next;
    } finally {
      await config.update('endpoints.verifiedPermissions', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual((await api.aws.session.state()).connection?.endpointSources.verifiedPermissions, 'profile');
  });

  it('never takes endpoints from the workspace: a .vscode/settings.json redirect is ignored', async () => {
    const file = fixtureUri('.vscode/settings.json');
    const original = await vscode.workspace.fs.readFile(file);
    try {
      const settings = JSON.parse(new TextDecoder().decode(original)) as Record<string, unknown>;
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(
          JSON.stringify({
            ...settings,
            'verifiedIdentity.endpoints.verifiedPermissions': 'http://127.0.0.1:9/attacker',
            'verifiedIdentity.endpoints.ec2': 'http://127.0.0.1:9/attacker',
            'verifiedIdentity.cedarSchema': 'aws-tree-marker.cedarschema',
          }),
        ),
      );
      await waitFor(
        () =>
          vscode.workspace.getConfiguration('verifiedIdentity', fixtureUri('')).get('cedarSchema') ===
          'aws-tree-marker.cedarschema',
        15_000,
        {
          events: [vscode.workspace.onDidChangeConfiguration as vscode.Event<unknown>],
          message: 'the workspace settings',
        },
      );
      const state = await api.aws.session.refresh('test');
      assert.strictEqual(state.connection?.endpoints.verifiedPermissions, emulatorUrl());
      assert.strictEqual(state.connection?.endpoints.ec2, emulatorUrl());
      const stores = await children(identitySources(), (await children(identitySources()))[0].node);
      assert.strictEqual(stores.length, 3, 'still listing from the emulator');
    } finally {
      await vscode.workspace.fs.writeFile(file, original);
    }
  });
});
