/**
 * A case that never ends (an endless loop, a regular expression that backtracks forever) blocks the thread that runs
 * it, and with it every timer there. This worker thread watches the case index the campaign publishes in shared
 * memory; when one case runs past the limit, it writes that case's input where failures go, says so on stderr
 * (written directly: the main thread, which would pass the worker's output on, is stuck) and ends the process.
 */
import { writeFileSync, writeSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { loadCorpus } from './corpus';
import { generateCase } from './mutate';

interface WatchData {
  viFuzzWatchdog: true;
  /** [case index, cases started] as the campaign publishes them. */
  shared: SharedArrayBuffer;
  seed: number;
  target: string;
  limitMs: number;
  saveDir?: string;
}

/** The campaign's side: publish each case before it starts; `stop` ends the watch. */
export interface Watch {
  starting(index: number): void;
  stop(): Promise<void>;
}

export function watch(seed: number, target: string, limitMs: number, saveDir?: string): Watch {
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const data: WatchData = { viFuzzWatchdog: true, shared, seed, target, limitMs, ...(saveDir ? { saveDir } : {}) };
  const worker = new Worker(__filename, { workerData: data });
  worker.unref();
  return {
    starting(index) {
      Atomics.store(cells, 0, index);
      Atomics.add(cells, 1, 1);
    },
    async stop() {
      await worker.terminate();
    },
  };
}

function watchdog(d: WatchData): void {
  const cells = new Int32Array(d.shared);
  let seen = -1;
  let since = Date.now();
  setInterval(() => {
    const started = Atomics.load(cells, 1);
    if (started !== seen) {
      seen = started;
      since = Date.now();
      return;
    }
    if (started === 0 || Date.now() - since < d.limitMs) return;
    const index = Atomics.load(cells, 0);
    const c = generateCase(loadCorpus(), d.seed, index);
    const dir = d.saveDir ?? mkdtempSync(join(tmpdir(), 'vi-fuzz-'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${d.target}-${d.seed}-${index}-hang-${c.name.replace(/[^\w.-]/g, '_').slice(-80)}`);
    writeFileSync(file, c.text, 'utf8');
    writeFileSync(`${file}.case.json`, JSON.stringify({ ...c, problems: [`ran over ${d.limitMs} ms`] }, null, 1));
    writeSync(
      2,
      `\nFAIL ${d.target} seed ${d.seed} index ${index}: still running after ${Math.round((Date.now() - since) / 1000)} s (${c.source} as ${c.name}; ${c.ops.join('; ').slice(0, 300)})\n` +
        `    input: ${file}  (replay: npm run fuzz -- --target ${d.target} --seed ${d.seed} --index ${index})\n`,
    );
    process.kill(process.pid, 'SIGKILL');
  }, 500);
}

if (!isMainThread && (workerData as WatchData | undefined)?.viFuzzWatchdog) watchdog(workerData as WatchData);
