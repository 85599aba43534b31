/**
 * A full change while the text before it is still analyzed (in slices on the server's thread, or in the analysis
 * worker): a pull sent after the change describes the new text, exactly as the service does in this process, and a
 * pull sent before it describes the old text or the new one, never a mix. The new text is one the YAML library
 * nests thousands of levels deep (fuzzing seed 2026, case 677): its diagnostics once depended on the call stack the
 * parse ran on, so the worker (a 4 MB stack) answered for a longer part of the text than the service here.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { needsWorker } from '../../server/src/lsp/analysis';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { configureRuleDocs } from '../../server/src/lsp/rule-docs';
import { createLanguageService } from '../../server/src/service';
import { ROOT, TestClient } from './client';
import { colonlessList, manyTags, yamlStream } from './fixtures';

/** As the server sees these URIs: no `.git` above them, so not likely committed. */
const service = createLanguageService({ isLikelyCommitted: () => false });
// The server links each code to the docs/diagnostics.md shipped beside it; the expected diagnostics do the same.
configureRuleDocs(`${pathToFileURL(join(ROOT, 'docs', 'diagnostics.md')).href}#`);

function expected(uri: string, text: string): Diagnostic[] {
  return service.validate(service.analyze({ uri, text })!).map(toDiagnostic);
}

describe('LSP: a full change while the text before it is analyzed', function () {
  this.timeout(300_000);
  let client: TestClient;
  before(async () => (client = await TestClient.start({ pull: true })));
  after(async () => client.stop());

  const cases = [
    { where: 'in slices', uri: 'file:///ws/rev/slices.trust-provider.yaml', before: yamlStream(150_000), count: 1000 },
    { where: 'in the worker', uri: 'file:///ws/rev/worker.trust-provider.yaml', before: manyTags(3000), count: 3000 },
  ];
  for (const { where, uri, before, count } of cases) {
    it(`${where}: the pull describes the new text, as the service does`, async () => {
      const after = colonlessList(count);
      const worker = where === 'in the worker';
      assert.equal(needsWorker({ text: before, format: 'yaml' }), worker);
      assert.equal(needsWorker({ text: after, format: 'yaml' }), worker);
      await client.open(uri, before);
      const first = client.pull(uri); // the analysis of `before` starts
      await client.change(uri, [{ text: after }]);
      const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
      const now = expected(uri, after);
      assert.ok(now.some(d => d.code === 'too-deep'));
      assert.deepEqual(report.items, now);
      const earlier = (await first) as FullDocumentDiagnosticReport;
      if (earlier.resultId !== report.resultId) assert.deepEqual(earlier.items, expected(uri, before));
      else assert.deepEqual(earlier.items, now);
      await client.close(uri);
    });
  }
});
