// Small helpers for the real-VS-Code scripts: logging with timings, child processes, free ports.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const T0 = Date.now();
export const elapsed = (since = T0) => ((Date.now() - since) / 1000).toFixed(1);
export const log = (...args) => console.log(`[e2e ${elapsed()}s]`, ...args);

/** Runs `fn`, then prints how long it took under `name`; the timing is also kept for `timings()`. */
const recorded = [];
export async function timed(name, fn) {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    const s = (Date.now() - t) / 1000;
    recorded.push([name, s]);
    log(`${name}: ${s.toFixed(1)}s`);
  }
}
export const timings = () => recorded.map(([n, s]) => `${n.padEnd(36)} ${s.toFixed(1).padStart(6)}s`).join('\n');

/** Bytes of the regular files under `dir` (0 when it does not exist); walked without blocking the event loop. */
export async function dirBytes(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = await fs.promises.readdir(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile())
        total += await fs.promises.lstat(p).then(
          s => s.size,
          () => 0,
        );
    }
  }
  return total;
}

/**
 * A long step that says what it does while it runs: a start line at once, then a line every `everyMs` (default 8 s,
 * so never more than 10 s apart even on a loaded machine) with the time so far, the size of `dir` (what has arrived;
 * measured in the background, the line shows the latest measurement), and the latest line of output `fn` reported
 * through its `progress(line)` argument (compiler excerpts such as `| ^~~~` are skipped); its time at the end
 * (`timed`). `label`: a shorter name for the progress lines.
 */
export async function withProgress(name, fn, { dir, label = name, everyMs = 8_000 } = {}) {
  log(`${name} …`);
  const started = Date.now();
  let latest = '';
  let size;
  let measuring = false;
  const measure = () => {
    if (!dir || measuring) return;
    measuring = true;
    void dirBytes(dir)
      .then(bytes => (size = bytes))
      .finally(() => (measuring = false));
  };
  measure();
  const timer = setInterval(() => {
    const parts = [`${elapsed(started)}s`];
    if (size !== undefined) parts.push(`${Math.round(size / 1e6)} MB in ${dir}`);
    if (latest) parts.push(latest);
    log(`  ${label}: ${parts.join(' · ')}`);
    measure();
  }, everyMs);
  const progress = line => {
    const t = String(line).replace(/\s+/g, ' ').trim();
    if (/^[|^~]/.test(t) || !/[A-Za-z]{3}/.test(t)) return;
    latest = t.length > 100 ? `${t.slice(0, 99)}…` : t;
  };
  try {
    return await timed(name, () => fn(progress));
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs a command to completion and resolves with its output when captured. Output is inherited unless `capture`
 * (returned) or `quiet` (kept for the error only); rejects on a non-zero exit with the tail of the output. `onLine`
 * (with `capture` or `quiet`) gets each line of output as it arrives.
 */
export function exec(
  cmd,
  args,
  { env = process.env, cwd, capture = false, quiet = false, timeoutMs = 0, onLine } = {},
) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: capture || quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    let partial = '';
    const take = d => {
      out += d;
      if (!onLine) return;
      const lines = (partial + d).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGTERM'), timeoutMs) : undefined;
    // Killed with us on SIGINT/SIGTERM (npm, tsc, code-server --install-extension).
    const removeCleanup = onCleanup(() => child.kill('SIGTERM'));
    child.on('error', e => {
      clearTimeout(timer);
      removeCleanup();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      removeCleanup();
      if (code === 0) resolve(out);
      else {
        const err = new Error(
          `${cmd} ${args.join(' ')} exited with ${signal ?? code}\n${out.split('\n').slice(-40).join('\n')}`,
        );
        err.output = out;
        err.exitCode = code;
        reject(err);
      }
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Rejects after `ms` with `message`, unless the promise settles first. */
export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Cleanups that must run on exit, also on SIGINT/SIGTERM (process groups of servers we started). */
const cleanups = new Set();
export function onCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
export async function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch (e) {
      console.error('[e2e] cleanup failed:', e?.message ?? e);
    }
  }
}
let signalsHooked = false;
export function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`[e2e] ${sig}: stopping what was started`);
      void runCleanups().finally(() => process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)));
    });
  }
}
