// `npm test`: every gate in order — typecheck (tsc also emits the tests to out/), lint, format, bundles, unit,
// LSP-level, emulator, AWS (SDK clients against the emulator), unit and LSP again on Node 24, the CLI package and the CI
// conventions (packed, installed from the tarball, run with npx on Node 20, 22 and 24), the real-VS-Code suites (lazy
// start, extension tests in code-server, Restricted Mode, UI test of the .vsix), and the packaged .vsix (size,
// contents, manifest, README links).
// Every step runs even after a failure, so one CI run shows everything; the exit code is non-zero if any failed.
// The mocha suites run with --trace-deprecation, and one that prints a deprecation warning fails. Steps on Node 24
// (and the package tests, which also need Node 22) install it into the cache of scripts/e2e/install.mjs on first use.
// Ends with the line `N passed, N failed` (tests, plus one per failed gate).
//
//   npm test                 everything
//   npm test -- --fast       skip the real-VS-Code step (for a quick local loop)
//   npm test -- --only unit  run one step by name
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode } from './e2e/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fast = args.includes('--fast');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const bin = name => join(root, 'node_modules', '.bin', name);
const mocha = glob => [bin('mocha'), ['--config', '.mocharc.json', glob]];
/** A mocha suite, run with --trace-deprecation: a deprecation warning it prints fails the step. */
const suite = (name, glob, more = {}) => ({ name, kind: 'tests', cmd: mocha(glob), deprecations: true, ...more });

/**
 * kind: 'gate' (pass/fail) or 'tests' (counts parsed from the output); `node`: run the command's script with that
 * Node.js major from the cache instead of this one; `deprecations`: run Node with --trace-deprecation and fail on a
 * deprecation warning.
 */
const steps = [
  { name: 'typecheck', kind: 'gate', cmd: [bin('tsc'), ['-p', '.']] },
  { name: 'lint', kind: 'gate', cmd: [bin('eslint'), ['.']] },
  { name: 'format', kind: 'gate', cmd: [bin('prettier'), ['--check', '--log-level', 'warn', '.']] },
  { name: 'build', kind: 'gate', cmd: [process.execPath, ['esbuild.mjs']] },
  suite('unit', 'out/test/unit/**/*.test.js'),
  suite('lsp', 'out/test/lsp/**/*.test.js'),
  suite('emulator', 'out/test/emulator/**/*.test.js'),
  suite('aws', 'out/test/aws/**/*.test.js'),
  suite('unit@24', 'out/test/unit/**/*.test.js', { node: 24 }),
  suite('lsp@24', 'out/test/lsp/**/*.test.js', { node: 24 }),
  // The CLI package (npm pack, install, npx on Node 20, 22, 24), the GitHub Action and the pre-commit hook.
  suite('package', 'out/test/package/**/*.test.js'),
  {
    name: 'vscode',
    kind: 'tests',
    runner: 'e2e',
    cmd: [process.execPath, ['scripts/e2e/run.mjs']],
    env: { VI_E2E_SKIP_BUILD: '1' },
    slow: true,
  },
  // `npm run package`: production bundles, vsce, then scripts/check-vsix.mjs (size, contents, manifest, README links).
  { name: 'vsix', kind: 'gate', cmd: ['npm', ['run', '--silent', 'package']] },
];

/** Lines of a Node.js deprecation warning (printed with its stack under --trace-deprecation). */
const DEPRECATION = /^.*(\[DEP\d+\]|DeprecationWarning).*$/gm;

async function run(step) {
  let [cmd, argv] = step.cmd;
  if (step.node) {
    try {
      [cmd, argv] = [await ensureNode(step.node), [cmd, ...argv]];
    } catch (e) {
      return { code: 127, out: `Node ${step.node} could not be installed: ${e.message}` };
    }
  }
  return new Promise(resolvePromise => {
    const env = { ...process.env, ...step.env, FORCE_COLOR: '0' };
    if (step.deprecations) env.NODE_OPTIONS = [env.NODE_OPTIONS, '--trace-deprecation'].filter(Boolean).join(' ');
    const child = spawn(cmd, argv, {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = chunk => {
      const s = chunk.toString();
      out += s;
      process.stdout.write(s);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', e => resolvePromise({ code: 127, out: `${out}\n${e.message}` }));
    child.on('close', code => resolvePromise({ code: code ?? 1, out }));
  });
}

/**
 * Counts from mocha (`N passing`, `N failing`), or for the real-VS-Code runner only its own summary lines
 * (`lazy: N passed, N failed`, `vscode: …`, `restricted: …`, `ui: …`; the extension host's mocha output is quoted
 * inside its log).
 */
function counts(out, runner) {
  let passed = 0;
  let failed = 0;
  let found = false;
  const lines = runner === 'e2e' ? /^(?:lazy|vscode|restricted|ui): (\d+) passed, (\d+) failed$/gm : undefined;
  if (lines) {
    for (const m of out.matchAll(lines)) {
      passed += Number(m[1]);
      failed += Number(m[2]);
      found = true;
    }
    return { passed, failed, found };
  }
  for (const m of out.matchAll(/^\s*(\d+) passing/gm)) {
    passed += Number(m[1]);
    found = true;
  }
  for (const m of out.matchAll(/^\s*(\d+) failing/gm)) failed += Number(m[1]);
  return { passed, failed, found };
}

/** What the real-VS-Code suites measured (`activation: N ms …`, `first diagnostics: N ms …`), repeated at the end. */
const MEASUREMENT = /^(?:activation|first diagnostics): \d.*$/gm;
const measurements = [];
const results = [];
const t0 = Date.now();
for (const step of steps) {
  if (only && step.name !== only) continue;
  if (fast && step.slow) continue;
  console.log(`\n━━━ ${step.name} ━━━`);
  const started = Date.now();
  const { code, out } = await run(step);
  const seconds = (Date.now() - started) / 1000;
  const r = { name: step.name, seconds, code, passed: 0, failed: 0 };
  const deprecations = step.deprecations ? [...new Set(out.match(DEPRECATION) ?? [])] : [];
  if (deprecations.length) {
    r.note = `printed ${deprecations.length} deprecation warning(s): ${deprecations[0].trim()}`;
    r.failed += 1;
  }
  measurements.push(...(out.match(MEASUREMENT) ?? []));
  if (step.kind === 'tests') {
    const c = counts(out, step.runner);
    r.passed = c.passed;
    r.failed += c.failed + (code !== 0 && c.failed === 0 ? 1 : 0); // a crash before any summary counts as a failure
    if (!c.found && code === 0) r.failed = Math.max(r.failed, 1); // a suite that ran nothing is not a pass
  } else if (code !== 0) r.failed += 1;
  results.push(r);
}

console.log('\n━━━ summary ━━━');
for (const r of results) {
  const status = r.failed ? 'FAILED' : 'ok';
  const tests = r.passed || r.failed ? ` ${r.passed} passed, ${r.failed} failed` : '';
  console.log(`${r.name.padEnd(10)} ${status.padEnd(6)} ${r.seconds.toFixed(1).padStart(6)} s${tests}`);
  if (r.note) console.log(`           ${r.note}`);
}
for (const m of new Set(measurements)) console.log(m);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
