// Bundles the extension (client), the language server and the CLI. `--production` minifies and drops source maps.
// `--cli-package` builds the npm package in packages/cli/ instead: the same CLI and server bundles, minified, in its
// dist/ with the brotli Cedar wasm, plus copies of LICENSE and docs/diagnostics.md (`npm run package:cli` packs it).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

// Paths below are relative to the repository (packages/cli's prepack runs this from its own folder).
const ROOT = fileURLToPath(new URL('.', import.meta.url));
process.chdir(ROOT);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const cliPackage = process.argv.includes('--cli-package');
const production = process.argv.includes('--production') || cliPackage;
const watch = process.argv.includes('--watch');

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD entry does not bundle; its ES module entry does.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { VI_VERSION: JSON.stringify(version) },
};

/**
 * The Cedar schema parser's WebAssembly module (4.3 MB) is read from beside the server and CLI bundles at run time. It
 * ships brotli-compressed (0.9 MB instead of 1.4 MB deflated in the .vsix, which must stay under 2 MB): the plugin
 * below makes the bundled wasm-bindgen glue read `cedar_wasm_bg.wasm.br` and decompress it (about 20 ms, once).
 */
const CEDAR_WASM = 'node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm';
const CEDAR_WASM_BR = 'server/out/cedar_wasm_bg.wasm.br';

function compressCedarWasm() {
  mkdirSync('server/out', { recursive: true });
  // Quality 11 takes seconds: only when the module changed.
  if (existsSync(CEDAR_WASM_BR) && statSync(CEDAR_WASM_BR).mtimeMs >= statSync(CEDAR_WASM).mtimeMs) return;
  const wasm = readFileSync(CEDAR_WASM);
  const params = { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: wasm.length };
  writeFileSync(CEDAR_WASM_BR, brotliCompressSync(wasm, { params }));
}

const cedarWasmBrotli = {
  name: 'cedar-wasm-brotli',
  setup(build) {
    build.onLoad({ filter: /cedar-wasm[\\/]nodejs[\\/]cedar_wasm\.js$/ }, args => {
      const glue = readFileSync(args.path, 'utf8');
      const read = "require('fs').readFileSync(wasmPath)";
      if (!glue.includes(read))
        throw new Error(`${args.path}: the wasm loading changed; update cedarWasmBrotli in esbuild.mjs`);
      const body = glue.replace(
        read,
        "require('zlib').brotliDecompressSync(require('fs').readFileSync(wasmPath + '.br'))",
      );
      // The glue instantiates the module once, at load. Cedar's recursive parser can overflow the WebAssembly stack
      // on hostile input, which leaves that instance broken for good: `__fresh()` builds a new one (the glue run
      // again in a function of its own), so that server/src/host/cedar-engine.ts can replace a broken engine.
      const contents =
        `function __create() {\n  const module = { exports: {} };\n  const exports = module.exports;\n${body}\n  return module.exports;\n}\n` +
        'module.exports = __create();\nmodule.exports.__fresh = __create;\n';
      return { contents, loader: 'js' };
    });
  },
};

/**
 * @aws-sdk/client-ec2 keeps the schemas of all ~750 EC2 operations in one module (1.3 MB) whose entries use computed
 * keys (`{ [_xN]: _m }`, `_xN` a string constant). esbuild cannot prove those keys free of side effects, so it keeps
 * every entry (560 KB minified). Inlining the constants into the keys lets tree shaking drop the operations the
 * extension does not import (15 KB left). Same code, same behaviour.
 */
const ec2SchemasTreeShakable = {
  name: 'ec2-schemas-tree-shakable',
  setup(build) {
    build.onLoad({ filter: /client-ec2[\\/]dist-es[\\/]schemas[\\/]schemas_0\.js$/ }, args => {
      const text = readFileSync(args.path, 'utf8');
      const consts = new Map();
      for (const m of text.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm)) consts.set(m[1], m[2]);
      const contents = text.replace(/\[(_\w+)\]:/g, (m, id) => (consts.has(id) ? `${consts.get(id)}:` : m));
      return { contents, loader: 'js' };
    });
  },
};

/**
 * The `yaml` parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` (debug tracing) once per token and per
 * document. A `process.env` read is a call into the C++ environment lookup, and it was the single largest item in a
 * profile of the CLI (16 % of the time of checking 2,000 small files). The bundles never trace, so both reads become
 * `false`. The build fails if the lookups move, so an upgrade of `yaml` cannot silently bring the cost back.
 */
const yamlWithoutTraceLookups = {
  name: 'yaml-without-trace-lookups',
  setup(build) {
    build.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, args => {
      const text = readFileSync(args.path, 'utf8');
      const lookup = /\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g;
      if (!lookup.test(text))
        throw new Error(`${args.path}: no LOG_TOKENS/LOG_STREAM lookup; update yamlWithoutTraceLookups in esbuild.mjs`);
      return { contents: text.replace(lookup, 'false'), loader: 'js' };
    });
  },
};

/**
 * The LSP libraries load `crypto` (vscode-jsonrpc, for the names of pipes) and `child_process` (vscode-languageserver,
 * to find global npm/yarn modules) when the server starts, for transports and features the server uses rarely or
 * never; those two modules and what they bring with them (dgram, the crypto bindings) add about 1.3 MB to the
 * server's RSS from the start, and so to its peak. Here both are required when first used. The build fails if the
 * libraries change these lines.
 */
const LAZY_NODE_MODULES = [
  {
    file: /[\\/]vscode-jsonrpc[\\/]lib[\\/]node[\\/]main\.js$/,
    line: 'const crypto_1 = require("crypto");',
    lazy: 'const crypto_1 = { get randomBytes() { return require("crypto").randomBytes; } };',
  },
  {
    file: /[\\/]vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/,
    line: 'const child_process_1 = require("child_process");',
    lazy:
      'const child_process_1 = { get fork() { return require("child_process").fork; }, ' +
      'get spawnSync() { return require("child_process").spawnSync; } };',
  },
];
const lspLazyNodeModules = {
  name: 'lsp-lazy-node-modules',
  setup(build) {
    for (const { file, line, lazy } of LAZY_NODE_MODULES) {
      build.onLoad({ filter: file }, args => {
        const text = readFileSync(args.path, 'utf8');
        if (text.split(line).length !== 2)
          throw new Error(`${args.path}: no single '${line}'; update lspLazyNodeModules in esbuild.mjs`);
        return { contents: text.replace(line, lazy), loader: 'js' };
      });
    }
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'client/out/extension.js',
    external: ['vscode'],
    // When the bundle started loading: activate() reports how long loading took (VerifiedIdentityApi.activation).
    banner: { js: 'const VI_BUNDLE_START = performance.now();' },
    plugins: [ec2SchemasTreeShakable],
  },
  {
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'server/out/server.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cedarWasmBrotli, yamlWithoutTraceLookups, lspLazyNodeModules],
  },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cedarWasmBrotli, yamlWithoutTraceLookups, lspLazyNodeModules],
  },
];

/** The npm package (packages/cli): its version must be the extension's, so both always ship the same checks. */
const CLI_PACKAGE = 'packages/cli';
function cliPackageBuilds() {
  const pkg = JSON.parse(readFileSync(`${CLI_PACKAGE}/package.json`, 'utf8'));
  if (pkg.version !== version)
    throw new Error(`${CLI_PACKAGE}/package.json: version ${pkg.version}, expected ${version}`);
  rmSync(`${CLI_PACKAGE}/dist`, { recursive: true, force: true });
  mkdirSync(`${CLI_PACKAGE}/dist`, { recursive: true });
  mkdirSync(`${CLI_PACKAGE}/docs`, { recursive: true });
  copyFileSync(CEDAR_WASM_BR, `${CLI_PACKAGE}/dist/cedar_wasm_bg.wasm.br`);
  copyFileSync('docs/diagnostics.md', `${CLI_PACKAGE}/docs/diagnostics.md`);
  copyFileSync('LICENSE', `${CLI_PACKAGE}/LICENSE`);
  return builds
    .filter(b => b.outfile.startsWith('server/out/'))
    .map(b => ({ ...b, outfile: b.outfile.replace('server/out/', `${CLI_PACKAGE}/dist/`) }));
}

const started = Date.now();
compressCedarWasm();
if (cliPackage) {
  const cli = cliPackageBuilds();
  await Promise.all(cli.map(b => esbuild.build(b)));
  console.log(`esbuild: ${CLI_PACKAGE}/dist (${cli.length} bundles) in ${Date.now() - started} ms`);
} else if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map(b => esbuild.build(b)));
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
