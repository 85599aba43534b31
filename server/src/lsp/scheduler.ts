/**
 * Runs analyses in slices on the server's own thread, so that no document keeps the others waiting: each turn of
 * the event loop runs steps of one job (one YAML document per step) for at most `SLICE_MS`, then lets the connection
 * handle what has arrived. While requests or notifications are waiting, no slice starts (for at most `YIELD_MS`,
 * so a flood of messages cannot starve the analyses). Jobs take turns; a job whose result nobody wants any more is
 * dropped between two steps.
 */
import type { Inbox } from './transport';

/** Work per turn: a few milliseconds, so a turn never holds other requests back for long. */
export const SLICE_MS = 8;
/** How long waiting messages may hold the analyses back. */
const YIELD_MS = 50;

export class Cancelled extends Error {
  constructor() {
    super('analysis no longer wanted');
  }
}

export class AbortedError extends Error {
  constructor() {
    super('request given up');
  }
}

/**
 * Waits for `promise` unless `signal` aborts first. Either way `promise` is observed: the work may be dropped later
 * (`Cancelled`) with nobody waiting for it, and that is no error.
 */
export function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AbortedError());
  }
  return new Promise((resolve, reject) => {
    const abort = () => reject(new AbortedError());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      v => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Whether an error only says that nobody wanted the answer any more. */
export function givenUp(e: unknown): boolean {
  return e instanceof Cancelled || e instanceof AbortedError;
}

/** How a job went: its slices, and the longest (the longest another request could have waited on it). */
export interface JobStats {
  slices: number;
  steps: number;
  longestSliceMs: number;
}

interface Job {
  steps: Iterator<void>;
  resolve: (stats: JobStats) => void;
  reject: (e: unknown) => void;
  wanted: () => boolean;
  stats: JobStats;
}

export class Scheduler {
  private jobs: Job[] = [];
  private timer: NodeJS.Immediate | undefined;
  private deferredSince: number | undefined;

  constructor(private readonly inbox?: Inbox) {}

  /**
   * Runs `steps` to the end in slices. Rejects with `Cancelled` when `wanted()` turns false before the end, and with
   * the error of a step that throws.
   */
  run(steps: Iterator<void>, wanted: () => boolean): Promise<JobStats> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ steps, resolve, reject, wanted, stats: { slices: 0, steps: 0, longestSliceMs: 0 } });
      this.wake();
    });
  }

  private wake(): void {
    this.timer ??= setImmediate(() => this.turn());
  }

  private turn(): void {
    this.timer = undefined;
    if (this.jobs.length === 0) return;
    const now = performance.now();
    if (this.inbox && this.inbox.queued > 0) {
      this.deferredSince ??= now;
      if (now - this.deferredSince < YIELD_MS) return this.wake();
    }
    this.deferredSince = undefined;
    const job = this.jobs.shift()!;
    const { stats } = job;
    stats.slices++;
    try {
      const until = now + SLICE_MS;
      for (;;) {
        if (!job.wanted()) {
          job.reject(new Cancelled());
          break;
        }
        stats.steps++;
        const done = job.steps.next().done;
        const end = performance.now();
        if (done) {
          stats.longestSliceMs = Math.max(stats.longestSliceMs, end - now);
          job.resolve(stats);
          break;
        }
        if (end >= until) {
          stats.longestSliceMs = Math.max(stats.longestSliceMs, end - now);
          this.jobs.push(job); // its turn again after the others
          break;
        }
      }
    } catch (e) {
      job.reject(e);
    }
    if (this.jobs.length > 0) this.wake();
  }
}
