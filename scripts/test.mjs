// `npm test`: every gate in order — typecheck (tsc also emits the tests to out/), lint, format, bundles, unit,
// LSP-level, emulator, AWS (SDK clients against the emulator), and the real-VS-Code suites (extension tests in code-server + UI test of the .vsix).
// Every step runs even after a failure, so one CI run shows everything; the exit code is non-zero if any failed.
// Ends with the line `N passed, N failed` (tests, plus one per failed gate).
//
//   npm test                 everything
//   npm test -- --fast       skip the real-VS-Code step (for a quick local loop)
//   npm test -- --only unit  run one step by name
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fast = args.includes('--fast');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const bin = name => join(root, 'node_modules', '.bin', name);
const mocha = glob => [bin('mocha'), ['--config', '.mocharc.json', glob]];

/** kind: 'gate' (pass/fail) or 'tests' (counts parsed from the output). */
const steps = [
  { name: 'typecheck', kind: 'gate', cmd: [bin('tsc'), ['-p', '.']] },
  { name: 'lint', kind: 'gate', cmd: [bin('eslint'), ['.']] },
  { name: 'format', kind: 'gate', cmd: [bin('prettier'), ['--check', '--log-level', 'warn', '.']] },
  { name: 'build', kind: 'gate', cmd: [process.execPath, ['esbuild.mjs']] },
  { name: 'unit', kind: 'tests', cmd: mocha('out/test/unit/**/*.test.js') },
  { name: 'lsp', kind: 'tests', cmd: mocha('out/test/lsp/**/*.test.js') },
  { name: 'emulator', kind: 'tests', cmd: mocha('out/test/emulator/**/*.test.js') },
  { name: 'aws', kind: 'tests', cmd: mocha('out/test/aws/**/*.test.js') },
  {
    name: 'vscode',
    kind: 'tests',
    runner: 'e2e',
    cmd: [process.execPath, ['scripts/e2e/run.mjs']],
    env: { VI_E2E_SKIP_BUILD: '1' },
    slow: true,
  },
];

function run(step) {
  return new Promise(resolvePromise => {
    const [cmd, argv] = step.cmd;
    const child = spawn(cmd, argv, {
      cwd: root,
      env: { ...process.env, ...step.env, FORCE_COLOR: '0' },
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
 * (`vscode: N passed, N failed`, `restricted: …`, `ui: …`; the extension host's mocha output is quoted inside its log).
 */
function counts(out, runner) {
  let passed = 0;
  let failed = 0;
  let found = false;
  const lines = runner === 'e2e' ? /^(?:vscode|restricted|ui): (\d+) passed, (\d+) failed$/gm : undefined;
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
  if (step.kind === 'tests') {
    const c = counts(out, step.runner);
    r.passed = c.passed;
    r.failed = c.failed + (code !== 0 && c.failed === 0 ? 1 : 0); // a crash before any summary counts as a failure
    if (!c.found && code === 0) r.failed = 1; // a suite that ran nothing is not a pass
  } else if (code !== 0) r.failed = 1;
  results.push(r);
}

console.log('\n━━━ summary ━━━');
for (const r of results) {
  const status = r.failed ? 'FAILED' : 'ok';
  const tests = r.passed || r.failed ? ` ${r.passed} passed, ${r.failed} failed` : '';
  console.log(`${r.name.padEnd(10)} ${status.padEnd(6)} ${r.seconds.toFixed(1).padStart(6)} s${tests}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
