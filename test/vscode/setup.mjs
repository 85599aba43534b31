// Setup hook of the real-VS-Code run (scripts/e2e/run.mjs → workspace.mjs runSetupHook): starts the loopback AWS
// emulator with the demo seed and hands every code-server instance (extension tests and UI scripts)
//   - user settings: the profile `emulator`;
//   - environment: a temporary AWS config and credentials file defining that profile with fake keys and the emulator
//     as its `endpoint_url` (the other legitimate source of endpoints besides user settings; the tests add and
//     remove a user-level endpoint themselves), and VI_EMULATOR_URL so tests can drive the emulator's control API.
// teardown() stops the emulator and removes the files.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROFILE = 'emulator';
export const FAKE_KEYS = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Writes `config` and `credentials` for the emulator profile into `dir`; returns the two paths. */
export function writeAwsFiles(dir, { profile = PROFILE, region = 'us-east-1', endpoint } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  fs.writeFileSync(
    config,
    `[profile ${profile}]\nregion = ${region}\n${endpoint ? `endpoint_url = ${endpoint}\n` : ''}`,
  );
  fs.writeFileSync(
    credentials,
    `[${profile}]\naws_access_key_id = ${FAKE_KEYS.id}\naws_secret_access_key = ${FAKE_KEYS.secret}\n`,
  );
  return { config, credentials };
}

/** The compiled emulator (tsc emits it to out/test/emulator/; run.mjs builds before calling the hook). */
export function loadEmulator() {
  const entry = path.join(REPO, 'out', 'test', 'emulator', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run tsc -p . first`);
  return createRequire(import.meta.url)(entry);
}

export async function setup() {
  const { startEmulator } = loadEmulator();
  const emulator = await startEmulator({ port: 0, seed: path.join(REPO, 'test', 'emulator', 'seeds', 'demo.json') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-e2e-aws-'));
  const files = writeAwsFiles(dir, { endpoint: emulator.url });
  // The UI scripts run in this process: they reach the emulator's control API through this variable too.
  process.env.VI_EMULATOR_URL = emulator.url;
  return {
    settings: { 'verifiedIdentity.profile': PROFILE },
    env: {
      AWS_CONFIG_FILE: files.config,
      AWS_SHARED_CREDENTIALS_FILE: files.credentials,
      VI_EMULATOR_URL: emulator.url,
    },
    teardown: async () => {
      if (process.env.VI_EMULATOR_URL === emulator.url) delete process.env.VI_EMULATOR_URL;
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
