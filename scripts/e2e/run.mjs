// `npm run test:vscode`: the extension's test suite inside a real VS Code (code-server, offline), then the UI scripts
// against the packaged .vsix. Stops everything it starts, also on failure or Ctrl+C.
//
// Environment:
//   VI_E2E_CACHE            where Node 24 and code-server are cached (default ~/.cache/verified-identity-e2e)
//   VI_E2E_SKIP_BUILD=1     the caller already ran `node esbuild.mjs` and `tsc -p .`
//   VI_E2E_ONLY=lazy|vscode|restricted|ui   run one part: the lazy-start suite (test/vscode/lazy/, a workspace
//                           without files of ours; it prints the activation time and the time to first diagnostics),
//                           the extension suite (trusted workspace), the Restricted Mode suite (test/vscode/restricted/,
//                           workspace trust on and the folder not trusted), the UI scripts
//   VI_E2E_GREP             only the extension tests whose title matches (mocha grep)
//   VI_E2E_UI_FILTER        only the UI scripts whose file name contains this
//   VI_E2E_VSIX             install this .vsix instead of running `npm run package`
//   VI_E2E_TIMEOUT          seconds the extension suite may take before it counts as hung (default 420)
//   VI_E2E_SHOTS            screenshots dir (default: <run's temp dir>/shots, removed after a passing run unless
//                           VI_E2E_KEEP=1)
//   VI_UPDATE_SCREENSHOTS=1 copy all screenshots to docs/images/ (else only the missing ones)
//   VI_E2E_KEEP=1           keep the temp dir (code-server logs, workspaces) even when everything passed
//   VI_E2E_VERBOSE=1        print the workbench's noise too
//   VI_E2E_EXTENSION_PATH / VI_E2E_TESTS_PATH   run another extension / suite (harness debugging)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './config.mjs';
import { startCodeServer } from './code-server.mjs';
import { runExtensionTests } from './ext-tests.mjs';
import { ensureInstalled } from './install.mjs';
import { publishScreenshots, runUiScripts, uiScripts } from './ui.mjs';
import { exec, hookSignals, log, onCleanup, runCleanups, timed, timings } from './util.mjs';
import { PLAIN_WORKSPACE, createWorkspace, runSetupHook } from './workspace.mjs';

const env = process.env;
const only = env.VI_E2E_ONLY;
const extensionPath = path.resolve(env.VI_E2E_EXTENSION_PATH || REPO);
const testsPath = path.resolve(env.VI_E2E_TESTS_PATH || path.join(REPO, 'out', 'test', 'vscode', 'index.js'));

async function build() {
  if (env.VI_E2E_SKIP_BUILD === '1') return log('build skipped (VI_E2E_SKIP_BUILD=1)');
  await timed('build (esbuild + tsc)', async () => {
    await exec(process.execPath, ['esbuild.mjs'], { cwd: REPO });
    // Type checking is `npm run typecheck`'s job: tsc exit code 2 means "type errors, JavaScript emitted anyway",
    // which is enough to run the suites. Any other failure (1: nothing emitted) stops the run.
    await exec(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: REPO }).catch(e => {
      if (e.exitCode !== 2) throw e;
      log('warning: tsc reported type errors (above); running the emitted JavaScript anyway');
    });
  });
}

async function packageVsix() {
  if (env.VI_E2E_VSIX) return path.resolve(env.VI_E2E_VSIX);
  const vsix = path.join(REPO, 'verified-identity.vsix');
  await timed('npm run package', () => exec('npm', ['run', '--silent', 'package'], { cwd: REPO, quiet: true }));
  return vsix;
}

/**
 * The extension test suites, each on a fresh code-server of its own (`cs-<name>` in the run's temp dir):
 * - lazy: a workspace of other tools' JSON and YAML files, where activation must start no language server until the
 *   suite opens a file of ours (test/vscode/lazy/). It runs first, so its timings are of a cold start.
 * - vscode: the extension suite, in a trusted workspace.
 * - restricted: workspace trust on and the folder never trusted (no start-up prompt), test/vscode/restricted/.
 * `suite` is what test/vscode/index.js picks the suite by (VI_E2E_SUITE); none is the extension suite.
 */
const SUITES = {
  lazy: { name: 'lazy', title: 'lazy-start tests', suite: 'lazy' },
  vscode: { name: 'tests', title: 'extension tests' },
  restricted: {
    name: 'restricted',
    title: 'restricted-mode tests',
    suite: 'restricted',
    trust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      // On in the user settings: only the extension's own Restricted Mode gate may keep it off the network.
      'verifiedIdentity.onlineChecks': true,
    },
  },
};

async function suitePart({ root, setup, workspace }, { name, title, suite, trust = false, settings = {} }) {
  for (const f of [testsPath, path.join(extensionPath, 'package.json')]) {
    if (!fs.existsSync(f)) throw new Error(`missing ${f} (build first, or unset VI_E2E_SKIP_BUILD)`);
  }
  const cs = await timed(`code-server start (${name})`, () =>
    startCodeServer({
      root: path.join(root, `cs-${name}`),
      smokeTestDriver: true,
      ...(trust ? {} : { disableWorkspaceTrust: true }),
      settings: { ...setup.settings, ...settings },
      env: suite ? { ...setup.env, VI_E2E_SUITE: suite } : setup.env,
    }),
  );
  try {
    return await timed(title, () =>
      runExtensionTests({
        cs,
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: testsPath,
        workspace,
        timeoutMs: Number(env.VI_E2E_TIMEOUT || 420) * 1000,
      }),
    );
  } finally {
    await cs.stop();
  }
}

async function uiPart({ root, setup, workspace }) {
  const scripts = uiScripts();
  if (scripts.length === 0) {
    log('no UI scripts in test/ui/');
    return { passed: 0, failed: 0, shots: [] };
  }
  const vsix = await packageVsix();
  // Per run by default: two runs at the same time never share (or delete) each other's screenshots.
  const shotsDir = path.resolve(env.VI_E2E_SHOTS || path.join(root, 'shots'));
  fs.rmSync(shotsDir, { recursive: true, force: true });
  const cs = await timed('code-server start (ui, vsix)', () =>
    startCodeServer({
      root: path.join(root, 'cs-ui'),
      vsix,
      disableWorkspaceTrust: true,
      // Only the extension's own suggestions in the suggest widget (no words from the document).
      settings: { 'editor.wordBasedSuggestions': 'off', ...setup.settings },
      env: setup.env,
    }),
  );
  let result;
  try {
    result = await timed('ui scripts', () => runUiScripts({ cs, workspace, shotsDir, scripts }));
  } finally {
    await cs.stop();
  }
  const copied = publishScreenshots(result.shots);
  log(`screenshots in ${shotsDir}${copied.length ? `; copied to docs/images/: ${copied.join(', ')}` : ''}`);
  return result;
}

async function main() {
  hookSignals();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-e2e-'));
  // Interrupted (SIGINT/SIGTERM): the temp dir goes too. Otherwise the end of main() decides.
  const forgetRoot = onCleanup(() => fs.rmSync(root, { recursive: true, force: true }));
  const parts = only ? [only] : ['lazy', 'vscode', 'restricted', 'ui'];
  const results = new Map();
  const errors = [];
  // A part that cannot run (install, build, package or start-up failure) counts as one failed test of that part.
  const failure = (where, e) => {
    errors.push(`${where}: ${String(e?.message ?? e).split('\n')[0]}`);
    console.error(`[e2e] ${where} failed: ${e?.stack ?? e}`);
    return { passed: 0, failed: 1 };
  };
  try {
    let ready;
    try {
      await ensureInstalled();
      await build();
      // Fresh copies of test/fixtures/workspace: one for the extension tests, one for the UI scripts.
      const workspace = createWorkspace(root, 'workspace');
      const uiWorkspace = createWorkspace(root, 'ui-workspace');
      const restrictedWorkspace = createWorkspace(root, 'restricted-workspace');
      const plainWorkspace = createWorkspace(root, 'plain-workspace', PLAIN_WORKSPACE);
      const setup = await timed('setup hook', () =>
        runSetupHook({ workspace, workspaces: [workspace, uiWorkspace, restrictedWorkspace, plainWorkspace], log }),
      );
      onCleanup(() => setup.teardown());
      ready = { setup, workspace, uiWorkspace, restrictedWorkspace, plainWorkspace };
    } catch (e) {
      const r = failure('preparation', e);
      for (const part of parts) results.set(part, r);
    }
    if (ready) {
      const workspaces = {
        lazy: ready.plainWorkspace,
        vscode: ready.workspace,
        restricted: ready.restrictedWorkspace,
        ui: ready.uiWorkspace,
      };
      for (const part of ['lazy', 'vscode', 'restricted', 'ui']) {
        if (!parts.includes(part)) continue;
        const args = { root, setup: ready.setup, workspace: workspaces[part] };
        const run = part === 'ui' ? uiPart(args) : suitePart(args, SUITES[part]);
        results.set(part, await run.catch(e => failure(part, e)));
      }
    }
  } finally {
    forgetRoot();
    await runCleanups();
  }
  const total = { passed: 0, failed: 0 };
  for (const r of results.values()) {
    total.passed += r.passed;
    total.failed += r.failed;
  }
  console.log('--- e2e timings\n' + timings());
  if (total.failed === 0 && env.VI_E2E_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root} (code-server logs: cs-*/code-server.log)`);
  for (const e of errors) console.log(`e2e error: ${e}`);
  // What the suites measured (the lazy-start suite: activation, first diagnostics), as measured.
  for (const r of results.values()) for (const m of r.measurements ?? []) console.log(m);
  for (const [part, r] of results) console.log(`${part}: ${r.passed} passed, ${r.failed} failed`);
  console.log(`e2e: ${total.passed} passed, ${total.failed} failed`);
  process.exitCode = total.failed === 0 ? 0 : 1;
}

await main();
