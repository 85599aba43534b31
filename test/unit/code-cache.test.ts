/**
 * V8's code cache for the server bundle (server/src/boot/code-cache.ts), on a small bundle of its own: the cache is
 * written once asked for and used by the next start; a damaged cache is refused and replaced; a folder or file that
 * others may write is never read (a cache is compiled code); the bundle runs as a CommonJS module either way.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_CACHE_ENV } from '../../server/src/boot/code-cache-hook';
import { cacheFileFor, fingerprint } from '../../server/src/boot/code-cache';
import { ROOT } from './helpers';

/** The compiled loader and hook (out/server/src/boot/), which a child process requires. */
const LOADER = join(__dirname, '..', '..', 'server', 'src', 'boot', 'code-cache.js');
const HOOK_MODULE = join(__dirname, '..', '..', 'server', 'src', 'boot', 'code-cache-hook.js');

type Ran = { filename: string; dirname: string; sep: string; exportsIsThis: boolean }[];

/** A bundle with enough code for V8 to cache, reporting how it was run. */
function bundle(dir: string, name = 'main.js'): string {
  const file = join(dir, name);
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(
    file,
    `${functions}\nconst { sep } = require('node:path');\n` +
      `(globalThis[Symbol.for('verified-identity.test.code-cache.ran')] ??= []).push(` +
      `{ filename: __filename, dirname: __dirname, sep, exportsIsThis: this === module.exports });\n` +
      `module.exports = { total: f1(1) + f199(1) };\n`,
  );
  return file;
}

describe('code cache: starting a bundle with V8’s code cache', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'vi-cc-test-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /**
   * Starts `main` in a new Node process, as server/out/server.js does (V8 keeps compiled scripts for the life of a
   * process, so a second start in this one would not read the cache at all); the process lives until the cache is
   * written. Returns what the hook said and how the bundle saw itself run.
   */
  const start = (main: string, dir: string | undefined) => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const { runMain } = require(${JSON.stringify(LOADER)});
         const { requestCodeCacheSave } = require(${JSON.stringify(HOOK_MODULE)});
         runMain(process.argv[1]);
         const status = requestCodeCacheSave();
         process.stdout.write(JSON.stringify({ status, ran: globalThis[Symbol.for('verified-identity.test.code-cache.ran')] }));`,
        main,
      ],
      { env: { ...process.env, [CODE_CACHE_ENV]: dir }, encoding: 'utf8' },
    );
    return JSON.parse(out) as { status: string; ran: Ran };
  };
  /** The one cache file in `dir` (its name depends on the child's options, which differ from this process's). */
  const onlyFile = (dir: string) => {
    const names = readdirSync(dir);
    assert.equal(names.length, 1, names.join(', '));
    assert.match(names[0], /^main-[0-9a-f]{8}\.v8cache$/);
    return join(dir, names[0]);
  };
  const asNodeRunsIt = (main: string) => [{ filename: main, dirname: root, sep: '/', exportsIsThis: true }];

  it('without a folder the bundle is required plainly, and nothing is written', () => {
    const main = bundle(root, 'plain.js');
    assert.deepEqual(start(main, undefined), { status: 'off', ran: asNodeRunsIt(main) });
    assert.deepEqual(readdirSync(root), ['plain.js']);
  });

  it('writes the cache when asked (private), and the next start uses it', () => {
    const cache = join(root, 'cache');
    const main = bundle(root);
    // Run as Node runs a CommonJS module: its own __filename and __dirname, require, `this` = module.exports.
    assert.deepEqual(start(main, cache), { status: 'created', ran: asNodeRunsIt(main) });
    const file = onlyFile(cache);
    assert.equal(statSync(cache).mode & 0o777, 0o700, 'the folder is made private');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(statSync(file).size > 1000);
    assert.deepEqual(start(main, cache), { status: 'accepted', ran: asNodeRunsIt(main) });
  });

  it('a damaged cache is refused by V8, the bundle still runs, and the cache is replaced', () => {
    const cache = join(root, 'cache');
    const main = bundle(root);
    start(main, cache);
    const file = onlyFile(cache);
    const good = readFileSync(file);
    for (const damaged of [good.subarray(0, good.length >> 1), Buffer.alloc(good.length, 0x5a), Buffer.alloc(0)]) {
      writeFileSync(file, damaged);
      assert.deepEqual(start(main, cache), { status: 'refused by V8', ran: asNodeRunsIt(main) });
      assert.equal(statSync(file).size, good.length, 'replaced');
    }
    assert.equal(start(main, cache).status, 'accepted');
  });

  it('never reads a cache from a folder or a file that others may write', () => {
    const main = bundle(root);
    const open = join(root, 'open');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    assert.deepEqual(start(main, open), { status: 'folder not private', ran: asNodeRunsIt(main) });
    assert.deepEqual(readdirSync(open), [], 'nothing written there either');

    const cache = join(root, 'cache');
    start(main, cache);
    const file = onlyFile(cache);
    chmodSync(file, 0o666);
    assert.deepEqual(start(main, cache), { status: 'file not private', ran: asNodeRunsIt(main) });
    assert.equal(statSync(file).mode & 0o777, 0o600, 'a private cache in its place');
    assert.equal(start(main, cache).status, 'accepted');
  });

  it('the server bundle has no import(): a script run from the cache has no module loader for it', () => {
    const bundled = readFileSync(join(ROOT, 'server', 'out', 'server-main.js'), 'utf8');
    assert.match(bundled, /createConnection|StreamMessageReader|startServer/, 'the server bundle');
    assert.doesNotMatch(bundled, /\bimport\(/);
  });

  it('names a cache after the bundle: another build gets another file', () => {
    const main = bundle(root);
    const before = cacheFileFor(main, root, statSync(main));
    writeFileSync(main, `${readFileSync(main, 'utf8')}// changed\n`);
    assert.notEqual(cacheFileFor(main, root, statSync(main)), before);
    assert.match(before, /main-[0-9a-f]{8}\.v8cache$/);
    assert.notEqual(fingerprint('a'), fingerprint('b'));
  });
});
