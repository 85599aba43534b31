/**
 * Fuzzing the language server in `npm test`: 200 seeded cases through two long-lived servers (one pushing
 * diagnostics, one pulled), opened whole or reached by full and incremental changes. The server must answer every
 * request, never exit, and report the service's own diagnostics for the final text. A failure names its seed and
 * index; `npm run fuzz -- --target server --seed S --index I` replays it.
 */
import * as assert from 'node:assert/strict';
import { describe as summary, runCampaign } from '../fuzz/campaign';
import { toChange } from '../fuzz/target-server';

describe('LSP: fuzzing', function () {
  this.timeout(180_000);

  it('200 mutated documents, opened and changed in every way, break no invariant and no server', async () => {
    const r = await runCampaign({ target: 'server', seed: 1, cases: 200 });
    console.log(`      ${summary(r).split('\n')[0]}`);
    assert.equal(r.failures.length, 0, summary(r));
    assert.equal(r.restarts, 0);
  });

  it('replays splices as changes an editor could send (never between CR and LF)', () => {
    const text = 'a: 1\r\nb: 2\r\n';
    assert.deepEqual(toChange(text, { start: 5, end: 5, text: 'x' }), {
      range: { start: { line: 0, character: 4 }, end: { line: 1, character: 0 } },
      text: '\rx\n',
    });
    assert.deepEqual(toChange(text, { start: 2, end: 5, text: '' }), {
      range: { start: { line: 0, character: 2 }, end: { line: 1, character: 0 } },
      text: '\n',
    });
  });
});
