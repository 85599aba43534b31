/**
 * The CLI reads files safely and reports every path it was given: special files (a link to /dev/zero, FIFOs) and
 * oversize files are refused without being read, links and the depth limit of a directory walk are reported, a run
 * that checked nothing exits 2, and one file whose check throws does not cost the report of any other file. Whatever
 * could hang on the code before this runs through the bundle with a kill timeout.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { readRequestFile } from '../../server/src/cli/read';
import { LIMITS } from '../../server/src/service/parse/limits';
import { ROOT } from './helpers';

const GOOD = 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n';
const BIN = join(ROOT, 'server', 'out', 'cli.js');

interface JsonReport {
  files: { file: string; kind: string | null; diagnostics: { code: string }[]; error?: string }[];
  skipped?: { path: string; reason: string }[];
  summary: { files: number; errors: number; warnings: number };
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: t => (out += `${t}\n`), err: t => (err += `${t}\n`), cwd });
  return { code, out, err };
}

/** The bundled CLI, killed after `timeout` ms: a read that blocks or never ends fails the test instead of hanging it. */
function runBin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 15_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  assert.equal(r.error, undefined, `the CLI did not finish: ${String(r.error)}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A JSON request file with `n` unknown members: enough of them made the service's check throw. */
function manyUnknownMembers(n: number): string {
  const o: Record<string, unknown> = {
    TrustProviderType: 'user',
    UserTrustProviderType: 'iam-identity-center',
    PolicyReferenceName: 'idc',
  };
  for (let i = 0; i < n; i++) o[`u${i}`] = 1;
  return JSON.stringify(o);
}

describe('CLI: files it is given', () => {
  let dir: string;
  let elsewhere: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-files-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'vi-cli-elsewhere-'));
    writeFileSync(join(dir, 'good.trust-provider.yaml'), GOOD);
    writeFileSync(join(elsewhere, 'outside.trust-provider.yaml'), GOOD);
    symlinkSync('/dev/zero', join(dir, 'zero.trust-provider.json'));
    execFileSync('mkfifo', [join(dir, 'fifo.trust-provider.yaml')]);

    mkdirSync(join(dir, 'special'));
    writeFileSync(join(dir, 'special', 'ok.trust-provider.yaml'), GOOD);
    symlinkSync('/dev/zero', join(dir, 'special', 'zero.trust-provider.json'));
    execFileSync('mkfifo', [join(dir, 'special', 'pipe.trust-provider.yaml')]);
    execFileSync('mkfifo', [join(dir, 'special', 'pipe.yaml')]);
    execFileSync('mkfifo', [join(dir, 'special', 'unrelated.json')]);
    symlinkSync('pipe.trust-provider.yaml', join(dir, 'special', 'to-pipe.trust-provider.yaml'));

    mkdirSync(join(dir, 'only-links'));
    symlinkSync('../good.trust-provider.yaml', join(dir, 'only-links', 'a.trust-provider.yaml'));
    symlinkSync(join(elsewhere, 'outside.trust-provider.yaml'), join(dir, 'only-links', 'b.trust-provider.yaml'));

    mkdirSync(join(dir, 'links', 'real'), { recursive: true });
    writeFileSync(join(dir, 'links', 'real', 'x.trust-provider.yaml'), GOOD);
    writeFileSync(join(dir, 'links', 'real', 'plain.yaml'), `# verified-identity: trust-provider\n${GOOD}`);
    symlinkSync('real/x.trust-provider.yaml', join(dir, 'links', 'y.trust-provider.yaml'));
    symlinkSync('real/plain.yaml', join(dir, 'links', 'modeline.yaml'));
    symlinkSync('real', join(dir, 'links', 'sub'));
    symlinkSync('nowhere.trust-provider.yaml', join(dir, 'links', 'broken.trust-provider.yaml'));
    symlinkSync('real/plain.yaml', join(dir, 'links', 'notes.md'));

    let deep = join(dir, 'deep');
    mkdirSync(deep);
    writeFileSync(join(deep, 'top.trust-provider.yaml'), GOOD);
    for (let i = 0; i < 70; i++) deep = join(deep, 'd');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'bottom.trust-provider.yaml'), GOOD);

    const fd = openSync(join(dir, 'big.trust-provider.yaml'), 'w');
    ftruncateSync(fd, LIMITS.maxFileBytes + 1); // sparse: nothing is written
    closeSync(fd);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('a link to /dev/zero named explicitly is refused without reading it; the next file is still checked', () => {
    const r = runBin(['validate', '--format', 'json', 'zero.trust-provider.json', 'good.trust-provider.yaml'], dir);
    assert.equal(r.code, 2, r.err);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => [f.file, f.error]),
      [
        ['zero.trust-provider.json', 'not a regular file (a character device): not read'],
        ['good.trust-provider.yaml', undefined],
      ],
    );
    assert.equal(j.files[1].kind, 'trust-provider');
  });

  it('a FIFO named explicitly is refused without blocking on it', () => {
    const r = runBin(['validate', 'fifo.trust-provider.yaml', 'good.trust-provider.yaml'], dir);
    assert.equal(r.code, 2, r.err);
    assert.match(r.out, /^fifo\.trust-provider\.yaml: error not a regular file \(a FIFO\): not read$/m);
    assert.match(r.out, /^2 files checked: 0 errors, 0 warnings; 1 file could not be checked$/m);
  });

  it('a walk reports FIFOs and links to devices under request file names, and checks the rest', () => {
    const r = runBin(['validate', '--format', 'json', 'special'], dir);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => f.file),
      ['special/ok.trust-provider.yaml'],
    );
    assert.deepEqual(j.skipped, [
      { path: 'special/pipe.trust-provider.yaml', reason: 'not a regular file (a FIFO): not read' },
      { path: 'special/pipe.yaml', reason: 'not a regular file (a FIFO): not read' },
      { path: 'special/to-pipe.trust-provider.yaml', reason: 'symbolic link to a FIFO: not read' },
      {
        path: 'special/zero.trust-provider.json',
        reason: 'symbolic link that leads outside the walked directory: not followed',
      },
    ]);
    const text = runBin(['validate', 'special'], dir);
    assert.equal(text.code, 0);
    assert.match(text.out, /^special\/pipe\.trust-provider\.yaml: skipped not a regular file \(a FIFO\): not read$/m);
    assert.match(text.out, /^1 file checked: 0 errors, 0 warnings; 4 paths skipped$/m);
  });

  it('a directory of links that lead outside it checks nothing: exit 2, with every link reported', async () => {
    const r = await run(['validate', '--format', 'json', 'only-links'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /nothing checked: every path found was skipped/);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(j.files, []);
    assert.deepEqual(
      j.skipped?.map(s => [s.path, s.reason]),
      [
        ['only-links/a.trust-provider.yaml', 'symbolic link that leads outside the walked directory: not followed'],
        ['only-links/b.trust-provider.yaml', 'symbolic link that leads outside the walked directory: not followed'],
      ],
    );
    const empty = mkdtempSync(join(tmpdir(), 'vi-cli-empty-'));
    try {
      const none = await run(['validate', '.'], empty);
      assert.equal(none.code, 2);
      assert.match(none.err, /no request files found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('links to files inside the walked directory are followed; links to directories and broken links are reported', async () => {
    const r = await run(['validate', '--format', 'json', 'links'], dir);
    assert.equal(r.code, 0, r.out);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => [f.file, f.kind]),
      [
        ['links/modeline.yaml', 'trust-provider'],
        ['links/real/plain.yaml', 'trust-provider'],
        ['links/real/x.trust-provider.yaml', 'trust-provider'],
        ['links/y.trust-provider.yaml', 'trust-provider'],
      ],
    );
    assert.deepEqual(
      j.skipped?.map(s => [s.path, s.reason]),
      [
        ['links/broken.trust-provider.yaml', 'broken symbolic link (no such file or directory): not followed'],
        ['links/sub', 'symbolic link to a directory: not followed'],
      ],
    );
  });

  it('directories deeper than the walk limit are reported, in text and JSON', async () => {
    const j = JSON.parse((await run(['validate', '--format', 'json', 'deep'], dir)).out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => f.file),
      ['deep/top.trust-provider.yaml'],
    );
    assert.equal(j.skipped?.length, 1);
    assert.equal(j.skipped[0].path, `deep/${Array<string>(65).fill('d').join('/')}`);
    assert.equal(j.skipped[0].reason, 'more than 64 directories deep below the named directory: not walked');
    const text = await run(['validate', 'deep'], dir);
    assert.equal(text.code, 0);
    assert.match(text.out, /^deep\/(d\/){64}d: skipped more than 64 directories deep/m);
  });

  it('a file over the size limit is refused without reading it', async () => {
    const r = await run(['validate', 'big.trust-provider.yaml', 'good.trust-provider.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.out,
      /^big\.trust-provider\.yaml: error 2,097,153 bytes, over the 2 MB \(2,097,152 bytes\) limit for request files: not read$/m,
    );
    assert.match(r.out, /^2 files checked: 0 errors, 0 warnings; 1 file could not be checked$/m);
  });

  it('a path that does not exist is reported as that file’s error, and the other paths are still checked', async () => {
    const r = await run(
      ['validate', '--format', 'json', 'missing.trust-provider.yaml', 'good.trust-provider.yaml'],
      dir,
    );
    assert.equal(r.code, 2);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => [f.file, f.error]),
      [
        ['missing.trust-provider.yaml', 'no such file or directory'],
        ['good.trust-provider.yaml', undefined],
      ],
    );
  });

  it('a --cedar-schema that is not a regular file stops the run before anything is read', async () => {
    const r = await run(['validate', '--cedar-schema', 'fifo.trust-provider.yaml', 'good.trust-provider.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /Cedar schema fifo\.trust-provider\.yaml: a FIFO, not a schema file/);
  });
});

describe('CLI: the reader and the text output', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'vi-cli-reader-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file up to the limit, refuses one byte more, and reads files whose stat says 0 bytes', () => {
    writeFileSync(join(dir, 'five'), '12345');
    assert.deepEqual(readRequestFile(join(dir, 'five'), 5), { text: '12345' });
    assert.deepEqual(readRequestFile(join(dir, 'five'), 4), {
      error: '5 bytes, over the 0 MB (4 bytes) limit for request files: not read',
    });
    const proc = readRequestFile('/proc/self/status');
    assert.ok('text' in proc && proc.text.startsWith('Name:'), JSON.stringify(proc).slice(0, 200));
    assert.deepEqual(readRequestFile(dir), { error: 'not a regular file (a directory): not read' });
  });

  it('control characters in file names are shown escaped, never sent to the terminal', async () => {
    const name = 'esc\u001b[2J\nx.trust-provider.yaml';
    writeFileSync(join(dir, name), `${GOOD}DryRun: true\n`);
    const r = await run(['validate', name], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /^esc\\u001b\[2J\\u000ax\.trust-provider\.yaml:4:9: warning /m);
    assert.ok(!r.out.includes('\u001b'), 'an escape character reached the output');
  });
});

describe('CLI: a file whose check throws', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-throws-'));
    writeFileSync(join(dir, 'good.trust-provider.yaml'), GOOD);
    writeFileSync(join(dir, 'huge.trust-provider.json'), manyUnknownMembers(140_000));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('140,000 unknown members in one file: both files are reported', async function () {
    this.timeout(120_000);
    const r = await run(['validate', '--format', 'json', 'huge.trust-provider.json', 'good.trust-provider.yaml'], dir);
    const j = JSON.parse(r.out) as JsonReport;
    assert.deepEqual(
      j.files.map(f => f.file),
      ['huge.trust-provider.json', 'good.trust-provider.yaml'],
    );
    // Whether the service copes with this file is its own matter: here it must be reported either way.
    const huge = j.files[0];
    assert.ok(
      huge.error?.startsWith('internal error while checking this file') || huge.diagnostics.length > 0,
      JSON.stringify(huge).slice(0, 300),
    );
    assert.equal(r.code, huge.error ? 2 : 1);
    assert.deepEqual(j.files[1], { file: 'good.trust-provider.yaml', kind: 'trust-provider', diagnostics: [] });
  });

  it('worker threads report every file too, each in its place', function () {
    this.timeout(120_000);
    const many = mkdtempSync(join(tmpdir(), 'vi-cli-throws-many-'));
    try {
      for (let i = 0; i < 320; i++) {
        const name = `p${String(i).padStart(3, '0')}.trust-provider`;
        // Files are dealt round-robin: p000 to the main thread, p001 to the first worker. A worker's stack is larger
        // than the main thread's, so only p000 made the service's check throw before it stopped copying findings.
        if (i < 2) writeFileSync(join(many, `${name}.json`), manyUnknownMembers(140_000));
        else writeFileSync(join(many, `${name}.yaml`), GOOD);
      }
      const r = runBin(['validate', '--format', 'json', '.'], many, { VI_CLI_WORKERS: '2' }, 100_000);
      const j = JSON.parse(r.out) as JsonReport;
      assert.equal(j.files.length, 320);
      for (const huge of j.files.slice(0, 2)) {
        assert.match(huge.file, /^p00[01]\.trust-provider\.json$/);
        assert.ok(huge.error !== undefined || huge.diagnostics.length > 0);
      }
      assert.equal(r.code, j.files[0].error || j.files[1].error ? 2 : 1, r.err);
      for (const [i, f] of j.files.entries()) {
        if (i < 2) continue;
        assert.equal(f.file, `p${String(i).padStart(3, '0')}.trust-provider.yaml`);
        assert.deepEqual([f.kind, f.diagnostics, f.error], ['trust-provider', [], undefined], f.file);
      }
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});
