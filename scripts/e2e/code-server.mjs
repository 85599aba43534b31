// Starts and stops isolated code-server instances (a real VS Code: web workbench + Node extension host).
// Used by run.mjs (tests) and reusable by other scripts (the demo):
//   const cs = await startCodeServer({ settings, env, vsix, smokeTestDriver: true });
//   ... cs.baseUrl, cs.folderUrl(dir) ...
//   await cs.stop();
// Everything it writes (config, user data, extensions, HOME/XDG dirs, log) is under cs.root, a temp dir by default.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY, DEFAULT_SETTINGS, NODE24_BIN } from './config.mjs';
import { cleanEnv, node24Path } from './install.mjs';
import { exec, freePort, log as defaultLog, onCleanup } from './util.mjs';

/** Environment for any code-server process: Node 24 first on PATH, HOME and XDG dirs inside `root`. */
function isolatedEnv(root, extra = {}) {
  const home = path.join(root, 'home');
  const env = cleanEnv();
  // Do not let an outer VS Code (integrated terminal) leak into this one.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return {
    ...env,
    PATH: node24Path(),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    // No extension gallery: offline, its look-ups only wait for DNS and an auth provider (~10 s at start-up).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Creates the directory layout of one instance and returns its paths. */
export function prepareDirs(root, { extensionsDir } = {}) {
  const dirs = {
    root,
    config: path.join(root, 'config.yaml'),
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: extensionsDir ?? path.join(root, 'extensions'),
    logFile: path.join(root, 'code-server.log'),
  };
  for (const d of [
    dirs.userDataDir,
    path.join(dirs.userDataDir, 'User'),
    dirs.extensionsDir,
    path.join(root, 'home'),
  ]) {
    fs.mkdirSync(d, { recursive: true });
  }
  // An empty config file: otherwise code-server writes ~/.config/code-server/config.yaml with a password.
  if (!fs.existsSync(dirs.config)) fs.writeFileSync(dirs.config, '');
  return dirs;
}

function baseArgs(dirs) {
  return [
    CODE_SERVER_ENTRY,
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userDataDir,
    '--extensions-dir',
    dirs.extensionsDir,
  ];
}

/** Writes the instance's user settings: the defaults plus `settings` (later keys win). */
export function writeUserSettings(dirs, settings = {}) {
  const file = path.join(dirs.userDataDir, 'User', 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}

/** `code-server --install-extension <vsix>` into the instance's extensions dir (before or without a server). */
export async function installExtension(dirs, vsix, { env = {} } = {}) {
  const out = await exec(NODE24_BIN, [...baseArgs(dirs), '--install-extension', path.resolve(vsix), '--force'], {
    env: isolatedEnv(dirs.root, env),
    capture: true,
    timeoutMs: 120_000,
  });
  return out.trim();
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on 127.0.0.1:<free port> in its own process group and waits for /healthz.
 * Options:
 *   root              directory for everything it writes (default: a new temp dir, removed by stop() unless keep)
 *   settings          user settings on top of DEFAULT_SETTINGS
 *   env               extra environment for the server and so for the extension host (e.g. emulator endpoints)
 *   vsix              path or paths of .vsix files to install first
 *   extensionsDir     use this extensions dir instead of <root>/extensions
 *   smokeTestDriver   --vscode-option enable-smoke-test-driver (needed for ?payload= extension tests; it hides
 *                     notification toasts and auto-cancels modal dialogs)
 *   disableWorkspaceTrust  --disable-workspace-trust
 *   port              fixed port instead of a free one
 *   startTimeoutMs    default 60 s
 *   keep              keep root after stop()
 *   log               logger (default: console with timings)
 * Returns { baseUrl, port, pgid, dirs, folderUrl(dir, query?), stop() }.
 */
export async function startCodeServer(opts = {}) {
  const log = opts.log ?? defaultLog;
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vi-code-server-'));
  const dirs = prepareDirs(root, { extensionsDir: opts.extensionsDir });
  writeUserSettings(dirs, opts.settings);
  for (const vsix of [opts.vsix ?? []].flat()) {
    const out = await installExtension(dirs, vsix, { env: opts.env });
    log(`installed ${path.basename(vsix)}: ${out.split('\n').pop()}`);
  }

  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch({ ...opts, log }, dirs, port);
    } catch (e) {
      lastError = e;
      // A port taken between freePort() and the bind: try another one.
      if (opts.port || !/EADDRINUSE/.test(String(e.message))) break;
    }
  }
  if (!opts.keep && !opts.root) fs.rmSync(root, { recursive: true, force: true });
  throw lastError;
}

async function launch(opts, dirs, port) {
  const log = opts.log;
  const args = [
    ...baseArgs(dirs),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '10',
  ];
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (opts.disableWorkspaceTrust) args.push('--disable-workspace-trust');

  const logFd = fs.openSync(dirs.logFile, 'a');
  // detached: the child calls setsid() and leads its own process group, which stop() kills as a whole
  // (the extension host and the language servers it forks are in that group too).
  const child = spawn(NODE24_BIN, args, {
    env: isolatedEnv(dirs.root, opts.env),
    cwd: dirs.root,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  const pgid = child.pid;
  let exited = false;
  const exitPromise = new Promise(resolve =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve(signal ?? code);
    }),
  );
  const killOnExit = () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', killOnExit);

  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      removeCleanup();
      if (groupAlive(pgid)) {
        try {
          process.kill(-pgid, 'SIGTERM');
        } catch {
          /* gone */
        }
        const deadline = Date.now() + 5000;
        while (groupAlive(pgid) && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
        if (groupAlive(pgid)) {
          log(`code-server group ${pgid} still alive after SIGTERM: SIGKILL`);
          killOnExit();
        }
      }
      await Promise.race([exitPromise, new Promise(r => setTimeout(r, 2000))]);
      if (!opts.keep && !opts.root) fs.rmSync(dirs.root, { recursive: true, force: true });
    })());
  const removeCleanup = onCleanup(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      const tail = fs.readFileSync(dirs.logFile, 'utf8').split('\n').slice(-30).join('\n');
      await stop();
      throw new Error(`code-server exited during start-up:\n${tail}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const tail = fs.readFileSync(dirs.logFile, 'utf8').split('\n').slice(-30).join('\n');
      await stop();
      throw new Error(`code-server did not answer ${baseUrl}/healthz in time:\n${tail}`);
    }
    await new Promise(r => setTimeout(r, 150));
  }
  log(`code-server up at ${baseUrl} (pgid ${pgid}${opts.smokeTestDriver ? ', smoke-test driver' : ''})`);

  /** Workbench URL opening `dir` as the workspace folder, with extra query parameters. */
  const folderUrl = (dir, query = {}) => {
    const q = new URLSearchParams({ folder: path.resolve(dir), ...query });
    return `${baseUrl}/?${q.toString()}`;
  };
  return { baseUrl, port, pgid, dirs, folderUrl, stop };
}
