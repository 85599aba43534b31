/**
 * check.ts keeps one file's failure to that file: a check that throws, in the main thread or in a worker, and a worker
 * thread that stops halfway all end as reports, every file in its place.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAll, checkSerial, hostFor, type ValidateCommand } from '../../server/src/cli/check';
import type { Found } from '../../server/src/cli/walk';
import { createLanguageService, type LanguageService } from '../../server/src/service';

const GOOD = 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n';
const CMD: ValidateCommand = {
  command: 'validate',
  format: 'json',
  paths: ['.'],
  color: false,
  online: false,
  allowLoopback: false,
};

describe('CLI: one file’s failure stays with that file', () => {
  let dir: string;
  let files: Found[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-check-'));
    files = [];
    for (let i = 0; i < 300; i++) {
      const path = join(dir, `p${String(i).padStart(3, '0')}.trust-provider.yaml`);
      writeFileSync(path, GOOD);
      files.push({ path, explicit: false });
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a check that throws becomes that file’s error; the next files get a new service and are checked', async () => {
    let made = 0;
    const makeService = (): LanguageService => {
      made++;
      const real = createLanguageService(hostFor(CMD, dir, 'test'));
      return {
        ...real,
        validate: file => {
          if (file.uri.endsWith('p001.trust-provider.yaml')) throw new RangeError('Maximum call stack size exceeded');
          return real.validate(file);
        },
      };
    };
    const reports = await checkSerial(files.slice(0, 3), CMD, dir, 'test', makeService);
    assert.deepEqual(
      reports.map(r => [r.file, r.kind, r.error]),
      [
        ['p000.trust-provider.yaml', 'trust-provider', undefined],
        [
          'p001.trust-provider.yaml',
          null,
          'internal error while checking this file (RangeError: Maximum call stack size exceeded); the other files were checked',
        ],
        ['p002.trust-provider.yaml', 'trust-provider', undefined],
      ],
    );
    assert.equal(made, 2);
  });

  it('a worker thread that stops: the file it had started is its error, the files it never started are checked here', async () => {
    // A stand-in for the CLI module in the worker: it reports its first file, starts the second and dies.
    const script = join(dir, 'dying-worker.js');
    writeFileSync(
      script,
      `const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage({ start: 0 });
parentPort.postMessage({ done: 0, report: { file: 'from the worker', path: workerData.files[0].path, kind: 'trust-provider', diagnostics: [] } });
parentPort.postMessage({ start: 1 });
throw new TypeError('worker died');
`,
    );
    const saved = process.env.VI_CLI_WORKERS;
    process.env.VI_CLI_WORKERS = '1';
    try {
      const reports = await checkAll(files, CMD, dir, 'test', script);
      assert.equal(reports.length, 300);
      // Two shares: the main thread has the even files, the worker the odd ones.
      assert.equal(reports[1].file, 'from the worker');
      assert.equal(
        reports[3].error,
        'internal error: the worker thread checking this file stopped (TypeError: worker died); the other files were checked',
      );
      for (const [i, r] of reports.entries()) {
        if (i === 1 || i === 3) continue;
        assert.deepEqual(
          [r.file, r.kind, r.error],
          [`p${String(i).padStart(3, '0')}.trust-provider.yaml`, 'trust-provider', undefined],
        );
      }
    } finally {
      if (saved === undefined) delete process.env.VI_CLI_WORKERS;
      else process.env.VI_CLI_WORKERS = saved;
    }
  });

  it('a worker script that cannot start leaves every file of its share to the main thread', async () => {
    const saved = process.env.VI_CLI_WORKERS;
    process.env.VI_CLI_WORKERS = '1';
    try {
      const reports = await checkAll(files, CMD, dir, 'test', join(dir, 'no-such-worker.js'));
      assert.equal(reports.length, 300);
      for (const [i, r] of reports.entries()) {
        assert.deepEqual(
          [r.file, r.kind, r.error],
          [`p${String(i).padStart(3, '0')}.trust-provider.yaml`, 'trust-provider', undefined],
        );
      }
    } finally {
      if (saved === undefined) delete process.env.VI_CLI_WORKERS;
      else process.env.VI_CLI_WORKERS = saved;
    }
  });
});
