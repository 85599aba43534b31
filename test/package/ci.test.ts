/**
 * The CI conventions in the repository root, run as GitHub and pre-commit run them, against the packed CLI package
 * served by a loopback npm registry (so `npx --yes verified-identity@<version>` resolves exactly as it will once the
 * package is published, with no other network):
 *
 * - action.yml: its one composite step's script, with the step's `env` built from the inputs (`${{ inputs.* }}`,
 *   defaults from action.yml) and `${{ github.action_path }}`, run by `bash --noprofile --norc -eo pipefail` as the
 *   runner does, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 * - .pre-commit-hooks.yaml: the hook's `entry` with the staged file names its `files` pattern selects appended, as
 *   pre-commit's `language: system` runs it.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { FIXTURES, PACKAGE_JSON, ROOT, cleanEnv, nodeWarnings, packed, run, startRegistry } from './support';
import type { Packed, Registry, Run } from './support';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: { id?: string; shell?: string; env?: Record<string, string>; run?: string }[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner substitutes them; anything else is a test error. */
function substitute(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return ROOT;
    const m = /^inputs\.([\w-]+)$/.exec(expr);
    if (!m || !(m[1] in action.inputs)) throw new Error(`action.yml uses an expression the test cannot give: ${expr}`);
    return inputs[m[1]] ?? action.inputs[m[1]].default ?? '';
  });
}

interface ActionRun extends Run {
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

describe('CI: the GitHub Action and the pre-commit hook, against the packed CLI package', function () {
  this.timeout(600_000);
  let p: Packed;
  let registry: Registry;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    p = await packed();
    registry = await startRegistry(p);
    // A fresh npm cache and the loopback registry: npx must fetch the package from it, like from npmjs.com.
    env = cleanEnv({ npm_config_registry: registry.url, npm_config_cache: mkdtempSync(join(p.tmp, 'npm-cache-ci-')) });
  });
  after(async () => registry?.close());

  /** A copy of the fixture workspace as the checked-out repository. */
  function workspace(): string {
    const dir = mkdtempSync(join(p.tmp, 'ws-'));
    cpSync(FIXTURES, dir, { recursive: true });
    return dir;
  }

  async function runAction(inputs: Record<string, string>, ws = workspace()): Promise<ActionRun> {
    const [step] = action.runs.steps;
    const outputFile = join(ws, '..', `${relative(p.tmp, ws)}.output`);
    const summaryFile = join(ws, '..', `${relative(p.tmp, ws)}.summary`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const stepEnv: NodeJS.ProcessEnv = { ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = substitute(v, inputs);
    const script = join(ws, '..', `${relative(p.tmp, ws)}.sh`);
    writeFileSync(script, step.run!);
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: ws, env: stepEnv });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { ...r, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace: ws };
  }

  describe('action.yml', () => {
    it('is a composite action of one bash step whose inputs reach the script only through env', () => {
      assert.equal(action.runs.using, 'composite');
      assert.equal(action.runs.steps.length, 1);
      const [step] = action.runs.steps;
      assert.equal(step.shell, 'bash');
      assert.equal(step.id, 'validate');
      assert.doesNotMatch(step.run!, /\$\{\{/, 'no expression is spliced into the script text');
      for (const name of Object.keys(action.inputs)) {
        assert.ok(
          Object.values(step.env!).includes(`\${{ inputs.${name} }}`),
          `input ${name} is passed to the step's env`,
        );
        assert.ok(action.inputs[name].description.length > 20, `input ${name} is documented`);
      }
      assert.deepEqual(Object.keys(action.outputs).sort(), ['errors', 'sarif-file', 'warnings']);
      for (const [name, o] of Object.entries(action.outputs))
        assert.equal(o.value, `\${{ steps.validate.outputs.${name} }}`, `output ${name}`);
    });

    it('with its defaults: runs verified-identity@<its version> from the registry, writes SARIF, annotates, fails', async () => {
      const r = await runAction({});
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.ok(
        registry.requests.includes(`/${PACKAGE_JSON.name}`),
        `npx asked the registry for the package: ${registry.requests.join(', ')}`,
      );
      assert.deepEqual(r.outputs, { 'sarif-file': 'verified-identity.sarif', errors: '6', warnings: '3' });
      assert.match(r.summary, /6 error\(s\), 3 warning\(s\)/);
      assert.match(
        r.stdout,
        /^::error file=broken\.trust-provider\.json,line=11,col=5,title=unknown-member::'Scopes' is not a member of 'OidcOptions'/m,
      );
      assert.match(r.stdout, /^::warning file=notes\/anything\.yaml,line=7,col=9,title=dry-run::/m);
      const sarif = JSON.parse(readFileSync(join(r.workspace, 'verified-identity.sarif'), 'utf8')) as {
        runs: { results: { ruleId: string; level: string }[]; tool: { driver: { version: string } } }[];
      };
      assert.ok(validateSarif(sarif), ajv.errorsText(validateSarif.errors));
      assert.equal(sarif.runs[0].tool.driver.version, PACKAGE_JSON.version);
      assert.equal(sarif.runs[0].results.filter(x => x.level === 'error').length, 6);
      assert.deepEqual(nodeWarnings(r.stderr), []);
    });

    it('fail-on: never reports and passes; warning fails on warnings alone; error passes them', async () => {
      const never = await runAction({ 'fail-on': 'never' });
      assert.equal(never.status, 0, never.stdout + never.stderr);
      assert.equal(never.outputs.errors, '6');

      const warningsOnly = { paths: 'notes okta.trust-provider.yaml' };
      const onWarning = await runAction({ ...warningsOnly, 'fail-on': 'warning' });
      assert.equal(onWarning.status, 1, onWarning.stdout + onWarning.stderr);
      assert.deepEqual([onWarning.outputs.errors, onWarning.outputs.warnings], ['0', '1']);
      const onError = await runAction(warningsOnly);
      assert.equal(onError.status, 0, onError.stdout + onError.stderr);

      const bad = await runAction({ 'fail-on': 'sometimes' });
      assert.equal(bad.status, 2);
      assert.match(bad.stdout, /^::error title=verified-identity::fail-on must be error, warning or never/m);
    });

    it('paths on several lines, a SARIF path in a new folder, a Cedar schema, and a package given as a tarball', async () => {
      const ws = workspace();
      cpSync(join(ROOT, 'test/fixtures/cedar/mycorp.cedarschema'), join(ws, 'mycorp.cedarschema'));
      const r = await runAction(
        {
          paths: 'cognito.identity-source.json\nokta.trust-provider.yaml\n',
          'sarif-file': 'reports/vi.sarif',
          'cedar-schema': 'mycorp.cedarschema',
          package: p.tarball,
        },
        ws,
      );
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(r.outputs['sarif-file'], 'reports/vi.sarif');
      assert.match(r.stdout, /^::error file=cognito\.identity-source\.json,.*title=cedar-unknown-entity-type::/m);
      const sarif = JSON.parse(readFileSync(join(ws, 'reports/vi.sarif'), 'utf8')) as {
        runs: { artifacts?: unknown[]; results: { ruleId: string }[] }[];
      };
      assert.deepEqual(
        [...new Set(sarif.runs[0].results.map(x => x.ruleId))].sort(),
        ['cedar-unknown-entity-type'],
        'okta.trust-provider.yaml is clean',
      );
    });

    it('stops with the CLI exit status when nothing can be checked', async () => {
      const r = await runAction({ paths: 'no-such-folder' });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /^::error title=verified-identity::could not check the files \(exit status 2\)/m);
      assert.equal(r.outputs['sarif-file'], 'verified-identity.sarif');
    });
  });

  describe('.pre-commit-hooks.yaml', () => {
    const [hook] = hooks;

    it('declares one hook whose entry pins the package at its own version', () => {
      assert.equal(hooks.length, 1);
      assert.equal(hook.id, 'verified-identity');
      assert.equal(hook.language, 'system');
      assert.equal(hook.require_serial, true);
      assert.ok(
        hook.entry.includes(`--package=${PACKAGE_JSON.name}@${PACKAGE_JSON.version} `),
        `entry pins ${PACKAGE_JSON.version}: ${hook.entry}`,
      );
    });

    it('selects the files named like request files, as pre-commit matches them', () => {
      const files = new RegExp(hook.files);
      const ws = workspace();
      const selected = filesUnder(ws)
        .map(f => relative(ws, f))
        .filter(f => files.test(f))
        .sort();
      assert.deepEqual(selected, [
        'broken-oidc.identity-source.yaml',
        'broken.trust-provider.json',
        'closed/never-opened.identity-source.yaml',
        'cognito.identity-source.json',
        'okta.trust-provider.yaml',
      ]);
    });

    async function runHook(files: string[], ws: string): Promise<Run> {
      const [cmd, ...args] = hook.entry.split(/\s+/);
      return run(cmd, [...args, ...files], { cwd: ws, env });
    }

    it('fails a commit with errors in the staged files and passes one without', async () => {
      const ws = workspace();
      const bad = await runHook(['broken.trust-provider.json', 'okta.trust-provider.yaml'], ws);
      assert.equal(bad.status, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, /^broken\.trust-provider\.json:11:5: error 'Scopes' is not a member/m);
      const good = await runHook(['okta.trust-provider.yaml', 'cognito.identity-source.json'], ws);
      assert.equal(good.status, 0, good.stdout + good.stderr);
      assert.match(good.stdout, /2 files checked: 0 errors/);
      assert.deepEqual(nodeWarnings(bad.stderr + good.stderr), []);
    });
  });
});
