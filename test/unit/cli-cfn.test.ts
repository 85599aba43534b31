/**
 * The CLI on CloudFormation templates: a folder with `cdk.out/`, a SAM template, a template found by its content and
 * unrelated templates; JSON output kind `cloudformation`; SARIF; `--kind cloudformation` on any file name.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { fixturePath } from './helpers';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: t => (out += `${t}\n`), err: t => (err += `${t}\n`), cwd });
  return { code, out, err };
}

interface JsonReport {
  files: { file: string; kind: string; diagnostics: { path: string; code: string }[] }[];
  summary: { files: number; errors: number };
}

describe('CLI: CloudFormation templates', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-cfn-'));
    cpSync(fixturePath('cloudformation', 'cdk.out'), join(dir, 'cdk.out'), { recursive: true });
    cpSync(fixturePath('cloudformation', 'sam'), join(dir, 'sam'), { recursive: true });
    cpSync(fixturePath('cloudformation', 'unrelated'), join(dir, 'unrelated'), { recursive: true });
    // What else `cdk synth` writes: not templates, never reported.
    writeFileSync(join(dir, 'cdk.out', 'manifest.json'), '{"version": "36.0.0", "artifacts": {}}');
    writeFileSync(join(dir, 'cdk.out', 'cdk.out'), '{"version":"36.0.0"}');
    mkdirSync(join(dir, 'infra'));
    writeFileSync(
      join(dir, 'infra', 'stack.yaml'),
      'Resources:\n  Store:\n    Type: AWS::VerifiedPermissions::PolicyStore\n    Properties:\n      ValidationSettings:\n        Mode: LAX\n',
    );
    writeFileSync(join(dir, 'infra', 'other.json'), '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}');
    writeFileSync(join(dir, 'odd-name.txt'), 'Resources:\n  S:\n    Type: AWS::VerifiedPermissions::PolicyStore\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a walk finds templates by name, under cdk.out/ and by content, and reports in property paths', async () => {
    const r = await run(['validate', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      report.files.map(f => [f.file, f.kind, f.diagnostics.map(d => `${d.code} ${d.path}`)]),
      [
        [
          'cdk.out/VerifiedStack.template.json',
          'cloudformation',
          ['pattern Resources.ApiSourceB2C3D4E5.Properties.Configuration.OpenIdConnectConfiguration.Issuer'],
        ],
        ['infra/stack.yaml', 'cloudformation', ['enum Resources.Store.Properties.ValidationSettings.Mode']],
        [
          'sam/template.yaml',
          'cloudformation',
          ['cfn-unknown-attribute Resources.Provider.Properties.OidcOptions.ClientId'],
        ],
      ],
    );
  });

  it('text output: the file, position, code and property path', async () => {
    const r = await run(['validate', 'infra'], dir);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /^infra\/stack\.yaml:6:15: error 'Mode' must be one of STRICT, OFF; got "LAX"\. \[enum\] at Resources\.Store\.Properties\.ValidationSettings\.Mode$/m,
    );
    assert.match(r.out, /1 file checked: 1 error, 0 warnings/);
  });

  it('SARIF as for request files', async () => {
    const r = await run(['validate', '--format', 'sarif', 'sam/template.yaml'], dir);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.out) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.deepEqual(
      s.runs[0].results.map(x => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri]),
      [['cfn-unknown-attribute', 'sam/template.yaml']],
    );
    assert.ok(s.runs[0].tool.driver.rules.some(x => x.id === 'cfn-unknown-attribute'));
  });

  it('--kind cloudformation on any file name; an unrelated template named explicitly has nothing to check', async () => {
    const forced = await run(['validate', '--format', 'json', '--kind', 'cloudformation', 'odd-name.txt'], dir);
    const report = JSON.parse(forced.out) as JsonReport;
    assert.deepEqual(
      report.files.map(f => [f.kind, f.diagnostics.map(d => d.code)]),
      [['cloudformation', ['missing-required']]],
    );
    const unrelated = await run(['validate', 'unrelated/template.yaml'], dir);
    assert.equal(unrelated.code, 0);
    assert.equal(unrelated.out, '1 file checked: 0 errors, 0 warnings\n');
  });
});
