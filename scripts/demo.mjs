// `npm run demo`: the whole product with no AWS account. Builds and packages the extension, starts the loopback
// emulator of Verified Permissions and EC2 Verified Access with sample data (test/emulator/seeds/demo.json), starts a
// real VS Code in the browser (code-server and Node 24, installed into a cache on first use, with progress lines; no
// browser is installed: you open the URL in yours) with the extension, a sample
// workspace (a copy of demo/workspace/), a temporary AWS profile `demo` with fake keys and the emulator as its
// endpoints, and prints the URL to open. Ctrl+C stops everything it started.
//
//   npm run demo                      build, start, print the URL, run until Ctrl+C
//   npm run demo -- --port 8080       code-server on this port (default: a free one)
//   npm run demo -- --check           start, open the URL in headless Chromium, check the tree is filled, stop
//   npm run demo -- --no-build        reuse verified-identity.vsix as it is
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './e2e/config.mjs';
import { startCodeServer } from './e2e/code-server.mjs';
import { ensureInstalled } from './e2e/install.mjs';
import { exec, hookSignals, log, onCleanup, runCleanups, timed, withProgress } from './e2e/util.mjs';

const args = process.argv.slice(2);
const flag = name => args.includes(name);
const option = name => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const PROFILE = 'demo';
const SEED = path.join(REPO, 'test', 'emulator', 'seeds', 'demo.json');
const VSIX = path.join(REPO, 'verified-identity.vsix');

/** Starts `npm run emulator` (its own process) and resolves with its URL once it listens. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'emulator.mjs'), '--port', '0', '--seed', SEED], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stop = () =>
      new Promise(done => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    onCleanup(stop);
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1], banner: out.trim().split('\n').slice(1).join(' ') });
    });
    child.on('exit', code => reject(new Error(`the emulator exited (${code}) before it listened:\n${out}`)));
  });
}

/** A temporary AWS config with the `demo` profile: fake keys, region us-east-1 (the endpoints come from settings). */
function writeAwsFiles(dir) {
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  fs.writeFileSync(config, `[profile ${PROFILE}]\nregion = us-east-1\n`);
  fs.writeFileSync(
    credentials,
    `[${PROFILE}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`,
  );
  return { config, credentials };
}

async function main() {
  hookSignals();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-demo-'));
  onCleanup(() => fs.rmSync(root, { recursive: true, force: true }));

  if (!flag('--no-build')) {
    await withProgress('build and package the extension (npm run package)', progress =>
      exec('npm', ['run', '--silent', 'package'], { cwd: REPO, quiet: true, onLine: progress }),
    );
  }
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing (run without --no-build)`);
  // Node 24 and code-server; the browser only for --check (you open the URL in your own).
  await ensureInstalled({ browser: flag('--check') });
  const emulator = await timed('emulator', startEmulator);
  log(`emulator at ${emulator.url} ${emulator.banner}`);

  const workspace = path.join(root, 'verified-identity-demo');
  fs.cpSync(path.join(REPO, 'demo', 'workspace'), workspace, { recursive: true });
  fs.mkdirSync(path.join(root, 'aws'));
  const aws = writeAwsFiles(path.join(root, 'aws'));
  const port = option('--port') ? Number(option('--port')) : undefined;
  const cs = await withProgress('start code-server with the extension', () =>
    startCodeServer({
      root: path.join(root, 'code-server'),
      vsix: VSIX,
      disableWorkspaceTrust: true,
      ...(port ? { port } : {}),
      settings: {
        'verifiedIdentity.endpoints.verifiedPermissions': emulator.url,
        'verifiedIdentity.endpoints.ec2': emulator.url,
        'verifiedIdentity.profile': PROFILE,
        // Online checks against an identity provider on this machine, if you run one while trying the demo.
        'verifiedIdentity.allowLoopback': true,
        'workbench.startupEditor': 'readme',
      },
      env: { AWS_CONFIG_FILE: aws.config, AWS_SHARED_CREDENTIALS_FILE: aws.credentials },
    }),
  );
  const url = cs.folderUrl(workspace);

  if (flag('--check')) {
    const { launchBrowser } = await import('./e2e/browser.mjs');
    const { run } = await import(pathToFileURL(path.join(REPO, 'test', 'ui', 'demo.ui.mjs')).href);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(60_000);
      const shotsDir = path.join(root, 'shots');
      fs.mkdirSync(shotsDir, { recursive: true });
      const shots = async name => page.screenshot({ path: path.join(shotsDir, name) });
      await run({ page, url, baseUrl: cs.baseUrl, workspace, shots, log: (...a) => log('[check]', ...a) });
      if (option('--shot')) await page.screenshot({ path: path.resolve(option('--shot')) });
    } finally {
      await browser.close();
    }
    log('demo check passed: the Verified Identity tree is filled from the emulator');
    await runCleanups();
    return;
  }

  console.log(`
  Verified Identity demo is running.

    Open:      ${url}
    Emulator:  ${emulator.url}  (state: ${emulator.url}/__emulator/state)
    Profile:   ${PROFILE} (fake keys) · us-east-1

  Press Ctrl+C to stop.
`);
  await new Promise(() => {}); // until SIGINT / SIGTERM (hookSignals stops everything started)
}

main().catch(async e => {
  console.error(`demo: ${e?.stack ?? e}`);
  await runCleanups();
  process.exit(1);
});
