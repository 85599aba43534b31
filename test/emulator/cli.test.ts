/** `npm run emulator` (scripts/emulator.mjs): bundles, starts, prints its URL, serves the SDK, stops on SIGTERM/SIGINT. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DescribeVerifiedAccessTrustProvidersCommand } from '@aws-sdk/client-ec2';
import {
  CreateIdentitySourceCommand,
  CreatePolicyCommand,
  CreatePolicyStoreCommand,
  IsAuthorizedWithTokenCommand,
  ListPolicyStoresCommand,
} from '@aws-sdk/client-verifiedpermissions';
import { repoRoot, sdkClients } from './helpers';
import { APP_CLIENT_ID, POOL_ID, startCognitoIssuer, USER_POOL_ARN } from './token-issuers';

const ROOT = repoRoot();

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'emulator.mjs'), ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Resolves with the URL once the emulator prints it (or fails with what it printed if it exits first). */
function listening(r: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /^Verified Identity emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(r.stdout());
      if (m) {
        r.child.stdout.off('data', check);
        resolve(m[1]);
      }
    };
    r.child.stdout.on('data', check);
    void r.exit.then(code => reject(new Error(`exited with ${code}: ${r.stdout()}${r.stderr()}`)));
  });
}

describe('emulator: npm run emulator', () => {
  const started: Run[] = [];
  after(() => {
    for (const r of started) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`starts with a seed on a free port, serves both SDK clients, and stops cleanly on ${signal}`, async () => {
      const r = run(['--port', '0', '--seed', 'test/emulator/seeds/demo.json', '--latency', '1']);
      started.push(r);
      const url = await listening(r);
      const sdk = sdkClients(url, { maxAttempts: 1 });
      try {
        const stores = await sdk.avp.send(new ListPolicyStoresCommand({}));
        assert.equal(stores.policyStores?.length, 3);
        const providers = await sdk.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({}));
        assert.equal(providers.VerifiedAccessTrustProviders?.length, 5);
      } finally {
        sdk.destroy();
      }
      r.child.kill(signal);
      assert.equal(await r.exit, 0);
      assert.match(r.stdout(), /Verified Identity emulator stopped/);
      assert.equal(r.stderr().replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*$/, ''), '');
    });
  }

  it('explains bad arguments and exits with 2', async () => {
    const r = run(['--port', 'eighty']);
    started.push(r);
    assert.equal(await r.exit, 2);
    assert.match(r.stderr(), /--port must be an integer/);
    assert.match(r.stderr(), /Usage: npm run emulator/);
  });

  it('serves IsAuthorizedWithToken from the bundle, with keys from an --issuer on loopback', async () => {
    const issuer = await startCognitoIssuer();
    const r = run(['--issuer', `${POOL_ID}=${issuer.base}`]);
    started.push(r);
    const url = await listening(r);
    const sdk = sdkClients(url, { maxAttempts: 1 });
    try {
      const issuers = await fetch(`${url}/__emulator/issuers`);
      assert.deepEqual(await issuers.json(), { [POOL_ID]: issuer.base });
      const { policyStoreId } = await sdk.avp.send(
        new CreatePolicyStoreCommand({ validationSettings: { mode: 'OFF' } }),
      );
      await sdk.avp.send(
        new CreateIdentitySourceCommand({
          policyStoreId,
          principalEntityType: 'Orders::User',
          configuration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN, clientIds: [APP_CLIENT_ID] } },
        }),
      );
      await sdk.avp.send(
        new CreatePolicyCommand({
          policyStoreId,
          definition: {
            static: { statement: 'permit(principal, action, resource) when { principal.email like "*@example.com" };' },
          },
        }),
      );
      const out = await sdk.avp.send(
        new IsAuthorizedWithTokenCommand({
          policyStoreId,
          identityToken: await issuer.token('id'),
          action: { actionType: 'Orders::Action', actionId: 'readOrder' },
          resource: { entityType: 'Orders::Order', entityId: 'o-1' },
        }),
      );
      assert.equal(out.decision, 'ALLOW');
      assert.equal(issuer.requests.length, 1);
    } finally {
      sdk.destroy();
      r.child.kill('SIGTERM');
      await r.exit;
      await issuer.close();
    }
  });

  it('refuses an --issuer that is not served on loopback', async () => {
    const r = run(['--issuer', 'https://op.example.test=https://op.example.test']);
    started.push(r);
    assert.equal(await r.exit, 2);
    assert.match(
      r.stderr(),
      /--issuer: the URL for 'https:\/\/op\.example\.test' must be an http\(s\) URL on 127\.0\.0\.1/,
    );
  });

  it('explains an invalid seed file and exits with 2', async () => {
    const r = run(['--seed', 'test/emulator/seeds/no-such-seed.json']);
    started.push(r);
    assert.equal(await r.exit, 2);
    assert.match(r.stderr(), /no-such-seed\.json/);
  });
});
