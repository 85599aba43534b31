/**
 * Work nobody waits for any more ends quietly: a request that gave up before its analysis started (the document
 * changed while it fetched settings), and then the revision superseded, leaves no unhandled rejection behind — on
 * the server's thread (`scheduler.ts`, `analysis.ts`) and in the worker (`worker-client.ts`). The server logs every
 * unhandled rejection as an error (`server.ts`).
 */
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { LocalAnalysis } from '../../server/src/lsp/analysis';
import type { Log } from '../../server/src/lsp/log';
import { AbortedError, Cancelled, Scheduler, unlessAborted } from '../../server/src/lsp/scheduler';
import { WorkerClient } from '../../server/src/lsp/worker-client';
import { createLanguageService } from '../../server/src/service';
import { yamlStream } from '../lsp/fixtures';

const SCRIPT = resolve(__dirname, '..', '..', 'server', 'src', 'server.js');
const service = createLanguageService({ isLikelyCommitted: () => false });
const log: Log = { error: () => undefined, info: () => undefined, trace: () => undefined, level: 'off' };

/** One turn of the event loop: rejections left unhandled by the turns before it have been reported. */
const turn = () => new Promise(r => setImmediate(r));

function given(): AbortSignal {
  const abort = new AbortController();
  abort.abort();
  return abort.signal;
}

describe('abandoned analyses', () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('unlessAborted with a signal aborted already observes the promise it stops waiting for', async () => {
    let reject: (e: unknown) => void = () => undefined;
    const work = new Promise<void>((_, r) => (reject = r));
    await assert.rejects(unlessAborted(work, given()), AbortedError);
    reject(new Cancelled());
    await turn();
    assert.deepEqual(unhandled, []);
  });

  it('in slices: given up before it started, then superseded: dropped without an unhandled rejection', async () => {
    const scheduler = new Scheduler();
    const file = service.analyze({ uri: 'file:///ws/a.trust-provider.yaml', text: yamlStream(20_000) })!;
    const analysis = new LocalAnalysis(file, 1, () => service, scheduler);
    await assert.rejects(analysis.diagnostics(given()), AbortedError);
    analysis.dispose(); // a newer revision arrived
    // Jobs take turns in order: once one queued behind it has run, the dropped analysis was rejected.
    await scheduler.run([undefined][Symbol.iterator](), () => true);
    await turn();
    assert.deepEqual(unhandled, []);
    // Asked for again (a request about this revision still comes in): it starts over and answers.
    assert.deepEqual(await analysis.diagnostics(), service.validate(file));
  });

  it('in the worker: a call given up before it was sent, for a superseded revision: no unhandled rejection', async () => {
    const worker = new WorkerClient(SCRIPT, log);
    try {
      const input = { uri: 'file:///ws/b.trust-provider.yaml', text: 'DryRun: true\n', files: {}, committed: false };
      await worker.analyze('b', 1, input);
      worker.forget('b', 2); // revision 2 arrived
      await assert.rejects(worker.call('b', 1, 'diagnostics', [], given()), AbortedError);
      // The worker answers in order: once a later request is answered, so was the one given up (`superseded`).
      await worker.analyze('c', 1, { ...input, uri: 'file:///ws/c.trust-provider.yaml' });
      await turn();
      assert.deepEqual(unhandled, []);
    } finally {
      await worker.stop();
    }
  });
});
