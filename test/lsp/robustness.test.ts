import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { TRUST_PROVIDER_YAML } from './fixtures';

/** A deterministic pseudo-random sequence (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEATURE_REQUESTS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/documentSymbol',
  'textDocument/codeAction',
];

function featureParams(method: string, uri: string, position: unknown): unknown {
  if (method === 'textDocument/documentSymbol') return { textDocument: { uri } };
  if (method === 'textDocument/codeAction')
    return { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } };
  return { textDocument: { uri }, position };
}

describe('LSP: hostile input never kills the server', () => {
  let client: TestClient;
  beforeEach(async () => (client = await TestClient.start()));
  afterEach(async () => {
    assert.ok(await client.answers(), `server still answers (stderr: ${client.stderr.slice(0, 500)})`);
    await client.stop();
  });

  it('binary content, a 5 MB file and deep nesting get one diagnostic each', async () => {
    const binary = 'file:///ws/bin.trust-provider.yaml';
    await client.open(binary, `TrustProviderType: user\n\u0000\u0001\u0002${'\u0000'.repeat(1000)}`);
    assert.equal((await client.waitForDiagnostics(binary)).diagnostics[0]?.code, 'binary');

    const huge = 'file:///ws/huge.trust-provider.json';
    await client.open(huge, `{"Description": "${'x'.repeat(5 * 1024 * 1024)}"}`);
    assert.equal((await client.waitForDiagnostics(huge)).diagnostics[0]?.code, 'too-large');

    const deepJson = 'file:///ws/deep.trust-provider.json';
    await client.open(deepJson, '['.repeat(100_000));
    assert.equal((await client.waitForDiagnostics(deepJson)).diagnostics[0]?.code, 'too-deep');

    const deepYaml = 'file:///ws/deep.trust-provider.yaml';
    await client.open(deepYaml, Array.from({ length: 1400 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n'));
    const { diagnostics } = await client.waitForDiagnostics(deepYaml, undefined, 20_000);
    assert.ok(diagnostics.some(d => d.code === 'too-deep'));

    const bomb = 'file:///ws/bomb.trust-provider.yaml';
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    await client.open(bomb, lines.join('\n'));
    assert.ok((await client.waitForDiagnostics(bomb)).diagnostics.some(d => d.code === 'alias-limit'));

    for (const uri of [binary, huge, deepJson, deepYaml, bomb]) {
      for (const method of FEATURE_REQUESTS)
        await client.request(method, featureParams(method, uri, { line: 0, character: 1 }));
    }
  });

  it('random incremental edits, including out-of-range and malformed changes', async () => {
    const uri = 'file:///ws/fuzz.trust-provider.yaml';
    const next = random(42);
    await client.open(uri, TRUST_PROVIDER_YAML);
    const alphabet = [
      'a',
      ':',
      ' ',
      '\n',
      '-',
      '"',
      '{',
      '}',
      '[',
      ']',
      '&x',
      '*x',
      '\u0000',
      '😀',
      '\r\n',
      '#',
      "'",
      '\t',
      '---\n',
    ];
    for (let i = 0; i < 300; i++) {
      const pos = () => ({ line: Math.floor(next() * 40) - 5, character: Math.floor(next() * 60) - 5 });
      const text = Array.from(
        { length: Math.floor(next() * 4) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      const r = next();
      const change =
        r < 0.8
          ? { range: { start: pos(), end: pos() }, text }
          : r < 0.85
            ? { text: TRUST_PROVIDER_YAML }
            : r < 0.9
              ? { range: { start: { line: 'x', character: null }, end: pos() }, text }
              : r < 0.95
                ? { range: { start: pos(), end: pos() } }
                : {
                    range: {
                      start: { line: 1e12, character: -1e12 },
                      end: { line: Number.MAX_SAFE_INTEGER, character: 0 },
                    },
                    text,
                  };
      await client.change(uri, [change as never]);
      if (i % 7 === 0) {
        const method = FEATURE_REQUESTS[i % FEATURE_REQUESTS.length];
        await client.request(method, featureParams(method, uri, pos()));
      }
    }
    const final = await client.waitForDiagnostics(uri, undefined, 10_000);
    assert.equal(final.version, client.version(uri));
  });

  it('requests for unknown documents, before didOpen, after close; double open and close; malformed params', async () => {
    const uri = 'file:///ws/ghost.trust-provider.yaml';
    const position = { line: 0, character: 0 };
    for (const method of FEATURE_REQUESTS)
      assert.equal(await client.request(method, featureParams(method, uri, position)), null);
    assert.equal(await client.request('verifiedIdentity/documentInfo', { uri }), null);
    assert.equal(await client.request('verifiedIdentity/requestPayload', { uri }), null);
    assert.equal(await client.request('verifiedIdentity/requestPayload', { uri: 'file:///etc' }), null);
    await client.change(uri, [{ text: 'TrustProviderType: user\n' }]);
    await client.close(uri);
    await client.open(uri, TRUST_PROVIDER_YAML);
    await client.open(uri, TRUST_PROVIDER_YAML, 'yaml', 5);
    await client.close(uri);
    await client.close(uri);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///ws/x.trust-provider.yaml' },
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri },
      contentChanges: 'nope',
    });
    await client.connection.sendNotification('textDocument/didClose', {});
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { verifiedIdentity: { files: 'nope' } },
    });
    await client.connection.sendNotification('verifiedIdentity/didChangeTrust', { trusted: 'maybe' });
    const weird: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri }, position: 'here' }],
      ['textDocument/completion', {}],
      [
        'textDocument/codeAction',
        { textDocument: { uri: 'file:///ws/x.trust-provider.yaml' }, range: null, context: { diagnostics: [null, 5] } },
      ],
      ['completionItem/resolve', { label: 'x', data: { uri, version: 'a', index: -1 } }],
      ['verifiedIdentity/validateFiles', { uris: 'all' }],
      ['verifiedIdentity/templates', null],
      ['textDocument/diagnostic', { textDocument: {} }],
    ];
    for (const [method, params] of weird) {
      await client.request(method, params).catch((e: { code?: number }) => assert.ok(typeof e.code === 'number'));
    }
    // A handler that fails on its input logs the failure and answers empty.
    const broken = { textDocument: { uri: 'file:///ws/x.trust-provider.yaml' }, range: null, context: {} };
    assert.equal(await client.request('textDocument/codeAction', broken), null);
    await client.until(
      () => client.logs.some(l => l.type === 1 && /^textDocument\/codeAction failed: /.test(l.message)),
      'the failure in the log',
    );
    await assert.rejects(
      client.request('verifiedIdentity/noSuchMethod', {}),
      (e: { code?: number }) => e.code === -32601,
    );
  });

  it('honours cancellation', async () => {
    const uri = 'file:///ws/big.trust-provider.yaml';
    const text = Array.from({ length: 300 }, (_, i) => `${TRUST_PROVIDER_YAML.replace('idp', `idp${i}`)}---`).join(
      '\n',
    );
    await client.open(uri, text);
    for (const method of FEATURE_REQUESTS) {
      // A fresh version keeps the server busy parsing while the cancelled request waits in its queue.
      await client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' },
      ]);
      const busy = client.request('textDocument/documentSymbol', { textDocument: { uri } });
      const source = new CancellationTokenSource();
      const pending = client.request(method, featureParams(method, uri, { line: 3, character: 2 }), source);
      source.cancel();
      await assert.rejects(pending, (e: { code?: number }) => e.code === -32800, `${method}: RequestCancelled`);
      assert.ok(Array.isArray(await busy));
    }
  });
});
