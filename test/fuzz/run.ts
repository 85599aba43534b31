/**
 * `npm run fuzz -- --cases N [--seed S] [--target service|cli|server|all] [--start I] [--index I[,J…]] [--out DIR]`
 * (through `scripts/fuzz.mjs`, which builds first). Runs one campaign per target, prints cases/s, the time per case
 * and every failure with its seed and index, writes failing inputs to a temporary directory it names, and exits 1
 * when anything failed. Without `--seed` a fresh seed is drawn and printed.
 */
import { TARGETS, describe, runCampaign, type CampaignResult, type TargetName } from './campaign';
import { loadCorpus } from './corpus';
import { freshSeed } from './prng';

const USAGE =
  'usage: npm run fuzz -- [--cases N] [--seed S] [--target service|cli|server|all] [--start I] [--index I[,J...]] [--out DIR]';

function parse(argv: string[]) {
  const o = {
    cases: 1000,
    seed: undefined as number | undefined,
    targets: ['service'] as TargetName[],
    start: 0,
    only: undefined as number[] | undefined,
    out: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return x;
    };
    const int = (s: string) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a}: not a whole number: ${s}\n${USAGE}`);
      return n;
    };
    if (a === '--cases') o.cases = int(v());
    else if (a === '--seed') o.seed = int(v()) >>> 0;
    else if (a === '--start') o.start = int(v());
    else if (a === '--index') o.only = v().split(',').map(int);
    else if (a === '--out') o.out = v();
    else if (a === '--target') {
      const t = v();
      if (t === 'all') o.targets = [...TARGETS];
      else if ((TARGETS as readonly string[]).includes(t)) o.targets = [t as TargetName];
      else throw new Error(`unknown target '${t}'\n${USAGE}`);
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  return o;
}

async function main(): Promise<number> {
  let o;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const seed = o.seed ?? freshSeed();
  console.log(
    `fuzz: seed ${seed}, ${o.only ? `cases ${o.only.join(',')}` : `${o.cases} cases from ${o.start}`} per target (${o.targets.join(', ')}); corpus of ${loadCorpus().length} files`,
  );
  const results: CampaignResult[] = [];
  for (const target of o.targets) {
    const r = await runCampaign({
      target,
      seed,
      cases: o.cases,
      start: o.start,
      ...(o.only ? { only: o.only } : {}),
      ...(o.out ? { saveDir: o.out } : {}),
      log: line => console.log(line),
    });
    console.log(describe(r));
    results.push(r);
  }
  const failed = results.reduce((n, r) => n + r.failures.length, 0);
  const dirs = [...new Set(results.map(r => r.savedTo).filter(Boolean))];
  console.log(failed ? `${failed} failing cases; inputs in ${dirs.join(', ')}` : 'no failures');
  return failed ? 1 : 0;
}

main().then(
  code => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
