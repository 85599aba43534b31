/**
 * The CLI contract (SPEC §4), in-process through `main` and once through the bundle: formats, exit codes 0/1/2,
 * directory walking, --kind, schema.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { ROOT } from './helpers';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: t => (out += `${t}\n`), err: t => (err += `${t}\n`), cwd });
  return { code, out, err };
}

describe('CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-'));
    mkdirSync(join(dir, 'sub', 'node_modules'), { recursive: true });
    writeFileSync(
      join(dir, 'ok.trust-provider.yaml'),
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n',
    );
    writeFileSync(
      join(dir, 'warn.trust-provider.yaml'),
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: true\n',
    );
    writeFileSync(
      join(dir, 'sub', 'bad.identity-source.json'),
      '{\n  "policyStoreId": "PS1",\n  "configuration": {\n    "openIdConnectConfiguration": {\n      "Issuer": "https://a"\n    }\n  }\n}\n',
    );
    writeFileSync(
      join(dir, 'sub', 'modeline.yaml'),
      '# verified-identity: trust-provider\nTrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n',
    );
    writeFileSync(join(dir, 'sub', 'unrelated.yaml'), 'foo: bar\n');
    writeFileSync(join(dir, 'sub', 'node_modules', 'x.trust-provider.yaml'), 'bad: [\n');
    writeFileSync(
      join(dir, 'plain.json'),
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc"}',
    );
    writeFileSync(join(dir, 'mystery.json'), '{"x": 1}');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 with no errors (warnings allowed), text output with a summary', async () => {
    const r = await run(['validate', 'ok.trust-provider.yaml', 'warn.trust-provider.yaml'], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /^warn\.trust-provider\.yaml:4:9: warning 'DryRun' is true.* \[dry-run\] at DryRun$/m);
    assert.match(r.out, /2 files checked: 0 errors, 1 warning\n$/);
  });

  it('walks directories (skipping node_modules, including modeline files), exit 1 on errors', async () => {
    const r = await run(['validate', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as {
      files: {
        file: string;
        kind: string;
        diagnostics: {
          code: string;
          path: string;
          range: unknown;
          document: number;
          severity: string;
          message: string;
        }[];
      }[];
      summary: unknown;
    };
    assert.deepEqual(
      j.files.map(f => f.file),
      ['ok.trust-provider.yaml', 'sub/bad.identity-source.json', 'sub/modeline.yaml', 'warn.trust-provider.yaml'],
    );
    const bad = j.files[1];
    assert.equal(bad.kind, 'identity-source');
    assert.deepEqual(Object.keys(bad.diagnostics[0]), ['document', 'path', 'code', 'severity', 'message', 'range']);
    assert.deepEqual(
      bad.diagnostics.map(d => [d.code, d.path]),
      [
        ['missing-required', 'configuration.openIdConnectConfiguration.issuer'],
        ['missing-required', 'configuration.openIdConnectConfiguration.tokenSelection'],
        ['unknown-member', 'configuration.openIdConnectConfiguration.Issuer'],
      ],
    );
    assert.deepEqual(bad.diagnostics[2].range, { start: { line: 4, character: 6 }, end: { line: 4, character: 14 } });
    assert.deepEqual(j.summary, { files: 4, errors: 3, warnings: 1 });
  });

  it('explicit files: content sniffing, --kind, and exit 2 when the kind cannot be told', async () => {
    assert.equal((await run(['validate', 'plain.json'], dir)).code, 0);
    const r = await run(['validate', 'mystery.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.out, /cannot tell what kind of request this is/);
    assert.equal((await run(['validate', '--kind', 'trust-provider', 'mystery.json'], dir)).code, 1);
  });

  it('SARIF 2.1.0 with rules and 1-based regions', async () => {
    const r = await run(['validate', '--format=sarif', 'sub/bad.identity-source.json'], dir);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
          }[];
        }[];
      }[];
    };
    assert.equal(s.version, '2.1.0');
    assert.ok(s.runs[0].tool.driver.rules.some(x => x.id === 'unknown-member'));
    const unknown = s.runs[0].results.find(x => x.ruleId === 'unknown-member')!;
    assert.equal(unknown.level, 'error');
    assert.deepEqual(unknown.locations[0].physicalLocation.region, {
      startLine: 5,
      startColumn: 7,
      endLine: 5,
      endColumn: 15,
    });
    assert.equal(unknown.locations[0].physicalLocation.artifactLocation.uri, 'sub/bad.identity-source.json');
  });

  it('usage and I/O problems exit 2', async () => {
    assert.equal((await run(['validate'], dir)).code, 2);
    assert.equal((await run(['validate', '--format', 'xml', '.'], dir)).code, 2);
    assert.equal((await run(['validate', '--kind', 'policy', '.'], dir)).code, 2);
    assert.equal((await run(['frobnicate'], dir)).code, 2);
    const missing = await run(['validate', 'does-not-exist.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.out, /^does-not-exist\.yaml: error no such file or directory$/m);
  });

  it('schema --kind prints a draft-07 schema', async () => {
    const r = await run(['schema', '--kind', 'trust-provider-update'], dir);
    assert.equal(r.code, 0);
    const s = JSON.parse(r.out) as { $schema: string; required: string[] };
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(s.required, ['VerifiedAccessTrustProviderId']);
    assert.equal((await run(['schema'], dir)).code, 2);
  });

  it('the bundled bin runs with the same exit codes', () => {
    const bin = join(ROOT, 'server', 'out', 'cli.js');
    assert.ok(existsSync(bin), 'server/out/cli.js is missing: run `npm run build` first (npm test does)');
    const r = spawnSync(process.execPath, [bin, 'validate', 'sub'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /2 files checked: 3 errors, 0 warnings/);
    const v = spawnSync(process.execPath, [bin, '--version'], { cwd: dir, encoding: 'utf8' });
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  });

  it("the bundles leave out the YAML parser's per-token environment lookups", () => {
    for (const bundle of ['cli.js', 'server.js']) {
      const code = readFileSync(join(ROOT, 'server', 'out', bundle), 'utf8');
      // Still the YAML parser (its error for a stray token), without the debug-trace reads of process.env.
      assert.match(code, /Not a YAML token/, bundle);
      assert.doesNotMatch(code, /LOG_TOKENS|LOG_STREAM/, bundle);
    }
  });
});

describe('CLI: many files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-many-'));
    for (let i = 0; i < 320; i++) {
      writeFileSync(
        join(dir, `p${String(i).padStart(3, '0')}.trust-provider.yaml`),
        i === 7
          ? 'TrustProviderType: User\n'
          : 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n',
      );
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('worker threads give the same report, in the same order, as a serial run', () => {
    const bin = join(ROOT, 'server', 'out', 'cli.js');
    const run = (workers: string) =>
      spawnSync(process.execPath, [bin, 'validate', '--format', 'json', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, VI_CLI_WORKERS: workers },
      });
    const serial = run('0');
    const parallel = run('2');
    assert.equal(serial.status, 1);
    assert.equal(parallel.status, 1);
    assert.equal(parallel.stdout, serial.stdout);
    const j = JSON.parse(serial.stdout) as { files: { file: string; diagnostics: unknown[] }[] };
    assert.equal(j.files.length, 320);
    assert.equal(j.files[7].file, 'p007.trust-provider.yaml');
    assert.equal(j.files[7].diagnostics.length, 2);
  });
});
