// Small helpers for the real-VS-Code scripts: logging with timings, child processes, free ports.
import { spawn } from 'node:child_process';
import * as net from 'node:net';

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

/**
 * Runs a command to completion and resolves with its output when captured. Output is inherited unless `capture`
 * (returned) or `quiet` (kept for the error only); rejects on a non-zero exit with the tail of the output.
 */
export function exec(cmd, args, { env = process.env, cwd, capture = false, quiet = false, timeoutMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: capture || quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    child.stdout?.on('data', d => (out += d));
    child.stderr?.on('data', d => (out += d));
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
