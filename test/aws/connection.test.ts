/**
 * Profiles, regions, endpoints and credentials: the rules of client/src/aws/connection.ts with temporary shared config
 * files, and the SDK's provider chain (credential_process, env keys) driving real calls to the emulator through the
 * profile's endpoint_url.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients } from '../../client/src/aws/clients';
import { FALLBACK_REGION, hasCredentialSource, resolveConnection } from '../../client/src/aws/connection';
import { AwsListing } from '../../client/src/aws/listing';
import { describeProfile, readSharedProfiles } from '../../client/src/aws/profiles';
import { startEmulator, type Emulator } from '../emulator';

const NO_USER_ENDPOINTS = { verifiedPermissions: '', ec2: '' };

describe('aws: profiles, regions, endpoints, credentials', () => {
  let dir: string;
  let emulator: Emulator;
  let configFile: string;
  let credentialsFile: string;
  const saved: Record<string, string | undefined> = {};
  const ENV = [
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_SESSION_TOKEN',
  ];

  before(async () => {
    emulator = await startEmulator({ seed: 'test/emulator/seeds/demo.json' });
    dir = mkdtempSync(join(tmpdir(), 'vi-aws-config-'));
    configFile = join(dir, 'config');
    credentialsFile = join(dir, 'credentials');
    const processScript = join(dir, 'creds.js');
    writeFileSync(
      processScript,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROCESSEXAMPLE01', SecretAccessKey: 'process-secret' }));\n`,
    );
    writeFileSync(
      configFile,
      [
        '[default]',
        'region = us-west-2',
        '',
        '[profile emulator]',
        'region = eu-west-2',
        `endpoint_url = ${emulator.url}`,
        `credential_process = ${process.execPath} ${processScript}`,
        '',
        '[profile split]',
        'services = local',
        'endpoint_url = http://127.0.0.1:9',
        '',
        '[services local]',
        'verifiedpermissions =',
        `  endpoint_url = ${emulator.url}`,
        '',
        '[profile sso]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        '',
        '[sso-session corp]',
        'sso_region = us-east-1',
        'sso_start_url = https://example.awsapps.com/start',
        '',
      ].join('\n'),
    );
    writeFileSync(
      credentialsFile,
      '[keys]\naws_access_key_id = AKIAKEYSEXAMPLE00001\naws_secret_access_key = keys-secret\n',
    );
    for (const k of ENV) saved[k] = process.env[k];
    for (const k of ENV) delete process.env[k];
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  });

  after(async () => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dir, { recursive: true, force: true });
    await emulator.close();
  });

  it('lists the profiles of both files, default first, with how each gets credentials', async () => {
    const files = await readSharedProfiles();
    assert.deepEqual(files.names, ['default', 'emulator', 'keys', 'split', 'sso']);
    assert.equal(describeProfile(files, 'emulator').kind, 'process');
    assert.equal(describeProfile(files, 'emulator').hasEndpoint, true);
    assert.equal(describeProfile(files, 'sso').kind, 'sso');
    assert.equal(describeProfile(files, 'keys').kind, 'keys');
    assert.equal(describeProfile(files, 'default').region, 'us-west-2');
  });

  it('takes the region from the choice, else the profile, else the environment, else us-east-1', async () => {
    const files = await readSharedProfiles();
    const choose = (profile: string, region = '', env: Record<string, string> = {}) =>
      resolveConnection({ profile, region, userEndpoints: NO_USER_ENDPOINTS }, files, env);
    assert.deepEqual(
      [choose('emulator', 'ap-south-1').region, choose('emulator', 'ap-south-1').regionSource],
      ['ap-south-1', 'setting'],
    );
    assert.deepEqual([choose('emulator').region, choose('emulator').regionSource], ['eu-west-2', 'profile']);
    assert.deepEqual(
      [
        choose('keys', '', { AWS_REGION: 'ca-central-1' }).region,
        choose('keys', '', { AWS_REGION: 'ca-central-1' }).regionSource,
      ],
      ['ca-central-1', 'environment'],
    );
    const fallback = choose('keys');
    assert.deepEqual([fallback.region, fallback.regionSource], [FALLBACK_REGION, 'fallback']);
    // The default chain reads the `default` profile's config (or AWS_PROFILE's).
    assert.equal(choose('').region, 'us-west-2');
    assert.equal(choose('', '', { AWS_PROFILE: 'emulator' }).region, 'eu-west-2');
    assert.equal(choose('').profile, undefined);
    assert.equal(choose('emulator').label, 'emulator · eu-west-2');
  });

  it('takes endpoints from user settings first, then the profile ([services] before endpoint_url), never from elsewhere', async () => {
    const files = await readSharedProfiles();
    const viaProfile = resolveConnection(
      { profile: 'emulator', region: '', userEndpoints: NO_USER_ENDPOINTS },
      files,
      {},
    );
    assert.deepEqual(viaProfile.endpoints, { verifiedPermissions: emulator.url, ec2: emulator.url });
    assert.deepEqual(viaProfile.endpointSources, { verifiedPermissions: 'profile', ec2: 'profile' });

    const user = resolveConnection(
      { profile: 'emulator', region: '', userEndpoints: { verifiedPermissions: 'http://127.0.0.1:1/', ec2: '' } },
      files,
      {},
    );
    assert.equal(user.endpoints.verifiedPermissions, 'http://127.0.0.1:1');
    assert.equal(user.endpointSources.verifiedPermissions, 'setting');
    assert.equal(user.endpoints.ec2, emulator.url, 'the other service still follows the profile');

    const split = resolveConnection({ profile: 'split', region: '', userEndpoints: NO_USER_ENDPOINTS }, files, {});
    assert.equal(split.endpoints.verifiedPermissions, emulator.url, '[services local] verifiedpermissions');
    assert.equal(split.endpoints.ec2, 'http://127.0.0.1:9', 'endpoint_url for services the section does not name');

    const none = resolveConnection({ profile: 'keys', region: '', userEndpoints: NO_USER_ENDPOINTS }, files, {});
    assert.deepEqual(none.endpoints, {});
    assert.deepEqual(none.endpointSources, { verifiedPermissions: 'default', ec2: 'default' });

    const junk = resolveConnection(
      { profile: 'keys', region: '', userEndpoints: { verifiedPermissions: 'file:///etc/passwd', ec2: 'not a url' } },
      files,
      {},
    );
    assert.deepEqual(junk.endpoints, {}, 'only absolute http(s) URLs are endpoints');
  });

  it('knows when there is nothing to connect with (welcome content)', async () => {
    const files = await readSharedProfiles();
    assert.equal(hasCredentialSource({ profile: '' }, files, {}), true, 'a default profile exists');
    const empty = { names: [], config: {}, credentials: {} };
    assert.equal(hasCredentialSource({ profile: '' }, empty, {}), false);
    assert.equal(hasCredentialSource({ profile: 'x' }, empty, {}), true);
    assert.equal(hasCredentialSource({ profile: '' }, empty, { AWS_ACCESS_KEY_ID: 'AKIA…' }), true);
    assert.equal(hasCredentialSource({ profile: '' }, empty, { AWS_PROFILE: 'dev' }), true);
  });

  it('signs with credentials from the profile’s credential_process and reaches its endpoint_url', async () => {
    const files = await readSharedProfiles();
    const connection = resolveConnection(
      { profile: 'emulator', region: '', userEndpoints: NO_USER_ENDPOINTS },
      files,
      {},
    );
    const clients = createAwsClients(connection, { maxAttempts: 1 });
    try {
      const creds = await clients.avp.config.credentials();
      assert.equal(creds.accessKeyId, 'AKIAPROCESSEXAMPLE01');
      const page = await new AwsListing(clients).listPolicyStores();
      assert.equal(page.items.length, 3, 'the demo seed, through the endpoint_url of the profile');
      const providers = await new AwsListing(clients).listTrustProviders();
      assert.ok(providers.items.length >= 5);
    } finally {
      clients.destroy();
    }
  });

  it('uses keys from the environment with the default chain, and keys from the credentials file by profile', async () => {
    const files = await readSharedProfiles();
    process.env.AWS_ACCESS_KEY_ID = 'AKIAENVEXAMPLE000001';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    try {
      const chain = createAwsClients(
        resolveConnection(
          { profile: '', region: '', userEndpoints: { verifiedPermissions: emulator.url, ec2: emulator.url } },
          files,
          {},
        ),
        { maxAttempts: 1 },
      );
      assert.equal((await chain.avp.config.credentials()).accessKeyId, 'AKIAENVEXAMPLE000001');
      assert.equal((await new AwsListing(chain).listPolicyStores()).items.length, 3);
      chain.destroy();
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
    const keys = createAwsClients(
      resolveConnection(
        { profile: 'keys', region: '', userEndpoints: { verifiedPermissions: emulator.url, ec2: emulator.url } },
        files,
        {},
      ),
      { maxAttempts: 1 },
    );
    assert.equal((await keys.avp.config.credentials()).accessKeyId, 'AKIAKEYSEXAMPLE00001');
    keys.destroy();
  });

  it('reports a profile without credentials as a credentials problem, naming the profile', async () => {
    const files = await readSharedProfiles();
    const connection = resolveConnection(
      {
        profile: 'no-such-profile',
        region: 'us-east-1',
        userEndpoints: { verifiedPermissions: emulator.url, ec2: emulator.url },
      },
      files,
      {},
    );
    const clients = createAwsClients(connection, { maxAttempts: 1 });
    try {
      await assert.rejects(
        new AwsListing(clients).listPolicyStores(),
        (e: Error & { failure?: { kind: string; message: string; action: string } }) => {
          assert.equal(e.failure?.kind, 'credentials');
          assert.equal(e.failure?.action, 'verifiedpermissions:ListPolicyStores');
          assert.match(e.failure.message, /No valid AWS credentials for profile "no-such-profile"/);
          return true;
        },
      );
    } finally {
      clients.destroy();
    }
  });
});
