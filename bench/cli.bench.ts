/**
 * The CLI's numbers: `verified-identity validate` on 2,000 small files (half YAML trust providers, half JSON identity
 * sources), wall time including Node's start (issue 2: ≤ 1 s), against the floor measured in the same run (issue 14:
 * ≤ 3× reading, parsing and checking the same files in one warm process with the service, no report), and on 10,000
 * such files (linear: ≤ 5.5× the 2,000-file time). The three are interleaved sample by sample, so that a change in the
 * machine's speed touches them alike. It runs first (the runner takes the files in name order), so that no in-process
 * benchmark's background compilation or garbage collection shares the machine's cores with it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService } from '../server/src/service';
import { OIDC_TRUST_PROVIDER } from './core.bench';
import { median, result, type BenchResult } from './harness';

function writeFiles(dir: string, n: number): void {
  mkdirSync(dir);
  for (let i = 0; i < n; i++) {
    if (i % 2) writeFileSync(join(dir, `p${i}.trust-provider.yaml`), OIDC_TRUST_PROVIDER.replace('idp', `idp${i}`));
    else
      writeFileSync(
        join(dir, `s${i}.identity-source.json`),
        JSON.stringify(
          {
            policyStoreId: `PS${i}`,
            principalEntityType: 'MyCorp::User',
            configuration: {
              cognitoUserPoolConfiguration: {
                userPoolArn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a${i}`,
                clientIds: ['abc'],
              },
            },
          },
          null,
          2,
        ),
      );
  }
}

/** The floor: the same files read, parsed and checked (syntax, schema, rules, local semantic checks) in this process. */
async function floor(dir: string): Promise<number> {
  const t0 = performance.now();
  const service = createLanguageService();
  let n = 0;
  for (const name of readdirSync(dir)) {
    const uri = join(dir, name);
    const file = service.analyze({ uri, text: readFileSync(uri, 'utf8') })!;
    n += service.validate(file).length + (await service.validateSemantic(file)).length;
  }
  if (n < 0) throw new Error('unreachable');
  return performance.now() - t0;
}

function cliRun(cli: string, cwd: string, folder: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', folder], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'vi-bench-cli-'));
  try {
    writeFiles(join(dir, 'files'), 2000);
    writeFiles(join(dir, 'files10k'), 10000);
    const cli = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
    const small: number[] = [];
    const large: number[] = [];
    const floors: number[] = [];
    const ratios: number[] = [];
    const linear: number[] = [];
    // One untimed round first, as hyperfine's --warmup does (and the floor's process compiles its code hot).
    for (let i = -1; i < 9; i++) {
      const a = cliRun(cli, dir, 'files');
      const f = await floor(join(dir, 'files'));
      const b = i % 2 === 0 || i < 0 ? cliRun(cli, dir, 'files10k') : undefined;
      if (i < 0) continue;
      small.push(a);
      floors.push(f);
      ratios.push(a / f);
      if (b !== undefined) {
        large.push(b);
        linear.push(b / a);
      }
    }
    out.push(result('CLI: validate 2,000 small files (wall, incl. node start)', small, 'ms', 1000));
    out.push(result('CLI floor: read + parse + check 2,000 files in one process', floors, 'ms'));
    out.push(result('CLI: 2,000 files ÷ floor (same run)', ratios, 'x', 3, `ratio of medians ${ratio(small, floors)}`));
    out.push(result('CLI: validate 10,000 small files (wall, incl. node start)', large, 'ms'));
    out.push(result('CLI: 10,000 files ÷ 2,000 files (linear: 5)', linear, 'x', 5.5));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function ratio(a: number[], b: number[]): string {
  return (median(a) / median(b)).toFixed(2);
}
