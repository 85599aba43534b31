/**
 * The stdio transport's encoder writes large answers in pieces (server/src/lsp/json-encoder.ts): its bytes must be
 * exactly those of `JSON.stringify`, for every shape an answer can take — what JSON leaves out or turns into null,
 * `toJSON`, non-ASCII text (multi-byte UTF-8, surrogate pairs), nesting deeper than the pieces go.
 */
import * as assert from 'node:assert/strict';
import type { Message } from 'vscode-languageserver/node';
import { encodeMessage } from '../../server/src/lsp/json-encoder';

function same(message: unknown): void {
  const expected = Buffer.from(JSON.stringify(message), 'utf8');
  const actual = encodeMessage(message as Message);
  assert.equal(actual.length, expected.length);
  assert.ok(actual.equals(expected), actual.toString('utf8').slice(0, 200));
}

const range = (l: number) => ({ start: { line: l, character: 0 }, end: { line: l, character: 9 } });

function outline(docs: number): unknown[] {
  return Array.from({ length: docs }, (_, d) => ({
    name: `Document ${d + 1}`,
    detail: d % 3 ? 'trust-provider' : undefined,
    kind: 2,
    range: range(d),
    selectionRange: range(d),
    children: Array.from({ length: 5 }, (_, c) => ({
      name: c === 2 ? 'Beschreibung — ünïcödé 🔑' : `Key${c}`,
      kind: 7,
      range: range(d + c),
      selectionRange: range(d + c),
      ...(c % 2 ? { children: [{ name: `[${c}]`, kind: 18, range: range(c), selectionRange: range(c) }] } : {}),
    })),
  }));
}

describe('LSP JSON encoder (stdio)', () => {
  it('writes a large outline byte for byte as JSON.stringify', () => {
    same({ jsonrpc: '2.0', id: 7, result: outline(300) });
    same({ jsonrpc: '2.0', id: 'req-1', result: outline(64) });
  });

  it('keeps JSON.stringify semantics for what JSON leaves out, toJSON and odd items', () => {
    const items: unknown[] = Array.from({ length: 70 }, (_, i) => i);
    items.push(undefined, null, () => 1, Symbol('s'), 'a"b\\c\n', new Date(0), { toJSON: () => 'as json' });
    items.push({ a: undefined, b: () => 1, c: [undefined, { d: new Map(), e: Number.NaN }], '': 'empty key' });
    items.push(Object.assign(Object.create(null) as object, { bare: true }), [[[['deep']]]], '\u{1F511}', '\uD800');
    same({ jsonrpc: '2.0', id: 1, result: items });
  });

  it('encodes small answers, notifications and errors as the library does', () => {
    same({ jsonrpc: '2.0', id: 2, result: outline(3) });
    same({ jsonrpc: '2.0', id: 3, result: null });
    same({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', diagnostics: [] } });
    same({ jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'The server is shut down.' } });
    same({ jsonrpc: '2.0', id: 5, result: outline(100), extra: 1 });
  });
});
