/**
 * A fuzzing campaign: cases `start … start + cases - 1` of a seed against one target, with the time of every case,
 * and each failing input written to a directory (created on the first failure) with what went wrong. Used by
 * `npm run fuzz` (`run.ts`) and by the tests in `test/unit/fuzz.test.ts` and `test/lsp/fuzz.test.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from './corpus';
import { generateCase, replay, type FuzzCase } from './mutate';
import { cliTarget, runCliCase } from './target-cli';
import { ServerTarget } from './target-server';
import { runServiceCase, serviceTarget, warmUp, type CaseResult } from './target-service';
import { watch } from './watchdog';

export type TargetName = 'service' | 'cli' | 'server';
export const TARGETS: readonly TargetName[] = ['service', 'cli', 'server'];

/** Time a case may take before it counts as a failure: generous, so that a busy CI machine does not flake. */
export const MAX_MS: Record<TargetName, number> = { service: 2000, cli: 4000, server: 10_000 };
/** A case still running after this long is taken to hang: its input is saved and the process ends (`watchdog.ts`). */
export const HANG_MS = 60_000;

export interface CampaignOptions {
  target: TargetName;
  seed: number;
  cases: number;
  /** The first case index (default 0). */
  start?: number;
  /** Only these case indexes (replaying failures). */
  only?: number[];
  /** Where failing inputs go; default a new directory under the system's temp dir. */
  saveDir?: string;
  /** Progress lines (every few seconds). */
  log?: (line: string) => void;
}

export interface Failure {
  target: TargetName;
  seed: number;
  index: number;
  source: string;
  name: string;
  ops: string[];
  problems: string[];
  /** The saved input. */
  file?: string;
}

export interface CampaignResult {
  target: TargetName;
  seed: number;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  maxMs: number;
  maxCase: number;
  p99Ms: number;
  meanMs: number;
  failures: Failure[];
  savedTo?: string;
  /** How cases were associated (name, content, forced) and other counts. */
  stats: Record<string, number>;
  /** Server restarts after a crash (server target). */
  restarts: number;
}

function safe(name: string): string {
  return name.replace(/[^\w.-]/g, '_').slice(-80);
}

export function saveFailure(dir: string, c: FuzzCase, f: Failure): string {
  const base = join(dir, `${f.target}-${c.seed}-${c.index}-${safe(c.name)}`);
  // The input as it is (UTF-8), and as JSON, which keeps lone surrogates and says how it was made.
  writeFileSync(base, c.text, 'utf8');
  writeFileSync(
    `${base}.case.json`,
    JSON.stringify({ ...f, text: c.text, original: c.original, splices: c.splices, offsets: c.offsets }, null, 1),
  );
  return base;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const corpus = loadCorpus();
  const start = o.start ?? 0;
  const indexes = o.only ?? Array.from({ length: o.cases }, (_, i) => start + i);
  let saveDir = o.saveDir;
  if (saveDir) mkdirSync(saveDir, { recursive: true });
  const dir = () => (saveDir ??= mkdtempSync(join(tmpdir(), 'vi-fuzz-')));
  const failures: Failure[] = [];
  const times: number[] = [];
  const stats: Record<string, number> = {};
  let maxMs = 0;
  let maxCase = -1;
  let restarts = 0;

  const service = o.target === 'service' ? serviceTarget() : undefined;
  const cli = o.target === 'cli' ? cliTarget(mkdtempSync(join(tmpdir(), 'vi-fuzz-cli-'))) : undefined;
  const server = o.target === 'server' ? await ServerTarget.start() : undefined;
  if (service) await warmUp(service);
  const watchdog = watch(o.seed, o.target, HANG_MS, saveDir);
  const t0 = performance.now();
  let lastLog = t0;
  try {
    for (const [n, index] of indexes.entries()) {
      const c = generateCase(corpus, o.seed, index);
      watchdog.starting(index);
      let r: CaseResult;
      if (service) r = await runServiceCase(service, c);
      else if (cli) r = await runCliCase(cli, c);
      else r = await server!.run(c);
      if (replay(c) !== c.text) r.problems.push('mutator: the splices do not reproduce the text');
      if (r.ms > MAX_MS[o.target]) r.problems.push(`took ${Math.round(r.ms)} ms (bound ${MAX_MS[o.target]} ms)`);
      times.push(r.ms);
      stats[r.how] = (stats[r.how] ?? 0) + 1;
      stats.diagnostics = (stats.diagnostics ?? 0) + r.diagnostics;
      if (r.ms > maxMs) {
        maxMs = r.ms;
        maxCase = index;
      }
      if (r.problems.length) {
        const f: Failure = {
          target: o.target,
          seed: o.seed,
          index,
          source: c.source,
          name: c.name,
          ops: c.ops,
          problems: r.problems,
        };
        f.file = saveFailure(dir(), c, f);
        failures.push(f);
      }
      const now = performance.now();
      if (o.log && now - lastLog > 5000) {
        lastLog = now;
        o.log(
          `  ${o.target}: ${n + 1}/${indexes.length} cases, ${failures.length} failing, ${((n + 1) / ((now - t0) / 1000)).toFixed(0)} cases/s`,
        );
      }
    }
  } finally {
    await watchdog.stop();
    if (server) restarts = await server.stop();
    if (cli) rmSync(cli.dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    target: o.target,
    seed: o.seed,
    cases: indexes.length,
    seconds,
    casesPerSecond: indexes.length / seconds,
    maxMs,
    maxCase,
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    failures,
    savedTo: saveDir,
    stats,
    restarts,
  };
}

/** A campaign's result in a few lines, with every failure and how to replay it. */
export function describe(r: CampaignResult): string {
  const lines = [
    `${r.target}: ${r.cases} cases (seed ${r.seed}) in ${r.seconds.toFixed(1)} s, ${r.casesPerSecond.toFixed(1)} cases/s; ` +
      `time per case mean ${r.meanMs.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms (case ${r.maxCase}); ` +
      `${Object.entries(r.stats)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}${r.restarts ? `; ${r.restarts} server restarts` : ''}; ${r.failures.length} failing`,
  ];
  for (const f of r.failures.slice(0, 20)) {
    lines.push(
      `  FAIL ${f.target} seed ${f.seed} index ${f.index} (${f.source} as ${f.name}; ${f.ops.join('; ').slice(0, 200)})`,
    );
    for (const p of f.problems.slice(0, 5)) lines.push(`    ${p.slice(0, 400)}`);
    lines.push(
      `    input: ${f.file}  (replay: npm run fuzz -- --target ${f.target} --seed ${f.seed} --index ${f.index})`,
    );
  }
  if (r.failures.length > 20) lines.push(`  … and ${r.failures.length - 20} more in ${r.savedTo}`);
  return lines.join('\n');
}
