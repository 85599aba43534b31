/**
 * Bounded concurrency for AWS calls: a limiter shared by everything that talks to one account, so a tree with a
 * hundred policy stores asks for their identity sources a few at a time instead of one by one (slow) or all at once
 * (throttled). Pure: no `vscode`, no SDK.
 */

export interface Limiter {
  /** Runs `fn` when a slot is free; resolves or rejects with it. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

export function createLimiter(limit: number): Limiter {
  const max = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          active++;
          let p: Promise<T>;
          try {
            p = fn();
          } catch (e) {
            p = Promise.reject(e instanceof Error ? e : new Error(String(e)));
          }
          p.then(resolve, reject).finally(release);
        };
        if (active < max) start();
        else waiting.push(start);
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}

/** `items.map(fn)` with at most `limit` calls in flight; results in input order. Rejects with the first failure. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>) {
  const limiter = createLimiter(limit);
  return Promise.all(items.map((item, i) => limiter.run(() => fn(item, i))));
}

/** Like `mapLimit`, but every item settles: one failing call does not hide the others' results. */
export async function mapSettledLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const limiter = createLimiter(limit);
  return Promise.allSettled(items.map((item, i) => limiter.run(() => fn(item, i))));
}
