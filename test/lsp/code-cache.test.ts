/**
 * The bundled server started with V8's code cache, as the extension starts it (server/src/boot/code-cache.ts): the
 * first server writes the cache once it has loaded, the next one starts from it (and leaves it alone), and a cache
 * damaged on disk costs nothing but a normal start.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from './client';
import { TRUST_PROVIDER_YAML } from './fixtures';

const URI = 'file:///ws/okta.trust-provider.yaml';

async function cacheFile(dir: string): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const names = readdirSync(dir).filter(n => /^server-main-[0-9a-f]{8}\.v8cache$/.test(n));
    if (names.length === 1) return join(dir, names[0]);
    if (Date.now() - t0 > 10_000) assert.fail(`no cache written in ${dir}: ${readdirSync(dir).join(', ')}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

/** A server on `dir`, a document opened, its diagnostics: the server works. */
async function works(dir: string): Promise<void> {
  const client = await TestClient.start({ env: { VERIFIED_IDENTITY_CODE_CACHE: dir } });
  try {
    await client.open(URI, TRUST_PROVIDER_YAML);
    assert.ok((await client.waitForDiagnostics(URI)).diagnostics.length > 0);
    assert.equal(client.stderr, '');
  } finally {
    await client.stop();
  }
}

describe('LSP: V8 code cache of the server bundle', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vi-lsp-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the first server writes it; the next starts from it and leaves it alone', async () => {
    await works(dir);
    const file = await cacheFile(dir);
    const first = statSync(file);
    assert.equal(first.mode & 0o777, 0o600);
    assert.ok(first.size > 100_000, `${first.size} bytes`);
    await works(dir);
    await new Promise(r => setTimeout(r, 200));
    const second = statSync(file);
    assert.deepEqual([second.ino, second.mtimeMs], [first.ino, first.mtimeMs], 'accepted, not written again');
  });

  it('a damaged cache: the server starts and works, and writes a good one', async () => {
    await works(dir);
    const file = await cacheFile(dir);
    const size = statSync(file).size;
    truncateSync(file, size >> 2);
    await works(dir);
    const t0 = Date.now();
    while (statSync(await cacheFile(dir)).size < size >> 1 && Date.now() - t0 < 10_000)
      await new Promise(r => setTimeout(r, 20));
    assert.ok(statSync(await cacheFile(dir)).size > size >> 1, 'a whole cache again');
  });
});
