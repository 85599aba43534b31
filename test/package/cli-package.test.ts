/**
 * The npm package of the CLI and the language server (packages/cli), as a user gets it: `npm pack`, installed from the
 * tarball into an empty folder with no network, then run there with `npx` on Node 20, 22 and 24. It must need nothing
 * beyond its own files (no dependencies, only Node.js built-ins), load Cedar's WebAssembly from beside its bundles,
 * run its worker threads, serve LSP over stdio with code links into the docs it ships, and print no Node.js warning.
 */
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { spawn } from 'node:child_process';
import {
  FIXTURES,
  PACKAGE_JSON,
  ROOT,
  cleanEnv,
  nodeWarnings,
  packed,
  run,
  runtimes,
  type NodeRuntime,
  type Packed,
} from './support';

const ROOT_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('CLI package: packed, installed from the tarball into an empty folder, run with npx', function () {
  this.timeout(600_000);
  let p: Packed;
  let installed: string;
  let nodes: NodeRuntime[];

  before(async () => {
    p = await packed();
    installed = join(p.app, 'node_modules', PACKAGE_JSON.name);
    nodes = await runtimes();
  });

  it('holds its two bundles, the Cedar wasm, the rule docs, README, LICENSE and package.json: nothing else', () => {
    const deps = readdirSync(join(p.app, 'node_modules')).filter(n => !n.startsWith('.'));
    assert.deepEqual(deps, [PACKAGE_JSON.name], 'the tarball installs no other package');
    const files = filesUnder(installed)
      .map(f => relative(installed, f))
      .sort();
    assert.deepEqual(files, [
      'LICENSE',
      'README.md',
      'dist/cedar_wasm_bg.wasm.br',
      'dist/cli.js',
      'dist/server.js',
      'docs/diagnostics.md',
      'package.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies'])
      assert.equal(manifest[k], undefined, `package.json has ${k}`);
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.version, ROOT_VERSION, 'the package and the extension carry the same version');
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    assert.deepEqual(manifest.engines, { node: root.engines.node }, 'the same Node versions as the extension');
    assert.deepEqual(Object.keys(manifest.bin as object).sort(), [
      'verified-identity',
      'verified-identity-language-server',
    ]);
    assert.equal(readFileSync(join(installed, 'LICENSE'), 'utf8'), readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    assert.equal(
      readFileSync(join(installed, 'docs/diagnostics.md'), 'utf8'),
      readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8'),
    );
  });

  it('its bundles require only Node.js built-ins, and are minified without source maps', () => {
    const builtins = new Set(builtinModules);
    for (const bundle of ['dist/cli.js', 'dist/server.js']) {
      const text = readFileSync(join(installed, bundle), 'utf8');
      assert.ok(text.startsWith('#!/usr/bin/env node\n'), `${bundle} starts with a node shebang`);
      assert.doesNotMatch(text, /sourceMappingURL/);
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(m => m[1]);
      assert.ok(required.length > 0, `${bundle}: no require() found at all`);
      const foreign = required.filter(r => !r.startsWith('node:') && !builtins.has(r));
      assert.deepEqual([...new Set(foreign)], [], `${bundle} requires modules that are not built into Node.js`);
      assert.ok(statSync(join(installed, bundle)).size < 1_000_000, `${bundle} is minified`);
    }
  });

  for (const major of [20, 22, 24]) {
    describe(`on Node ${major}`, () => {
      let node: NodeRuntime;
      let env: NodeJS.ProcessEnv;
      const npx = (args: string[], extra: NodeJS.ProcessEnv = {}, cwd?: string) =>
        run('npx', ['--offline', '--no-install', ...args], { cwd: cwd ?? p.app, env: { ...env, ...extra } });

      before(() => {
        node = nodes.find(n => n.major === major)!;
        // --trace-deprecation: a deprecation would print with its stack, and fail the no-warnings assertions.
        env = cleanEnv({
          PATH: node.path,
          npm_config_cache: join(p.tmp, 'npm-cache'),
          NODE_OPTIONS: '--trace-deprecation',
        });
      });

      it('npx finds this Node first on PATH', async () => {
        const r = await npx(['node', '-p', 'process.versions.node']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(Number(r.stdout.trim().split('.')[0]), major);
      });

      it('validate, schema and --version work, with the exit statuses of the docs and no warning', async () => {
        const version = await npx(['verified-identity', '--version']);
        assert.equal(version.status, 0, version.stderr);
        assert.equal(version.stdout.trim(), PACKAGE_JSON.version);

        const text = await npx(['verified-identity', 'validate', FIXTURES]);
        assert.equal(text.status, 1, text.stderr);
        assert.match(
          text.stdout,
          /broken\.trust-provider\.json:11:5: error 'Scopes' is not a member .*\[unknown-member\]/,
        );
        assert.match(text.stdout, /7 files checked: 6 errors, 3 warnings/);

        const json = await npx([
          'verified-identity',
          'validate',
          '--format',
          'json',
          join(FIXTURES, 'okta.trust-provider.yaml'),
        ]);
        assert.equal(json.status, 0, json.stderr);
        const report = JSON.parse(json.stdout) as { summary: { files: number; errors: number } };
        assert.deepEqual([report.summary.files, report.summary.errors], [1, 0]);

        const schema = await npx(['verified-identity', 'schema', '--kind', 'trust-provider']);
        assert.equal(schema.status, 0, schema.stderr);
        assert.match((JSON.parse(schema.stdout) as { $schema: string }).$schema, /draft-07/);

        const usage = await npx(['verified-identity', 'validate', '--format', 'xml', '.']);
        assert.equal(usage.status, 2);
        for (const r of [version, text, json, schema, usage]) assert.deepEqual(nodeWarnings(r.stderr), []);
      });

      it("loads Cedar's WebAssembly from beside its bundle", async () => {
        const r = await npx([
          'verified-identity',
          'validate',
          '--format',
          'json',
          '--cedar-schema',
          join(ROOT, 'test/fixtures/cedar/mycorp.cedarschema'),
          join(FIXTURES, 'cognito.identity-source.json'),
        ]);
        assert.equal(r.status, 1, r.stderr);
        const codes = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; message: string }[] }[] })
          .files[0].diagnostics;
        const unknown = codes.find(d => d.code === 'cedar-unknown-entity-type');
        assert.ok(unknown, JSON.stringify(codes));
        assert.match(unknown.message, /mycorp\.cedarschema/);
        assert.deepEqual(nodeWarnings(r.stderr), []);
      });

      it('spreads 300 files over worker threads (the bundle is its own worker script)', async () => {
        const dir = join(p.tmp, `many-${major}`);
        mkdirSync(dir, { recursive: true });
        for (let i = 0; i < 300; i++) {
          const body = i % 100 === 7 ? 'TrustProviderType: usr\n' : 'TrustProviderType: user\n';
          writeFileSync(
            join(dir, `f${String(i).padStart(3, '0')}.trust-provider.yaml`),
            `${body}UserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc${i}\n`,
          );
        }
        const r = await npx(['verified-identity', 'validate', '--format', 'json', dir], { VI_CLI_WORKERS: '2' });
        assert.equal(r.status, 1, r.stderr);
        const report = JSON.parse(r.stdout) as {
          files: { file: string }[];
          summary: { files: number; errors: number };
        };
        assert.deepEqual([report.summary.files, report.summary.errors], [300, 3]);
        const order = report.files.map(f => f.file);
        assert.deepEqual(order, [...order].sort(), 'output keeps file order');
        assert.deepEqual(nodeWarnings(r.stderr), []);
      });

      it('serves LSP over stdio: diagnostics with code links into the docs/diagnostics.md it ships', async () => {
        const child = spawn('npx', ['--offline', '--no-install', 'verified-identity-language-server', '--stdio'], {
          cwd: p.app,
          env,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const connection = createProtocolConnection(
          new StreamMessageReader(child.stdout),
          new StreamMessageWriter(child.stdin),
        );
        try {
          const published = new Promise<PublishDiagnosticsParams>(resolve =>
            connection.onNotification(PublishDiagnosticsNotification.type, params => {
              if (params.diagnostics.length) resolve(params);
            }),
          );
          connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
            params.items.map(() => null),
          );
          connection.listen();
          const init = await connection.sendRequest<{ serverInfo?: { name: string; version?: string } }>('initialize', {
            processId: process.pid,
            rootUri: null,
            capabilities: { textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } },
            initializationOptions: { trusted: false },
          });
          assert.equal(init.serverInfo?.version, PACKAGE_JSON.version);
          await connection.sendNotification('initialized', {});
          const uri = 'file:///ws/okta.trust-provider.yaml';
          await connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'yaml', version: 1, text: 'TrustProviderType: user\nScopes: x\n' },
          });
          const { diagnostics } = await published;
          const unknown = diagnostics.find(d => d.code === 'unknown-member');
          assert.ok(unknown, JSON.stringify(diagnostics));
          const href = unknown.codeDescription?.href ?? '';
          const [doc, anchor] = href.split('#');
          assert.equal(fileURLToPath(doc), join(installed, 'docs', 'diagnostics.md'));
          assert.equal(anchor, 'unknown-member');
          assert.ok(existsSync(fileURLToPath(doc)));
          assert.ok(readFileSync(fileURLToPath(doc), 'utf8').includes('<a id="unknown-member"></a>'));
          await connection.sendRequest('shutdown');
          await connection.sendNotification('exit');
          const code = await new Promise<number | null>(resolve =>
            child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', c => resolve(c)),
          );
          assert.equal(code, 0);
          assert.deepEqual(nodeWarnings(stderr), []);
        } finally {
          connection.dispose();
          if (child.exitCode === null) child.kill();
        }
      });
    });
  }
});
