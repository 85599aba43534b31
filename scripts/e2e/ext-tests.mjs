// Runs an extension test suite (extensionTestsPath) inside code-server's Node extension host: the workbench is
// opened in headless Chromium with the ?payload= URL, which code-server honours only when started with
// `--vscode-option enable-smoke-test-driver`. The workbench reports the extension host's console through
// window.codeAutomationLog and the suite's exit code through window.codeAutomationExit.
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser } from './browser.mjs';

/** Messages that are expected and say nothing about the suite (offline gallery, reconnection chatter, …). */
const NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /Timed out waiting for authentication provider 'github'/,
  /^Updating additional builtin extensions cache/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Creation of workbench contribution '[^']+' took \d+ms/,
  /^No search provider registered for scheme: vscode-remote, waiting/,
  /^Creating a socket/,
  /^Resolv(ing|ed) connection token/,
  /^\[(reconnection-grace-time|AgentHost[^\]]*|AccountPolicyGate|Service Worker)\]/,
  /^\s*$/,
];
const isNoise = message => NOISE.some(re => re.test(message));

const SUMMARY = /extension-tests: (\d+) passed, (\d+) failed/;
/** Measurements a suite prints (`activation: N ms …`, `first diagnostics: N ms …`); run.mjs repeats them at the end. */
const MEASUREMENT = /^(activation|first diagnostics): \d+(\.\d+)? ms\b.*$/m;

/**
 * Options: cs (a started code-server with smokeTestDriver), extensionDevelopmentPath, extensionTestsPath, workspace,
 * timeoutMs (default 420 s), verbose (print noise too), print (line sink, default console.log).
 * Returns { exitCode, passed, failed, summaryFound, timedOut, measurements }.
 */
export async function runExtensionTests(opts) {
  const { cs, workspace, verbose = !!process.env.VI_E2E_VERBOSE, print = console.log } = opts;
  const host = new URL(cs.baseUrl).host; // code-server's remote authority is the Host header
  const remote = p => `vscode-remote://${host}${path.resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ]);
  const url = cs.folderUrl(workspace, { payload });
  const timeoutMs = opts.timeoutMs ?? 420_000;

  const result = { exitCode: 1, passed: 0, failed: 0, summaryFound: false, timedOut: false, measurements: [] };
  const t0 = Date.now();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let done;
    const exited = new Promise(resolve => (done = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args])).replace(/\n+$/, '');
      const m = SUMMARY.exec(text);
      if (m) Object.assign(result, { passed: Number(m[1]), failed: Number(m[2]), summaryFound: true });
      const measured = MEASUREMENT.exec(text);
      if (measured) result.measurements.push(measured[0]);
      // Quoted with a margin: what the workbench and the extension host print (mocha's `N passing` included) is
      // not a summary of this runner, whose own closing line comes from run.mjs.
      const quote = t => t.replace(/^/gm, '│ ');
      if (verbose) print(quote(`[${((Date.now() - t0) / 1000).toFixed(1)}s ${type}] ${text}`));
      else if (!isNoise(text)) print(quote(text));
    });
    await page.exposeFunction('codeAutomationExit', code => done(code));
    page.on('pageerror', e => print(`│ [pageerror] ${e.message}`));
    page.on('crash', () => done('page crashed'));
    // Generous: on a loaded machine the workbench's first page took over 30 s (Playwright's default).
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    let timer;
    const code = await Promise.race([
      exited,
      new Promise(resolve => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      result.timedOut = true;
      print(`extension tests did not finish within ${Math.round(timeoutMs / 1000)}s`);
    } else if (typeof code !== 'number') {
      print(`extension tests aborted: ${code}`);
    } else {
      result.exitCode = code;
      print(`extension host exited with code ${code}`);
    }
  } finally {
    await browser.close();
  }
  if (!result.summaryFound) {
    // The suite never reached its summary (crash, timeout, load error): count the whole suite as one failure.
    result.failed = Math.max(result.failed, 1);
  }
  if (result.exitCode !== 0 && result.failed === 0) result.failed = 1;
  return result;
}
