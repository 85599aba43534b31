/**
 * The Cedar engine survives hostile schemas: Cedar's recursive parser overflows the WebAssembly stack on a schema
 * nested a few thousand levels deep and the instance is then broken for every later call. Deep schemas are refused
 * before Cedar sees them (with a position, never the text), a call that throws anyway gets a fresh instance, and the
 * next schema is checked as usual.
 */
import * as assert from 'node:assert/strict';
import { MAX_NESTING, cedarNestingExceeds, loadCedar } from '../../server/src/host/cedar-engine';

const GOOD = 'namespace MyCorp { entity Group; entity User in [Group]; }';
const deepHuman = (n: number) => `entity User { a: ${'Set<'.repeat(n)}Long${'>'.repeat(n)} };`;
const deepJson = (n: number) => {
  let o: unknown = { type: 'Long' };
  for (let i = 0; i < n; i++) o = { type: 'Set', element: o };
  return JSON.stringify({
    '': { entityTypes: { User: { shape: { type: 'Record', attributes: { a: o } } } }, actions: {} },
  });
};

describe('Cedar engine: hostile schemas', () => {
  it('refuses a schema nested deeper than the limit, with a position and without its text, and keeps working', async () => {
    const cedar = await loadCedar();
    for (const [text, format] of [
      [deepHuman(3000), 'cedar'],
      [deepJson(3000), 'json'],
      [deepJson(150), 'json'],
    ] as const) {
      const r = cedar.parseSchema(text, format);
      assert.equal(r.ok, false);
      if (r.ok) continue;
      assert.match(r.errors[0].message, /nested more than 64 levels/);
      assert.equal(r.errors[0].line, 1);
      assert.ok(!JSON.stringify(r.errors).includes('Set<'), 'no schema text in the error');
      assert.equal(cedar.parseSchema(GOOD, 'cedar').ok, true, 'the next schema is checked as usual');
    }
  });

  it('accepts schemas nested up to the limit', async () => {
    const cedar = await loadCedar();
    assert.equal(cedar.parseSchema(deepHuman(MAX_NESTING - 2), 'cedar').ok, true);
    assert.equal(cedar.parseSchema(deepJson(20), 'json').ok, true);
  });

  it('replaces an instance that a call broke, and reports the schema as unreadable without its text', async () => {
    const cedar = await loadCedar();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@cedar-policy/cedar-wasm/nodejs') as { checkParseSchema: (s: unknown) => unknown };
    const original = wasm.checkParseSchema;
    wasm.checkParseSchema = () => {
      throw new RangeError('memory access out of bounds');
    };
    try {
      const broken = cedar.parseSchema(GOOD, 'cedar');
      assert.equal(broken.ok, false);
      if (!broken.ok) assert.match(broken.errors[0].message, /could not be read by Cedar/);
    } finally {
      wasm.checkParseSchema = original;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.notEqual(require('@cedar-policy/cedar-wasm/nodejs'), wasm, 'a new instance was loaded');
    assert.equal(cedar.parseSchema(GOOD, 'cedar').ok, true);
  });

  it('counts nesting outside strings and comments only', () => {
    assert.equal(cedarNestingExceeds('entity "<<<<" { } // <<<<<<<<', 2), undefined);
    assert.equal(cedarNestingExceeds('entity A { a: Set<Set<Long>> };', 2), 21);
  });
});
