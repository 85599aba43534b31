/**
 * Bad input never throws or hangs: each case ends in diagnostics or a clear refusal (SPEC: the language server must
 * never crash or hang on any input). `HANG_MS` only tells a hang from slow work on a loaded machine; how fast these
 * cases are is the benchmark's business (`npm run bench`), not this test's.
 */
import * as assert from 'node:assert/strict';
import { analyze, service } from './helpers';
import type { Diagnostic } from '../../server/src/service';

/** Far beyond any case's time on a quiet machine (tens of milliseconds): only a hang or runaway work reaches it. */
const HANG_MS = 15_000;

function timed(name: string, text: string): { diags: Diagnostic[]; ms: number } {
  const t0 = performance.now();
  const file = analyze(name, text);
  const diags = service.validate(file);
  // The features must survive the same input.
  const end = file.lines.positionAt(text.length);
  service.symbols(file);
  service.hover(file, end);
  service.complete(file, end);
  service.codeActions(file, { start: { line: 0, character: 0 }, end });
  return { diags, ms: performance.now() - t0 };
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('hostile input', () => {
  it('an empty file → empty-document', () => {
    for (const name of ['x.trust-provider.yaml', 'x.identity-source.json']) {
      const { diags, ms } = timed(name, '');
      assert.ok(ms < HANG_MS);
      assert.deepEqual(
        diags.map(d => d.code),
        ['empty-document'],
      );
    }
  });

  it('binary garbage → binary refusal', () => {
    const rnd = lcg(1);
    const text = Array.from({ length: 64 * 1024 }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    const { diags, ms } = timed('x.trust-provider.json', text);
    assert.ok(ms < HANG_MS, `${ms} ms`);
    assert.deepEqual(
      diags.map(d => d.code),
      ['binary'],
    );
  });

  it('printable garbage (no NUL) → syntax diagnostics, capped', () => {
    const rnd = lcg(2);
    for (const name of ['x.trust-provider.json', 'x.trust-provider.yaml']) {
      const text = Array.from({ length: 200_000 }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
      const { diags, ms } = timed(name, text);
      assert.ok(ms < HANG_MS, `${name}: ${ms} ms`);
      assert.ok(diags.length > 0 && diags.length <= 501, `${diags.length}`);
    }
  });

  it('a 5 MB YAML file → too-large refusal', () => {
    const text = 'TrustProviderType: user\nDescription: x\n'.repeat(140_000);
    assert.ok(text.length > 5_000_000);
    const { diags, ms } = timed('x.trust-provider.yaml', text);
    assert.ok(ms < HANG_MS, `${ms} ms`);
    assert.deepEqual(
      diags.map(d => [d.code, d.range.start.line]),
      [['too-large', 0]],
    );
    assert.match(diags[0].message, /5\.\d MB is over the 2 MB limit/);
  });

  it('10,000-deep nesting (JSON, YAML flow, YAML block sequences, YAML block mappings) → too-deep', () => {
    const cases: [string, string][] = [
      ['x.trust-provider.json', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
      ['x.trust-provider.yaml', 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000)],
      ['x.trust-provider.yaml', '- '.repeat(10_000) + 'x\n'],
      ['y.trust-provider.yaml', Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'],
    ];
    for (const [name, text] of cases) {
      const { diags, ms } = timed(name, text);
      assert.ok(ms < HANG_MS, `${name}: ${ms} ms`);
      assert.ok(
        diags.some(d => d.code === 'too-deep'),
        `${name}: ${diags.map(d => d.code).join(',')}`,
      );
    }
  });

  it('an alias bomb → alias-limit, quickly', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    const names = 'abcdefghij';
    for (let i = 1; i < 10; i++)
      text += `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]\n`;
    const { diags, ms } = timed('x.trust-provider.yaml', text);
    assert.ok(ms < HANG_MS, `${ms} ms`);
    assert.ok(diags.some(d => d.code === 'alias-limit'));
  });

  it('a 100,000-character line → checked normally', () => {
    const text = `TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDescription: ${'x'.repeat(100_000)}\n`;
    const { diags, ms } = timed('x.trust-provider.yaml', text);
    assert.ok(ms < HANG_MS, `${ms} ms`);
    assert.deepEqual(diags, []);
    const json = `{"TrustProviderType": "user", "PolicyReferenceName": "${'y'.repeat(100_000)}", "UserTrustProviderType": "iam-identity-center"}`;
    const r = timed('x.trust-provider.json', json);
    assert.ok(r.ms < HANG_MS);
    assert.deepEqual(r.diags, []);
  });

  it('more than 500 problems → capped with too-many-problems', () => {
    const text = Array.from({ length: 700 }, (_, i) => `Bogus${i}: 1`).join('\n');
    const { diags } = timed('x.trust-provider.yaml', text);
    assert.equal(diags.length, 501);
    assert.equal(diags[500].code, 'too-many-problems');
    assert.match(diags[500].message, /more problems are not shown/);
  });

  it('random edits of a valid file never throw', () => {
    const base =
      'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  Issuer: https://x\n  Scope: openid\nTagSpecifications:\n  - ResourceType: verified-access-trust-provider\n    Tags: [{Key: a, Value: b}]\n';
    const rnd = lcg(3);
    const alphabet = ' \n\t:-[]{}"\'#&*!|>,?%@`\\aZ0\u00e9\ud83d';
    for (let i = 0; i < 400; i++) {
      const pos = Math.floor(rnd() * base.length);
      const cut = Math.floor(rnd() * 5);
      const ins = Array.from(
        { length: Math.floor(rnd() * 4) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
      const text = base.slice(0, pos) + ins + base.slice(pos + cut);
      for (const name of ['x.trust-provider.yaml', 'x.trust-provider.json']) {
        const file = analyze(name, text);
        service.validate(file);
        const p = file.lines.positionAt(Math.floor(rnd() * text.length));
        service.complete(file, p);
        service.hover(file, p);
        service.codeActions(file, { start: p, end: p });
        service.symbols(file);
      }
    }
  });
});
