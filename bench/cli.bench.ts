/**
 * Issue 2's CLI number: `verified-identity validate` on 2,000 small files (half YAML trust providers, half JSON identity
 * sources), wall time including Node's start, ≤ 1 s. It runs first (the runner takes the files in name order), so
 * that no in-process benchmark's background compilation or garbage collection shares the machine's cores with it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OIDC_TRUST_PROVIDER } from './core.bench';
import { result, type BenchResult } from './harness';

export function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const small = OIDC_TRUST_PROVIDER;
  const dir = mkdtempSync(join(tmpdir(), 'vi-bench-cli-'));
  try {
    mkdirSync(join(dir, 'files'));
    for (let i = 0; i < 2000; i++) {
      if (i % 2) writeFileSync(join(dir, 'files', `p${i}.trust-provider.yaml`), small.replace('idp', `idp${i}`));
      else
        writeFileSync(
          join(dir, 'files', `s${i}.identity-source.json`),
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
    const cli = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
    const samples: number[] = [];
    // One untimed run first, as hyperfine's --warmup does: the samples then compare like with like.
    for (let i = -1; i < 11; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', 'files'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (i >= 0) samples.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`CLI exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    }
    out.push(result('CLI: validate 2,000 small files (wall, incl. node start)', samples, 'ms', 1000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve(out);
}
