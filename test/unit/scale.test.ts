/**
 * No finding count or document count breaks the service: nothing spreads an input-sized array into a call (the
 * stack holds about 120,000 arguments), and per-document look-ups are by index, not by search. Times are measured
 * in the benchmark (`npm run bench`), not here.
 */
import * as assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/service';

const service = createLanguageService({ isLikelyCommitted: () => true });

/** A trust provider with `n` unknown members, as one line of JSON (1.35 MB for 140,000). */
function unknownMembers(n: number): string {
  const parts = ['"TrustProviderType":"user"', '"UserTrustProviderType":"oidc"', '"PolicyReferenceName":"x"'];
  for (let i = 0; i < n; i++) parts.push(`"u${i.toString(36)}":1`);
  return `{${parts.join(',')}}`;
}

describe('scale: findings and documents', function () {
  // Large inputs on a shared machine: a generous limit (how long they take is the benchmark's business).
  this.timeout(120_000);

  it('140,000 findings in one file: the first 500 in text order, then one summary', () => {
    const text = unknownMembers(140_000);
    const file = service.analyze({ uri: 'file:///ws/many.trust-provider.json', text })!;
    const diagnostics = service.validate(file);
    assert.equal(diagnostics.length, 501);
    const shown = diagnostics.slice(0, 500);
    assert.ok(shown.every((d, i) => i === 0 || shown[i - 1].offset <= d.offset));
    const unknown = shown.filter(d => d.code === 'unknown-member');
    assert.ok(unknown.length >= 495, shown.map(d => d.code).join());
    assert.equal(unknown[0].path, 'u0');
    const summary = diagnostics[500];
    assert.equal(summary.code, 'too-many-problems');
    const total = file.results().reduce((n, r) => n + r.findings.length, 0);
    assert.ok(total > 140_000);
    assert.equal(summary.message, `${total - 500} more problems are not shown (at most 500 per file).`);
    // The features work on the same file.
    const at = file.lines.positionAt(text.indexOf('"u0"') + 1);
    const titles = service.codeActions(file, { start: at, end: at }).map(a => a.title);
    assert.ok(titles.includes("Remove 'u0'"), titles.join('\n').slice(0, 500));
    assert.ok(service.symbols(file).length > 0);
  });

  it('140,000 duplicate keys', () => {
    const text = `{${Array.from({ length: 140_000 }, () => '"a":1').join(',')}}`;
    const file = service.analyze({ uri: 'file:///ws/dup.trust-provider.json', text })!;
    const diagnostics = service.validate(file);
    assert.equal(diagnostics.length, 501);
    assert.ok(diagnostics.slice(0, 500).some(d => d.code === 'duplicate-key'));
  });

  it('a stream of 100,000 documents: symbols, hover, code actions, request input and semantic checks', async () => {
    const n = 100_000;
    const text = Array.from({ length: n }, (_, i) => `DryRun: ${i}\n`).join('---\n'); // 1.4 MB
    const file = service.analyze({ uri: 'file:///ws/stream.trust-provider.yaml', text })!;
    const diagnostics = service.validate(file);
    assert.equal(diagnostics.length, 501);
    const symbols = service.symbols(file);
    assert.equal(symbols.length, n);
    assert.equal(symbols[n - 1].name, `Document ${n}`);
    assert.equal(symbols[n - 1].detail, 'trust-provider');
    const lastLine = file.lines.lineCount - 2;
    const hover = service.hover(file, { line: lastLine, character: 1 });
    assert.match(hover?.markdown ?? '', /DryRun/);
    assert.ok(
      diagnostics.some(d => d.code === 'wrong-type' && d.path === 'DryRun'),
      diagnostics[0].code,
    );
    // Quick fixes come from the diagnostics shown, so from the first 500.
    const actions = service.codeActions(file, { start: { line: 1, character: 8 }, end: { line: 1, character: 8 } });
    assert.ok(actions.length > 0);
    assert.deepEqual(service.requestInput(file, n - 1), { DryRun: n - 1 });
    assert.deepEqual(await service.validateSemantic(file), []);
  });
});
