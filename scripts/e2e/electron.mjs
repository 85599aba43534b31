// `npm run test:electron`: the same extension suite (out/test/vscode/index.js) in desktop VS Code downloaded by
// @vscode/test-electron. For machines with internet access (and a display, or xvfb-run on Linux); the offline suite
// that `npm test` runs is run.mjs (code-server). Fails fast with a clear message when the download is impossible.
//   VI_VSCODE_VERSION  VS Code version to download (default: stable); the download is cached in VI_E2E_CACHE.
//   VI_E2E_SKIP_BUILD=1, VI_E2E_GREP: as for run.mjs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { CACHE_DIR, DEFAULT_SETTINGS, REPO } from './config.mjs';
import { exec, log, timed } from './util.mjs';
import { createWorkspace, runSetupHook } from './workspace.mjs';

const SUMMARY = /extension-tests: (\d+) passed, (\d+) failed/;

async function main() {
  if (process.env.VI_E2E_SKIP_BUILD !== '1') {
    await timed('build (esbuild + tsc)', async () => {
      await exec(process.execPath, ['esbuild.mjs'], { cwd: REPO });
      await exec(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: REPO });
    });
  }

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await timed('download VS Code', () =>
      downloadAndUnzipVSCode({
        version: process.env.VI_VSCODE_VERSION || 'stable',
        cachePath: path.join(CACHE_DIR, 'vscode-test'),
        timeout: 15_000,
      }),
    );
  } catch (e) {
    console.error(
      `test:electron: could not download VS Code (${e?.message ?? e}).\n` +
        'This launcher needs internet access to update.code.visualstudio.com. Offline, use `npm run test:vscode` ' +
        '(the same suite in code-server).',
    );
    console.log('electron: 0 passed, 1 failed');
    return 1;
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-electron-'));
  let teardown = async () => {};
  const counts = { passed: 0, failed: 0, found: false };
  const write = process.stdout.write.bind(process.stdout);
  let pending = '';
  try {
    const workspace = createWorkspace(root, 'workspace');
    const setup = await runSetupHook({ workspace, log });
    teardown = setup.teardown;
    const userDataDir = path.join(root, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...setup.settings }, null, 2),
    );
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      log('no DISPLAY: run under xvfb-run (e.g. `xvfb-run -a npm run test:electron`) if VS Code fails to start');
    }
    // The extension host's console reaches our stdout: read the suite's summary line from it.
    process.stdout.write = (chunk, ...rest) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = SUMMARY.exec(line);
        if (m) Object.assign(counts, { passed: Number(m[1]), failed: Number(m[2]), found: true });
      }
      return write(chunk, ...rest);
    };
    const code = await timed('extension tests (electron)', () =>
      runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: path.join(REPO, 'out', 'test', 'vscode', 'index.js'),
        extensionTestsEnv: { ...setup.env, VI_E2E_GREP: process.env.VI_E2E_GREP },
        launchArgs: [
          workspace,
          '--user-data-dir',
          userDataDir,
          '--extensions-dir',
          path.join(root, 'extensions'),
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-gpu',
        ],
      }).catch(e => {
        console.error(`test:electron: ${e?.message ?? e}`);
        return 1;
      }),
    );
    process.stdout.write = write;
    if (!counts.found || (code !== 0 && counts.failed === 0)) counts.failed = Math.max(counts.failed, 1);
    console.log(`electron: ${counts.passed} passed, ${counts.failed} failed`);
    return code === 0 && counts.failed === 0 ? 0 : 1;
  } finally {
    process.stdout.write = write;
    await teardown().catch(e => console.error(`teardown: ${e?.message ?? e}`));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch(e => {
  console.error(`test:electron: ${e?.stack ?? e}`);
  console.log('electron: 0 passed, 1 failed');
  return 1;
});
