/**
 * Shared helpers for the committed benchmarks (`npm run bench`). Each bench module exports
 * `run(): Promise<BenchResult[]>`; `bench/run.mjs` runs them all and prints a table of medians against targets.
 */
export interface BenchResult {
  name: string;
  /** Median in milliseconds (or MB for memory results, see `unit`). */
  median: number;
  unit: 'ms' | 'MB' | 'KB' | 'x';
  samples: number;
  /** The target, e.g. `<= 1 ms`; `ok` says whether the median meets it. */
  target?: string;
  ok?: boolean;
  note?: string;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `fn` `n` times after `warmup` runs; returns the samples in milliseconds. */
export function timeSync(fn: () => void, n: number, warmup = Math.min(20, n)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function timeAsync(fn: () => Promise<void>, n: number, warmup = Math.min(5, n)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function result(
  name: string,
  samples: number[],
  unit: BenchResult['unit'],
  max?: number,
  note?: string,
): BenchResult {
  const m = median(samples);
  return {
    name,
    median: Math.round(m * 1000) / 1000,
    unit,
    samples: samples.length,
    ...(max !== undefined ? { target: `<= ${max} ${unit}`, ok: m <= max } : {}),
    ...(note ? { note } : {}),
  };
}
