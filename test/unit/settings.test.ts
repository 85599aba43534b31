/** Settings are declared once: package.json's configuration agrees with DEFAULT_SETTINGS; untrusted input is normalized. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, SECTION } from '../../server/src/settings';
import type { Connection } from 'vscode-languageserver/node';
import type { Log } from '../../server/src/lsp/log';
import { SettingsStore } from '../../server/src/lsp/settings';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; scope?: string }> } };
};

function flatten(o: Record<string, unknown>, prefix: string, out: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && k !== 'files')
      flatten(v as Record<string, unknown>, `${prefix}.${k}`, out);
    else out[`${prefix}.${k}`] = v;
  }
  return out;
}

describe('settings', () => {
  it('package.json contributes exactly the settings with the same defaults', () => {
    const props = pkg.contributes.configuration.properties;
    const declared = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default]));
    assert.deepEqual(declared, flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, SECTION, {}));
  });

  it('endpoint overrides and allowLoopback are application-scoped (a workspace can never set them)', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['verifiedIdentity.endpoints.verifiedPermissions'].scope, 'application');
    assert.equal(props['verifiedIdentity.endpoints.ec2'].scope, 'application');
    assert.equal(props['verifiedIdentity.allowLoopback'].scope, 'application');
    assert.equal(props['verifiedIdentity.files'].scope, 'resource');
  });

  it('normalize fills defaults and drops bad values', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings('nonsense'), DEFAULT_SETTINGS);
    const n = normalizeSettings({
      profile: 42,
      region: 'us-east-1; rm -rf',
      files: { 'a/*.yaml': 'trust-provider', 'b/*.yaml': 'policy', '': 'identity-source' },
      endpoints: { verifiedPermissions: 'http://127.0.0.1:4566/', ec2: 'file:///etc/passwd' },
      onlineChecks: 'yes',
      allowLoopback: 'true',
      trace: { server: 'verbose' },
    });
    assert.equal(n.profile, '');
    assert.equal(n.region, '');
    assert.deepEqual(n.files, { 'a/*.yaml': 'trust-provider' });
    assert.deepEqual(n.endpoints, { verifiedPermissions: 'http://127.0.0.1:4566', ec2: '' });
    assert.equal(n.onlineChecks, false);
    assert.equal(n.allowLoopback, false, 'only the boolean true allows loopback');
    assert.equal(n.trace.server, 'verbose');
  });
});

describe('settings: the server store', () => {
  /** A client that pulls settings but fails every pull (as a broken or slow client would), recording nothing. */
  function store(pull: boolean): SettingsStore {
    const connection = {
      workspace: { getConfiguration: () => Promise.reject(new Error('no configuration')) },
    } as unknown as Connection;
    const log: Log = { level: 'off', error: () => undefined, info: () => undefined, trace: () => undefined };
    return new SettingsStore(connection, log, pull, undefined);
  }

  it('pulling: a didChangeConfiguration payload never becomes the settings (only pulled answers count)', async () => {
    const s = store(true);
    s.changed({ verifiedIdentity: { allowLoopback: true, onlineChecks: true, cedarSchema: '../secrets.cedarschema' } });
    const settings = await s.forUri('file:///ws/a.identity-source.json');
    assert.equal(settings.allowLoopback, false);
    assert.equal(settings.onlineChecks, DEFAULT_SETTINGS.onlineChecks);
    assert.equal(settings.cedarSchema, DEFAULT_SETTINGS.cedarSchema);
  });

  it('not pulling: the payload is the settings (editors without workspace/configuration)', async () => {
    const s = store(false);
    s.changed({ verifiedIdentity: { onlineChecks: true } });
    assert.equal((await s.forUri('file:///ws/a.identity-source.json')).onlineChecks, true);
  });
});
