/**
 * server/src/lsp/analysis.ts: an analysis asked for with a request that was already given up, then dropped, leaves
 * no unhandled rejection behind (the server logs one as an error; the LSP fuzz campaign found it).
 */
import * as assert from 'node:assert/strict';
import { LocalAnalysis } from '../../server/src/lsp/analysis';
import { Scheduler, givenUp } from '../../server/src/lsp/scheduler';
import { service } from './helpers';

const turn = () => new Promise<void>(resolve => setImmediate(resolve));

describe('LSP analysis on the server thread', () => {
  it('a request given up before it waited, then the analysis dropped: no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', record);
    try {
      const file = service.analyze({ uri: 'file:///w/a.trust-provider.yaml', text: 'TrustProviderType: user\n' })!;
      const analysis = new LocalAnalysis(file, 1, () => service, new Scheduler());
      const given = new AbortController();
      given.abort();
      await assert.rejects(analysis.ready(given.signal), (e: unknown) => givenUp(e));
      analysis.dispose();
      // The scheduler's next turn drops the job; the rejection would be reported right after.
      for (let i = 0; i < 5; i++) await turn();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
