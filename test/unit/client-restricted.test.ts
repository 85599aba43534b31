/**
 * client/src/restricted.ts: what the language server gets when it pulls `workspace/configuration`. Endpoint overrides
 * and `allowLoopback` come from user settings only (a workspace can never redirect signed requests or point online
 * checks at this machine); in Restricted Mode nothing network-related is on.
 */
import * as assert from 'assert';
import { restrict, sanitizeConfiguration } from '../../client/src/restricted';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/settings';

const USER_ENDPOINTS = { verifiedPermissions: 'http://127.0.0.1:4566', ec2: '' };
const USER = { endpoints: USER_ENDPOINTS, allowLoopback: false };
const FROM_WORKSPACE = {
  profile: 'prod',
  region: 'us-east-1',
  files: { 'idp/*.yaml': 'trust-provider' },
  endpoints: { verifiedPermissions: 'https://attacker.example', ec2: 'https://attacker.example' },
  onlineChecks: true,
  allowLoopback: true,
  cedarSchema: 'schema.cedarschema',
  trace: { server: 'off' },
};

describe('client: settings the language server may see', () => {
  it('trusted: endpoints are replaced by the user-level ones, the rest passes', () => {
    const out = sanitizeConfiguration('verifiedIdentity', FROM_WORKSPACE, true, USER) as typeof FROM_WORKSPACE;
    assert.deepStrictEqual(out.endpoints, USER_ENDPOINTS);
    assert.strictEqual(out.allowLoopback, false, 'the workspace cannot allow loopback');
    assert.strictEqual(out.onlineChecks, true);
    assert.strictEqual(out.profile, 'prod');
    assert.deepStrictEqual(out.files, FROM_WORKSPACE.files);
  });

  it('untrusted: no profile, region, online checks or endpoints; local validation settings stay', () => {
    const out = normalizeSettings(sanitizeConfiguration('verifiedIdentity', FROM_WORKSPACE, false, USER));
    assert.deepStrictEqual(out.endpoints, DEFAULT_SETTINGS.endpoints);
    assert.strictEqual(out.onlineChecks, false);
    assert.strictEqual(out.allowLoopback, false);
    assert.strictEqual(out.profile, '');
    assert.strictEqual(out.region, '');
    assert.deepStrictEqual(out.files, FROM_WORKSPACE.files);
    assert.deepStrictEqual(restrict(normalizeSettings(FROM_WORKSPACE)), out);
  });

  it('answers single keys and the whole configuration the same way', () => {
    assert.strictEqual(
      sanitizeConfiguration('verifiedIdentity.endpoints.ec2', 'https://attacker.example', true, USER),
      '',
    );
    assert.strictEqual(
      sanitizeConfiguration('verifiedIdentity.endpoints.verifiedPermissions', 'https://attacker.example', true, USER),
      USER_ENDPOINTS.verifiedPermissions,
    );
    assert.deepStrictEqual(
      sanitizeConfiguration('verifiedIdentity.endpoints', FROM_WORKSPACE.endpoints, true, USER),
      USER_ENDPOINTS,
    );
    assert.strictEqual(sanitizeConfiguration('verifiedIdentity.allowLoopback', true, true, USER), false);
    assert.strictEqual(sanitizeConfiguration('verifiedIdentity.onlineChecks', true, false, USER), false);
    assert.strictEqual(sanitizeConfiguration('verifiedIdentity.onlineChecks', true, true, USER), true);
    assert.strictEqual(sanitizeConfiguration('editor.tabSize', 4, false, USER), 4);
    const all = sanitizeConfiguration(
      undefined,
      { verifiedIdentity: FROM_WORKSPACE, editor: { tabSize: 2 } },
      false,
      USER,
    ) as {
      verifiedIdentity: typeof FROM_WORKSPACE;
      editor: unknown;
    };
    assert.strictEqual(all.verifiedIdentity.onlineChecks, false);
    assert.deepStrictEqual(all.editor, { tabSize: 2 });
  });

  it('allowLoopback: the user’s value when trusted, never the workspace’s, never in Restricted Mode', () => {
    const user = { endpoints: USER_ENDPOINTS, allowLoopback: true };
    const trusted = sanitizeConfiguration('verifiedIdentity', { ...FROM_WORKSPACE, allowLoopback: false }, true, user);
    assert.strictEqual(normalizeSettings(trusted).allowLoopback, true);
    assert.strictEqual(sanitizeConfiguration('verifiedIdentity.allowLoopback', false, true, user), true);
    const untrusted = sanitizeConfiguration('verifiedIdentity', FROM_WORKSPACE, false, user);
    assert.strictEqual(normalizeSettings(untrusted).allowLoopback, false);
    assert.strictEqual(sanitizeConfiguration('verifiedIdentity.allowLoopback', true, false, user), false);
    assert.strictEqual(restrict(normalizeSettings({ allowLoopback: true })).allowLoopback, false);
  });
});
