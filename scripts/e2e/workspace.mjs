// The workspace the suites open: a fresh copy of test/fixtures/workspace/ per run (tests may edit it), and the
// optional setup hook test/vscode/setup.mjs (e.g. starts the AWS emulator and returns endpoint settings).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE_DIR, REPO } from './config.mjs';

export const FIXTURE_WORKSPACE = path.join(REPO, 'test', 'fixtures', 'workspace');
export const SETUP_MODULE = path.join(REPO, 'test', 'vscode', 'setup.mjs');

/** JSON and YAML files of other tools, none of ours: the lazy-start suite's workspace. */
export const PLAIN_WORKSPACE = path.join(REPO, 'test', 'fixtures', 'plain-workspace');

/** Copies a fixture workspace (default: test/fixtures/workspace) to `<root>/<name>` and returns that path. */
export function createWorkspace(root, name = 'workspace', source = FIXTURE_WORKSPACE) {
  if (!fs.existsSync(source)) throw new Error(`Missing fixture workspace ${source}`);
  const dest = path.join(root, name);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(source, dest, { recursive: true });
  return dest;
}

/**
 * Runs `test/vscode/setup.mjs` when it exists: `export async function setup({ workspace, workspaces, cacheDir })`
 * returning `{ settings?, env?, teardown? }`; `workspace` is the extension tests' folder, `workspaces` all folders
 * (tests, UI). `settings` go into the user settings of every code-server, `env` into its environment (so the
 * extension host and the language server see it). Returns a normalized result (teardown always a function).
 */
export async function runSetupHook({ workspace, workspaces = [workspace], log }) {
  const none = { settings: {}, env: {}, teardown: async () => {} };
  if (!fs.existsSync(SETUP_MODULE)) return none;
  const mod = await import(pathToFileURL(SETUP_MODULE).href);
  if (typeof mod.setup !== 'function') throw new Error(`${SETUP_MODULE} must export async function setup()`);
  const result = (await mod.setup({ workspace, workspaces, cacheDir: CACHE_DIR })) ?? {};
  log?.(
    `setup hook: ${Object.keys(result.settings ?? {}).length} setting(s), ${Object.keys(result.env ?? {}).length} env var(s)`,
  );
  return {
    settings: result.settings ?? {},
    env: result.env ?? {},
    teardown: typeof result.teardown === 'function' ? result.teardown : none.teardown,
  };
}
