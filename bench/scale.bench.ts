/**
 * Issue 11's numbers (no finding count, document count or edit rate degrades the language service and server):
 * - a burst of 1,000 one-character edits to a 5,000-line YAML file, sent as fast as the client can: time from the
 *   last edit to its diagnostics, push and pull, beside one edit → diagnostics on the same server; the burst may
 *   cost at most 50 ms more than one edit;
 * - a stream of 100,000 tiny documents against one of 10,000, in the server (open → diagnostics) and in the CLI:
 *   at most 12 × (linear, with room for noise);
 * - the longest the server keeps another document waiting while a large file is analyzed: round trips of a hover
 *   on a small document, back to back, from the large file's open (once written) until its diagnostics; ≤ 50 ms.
 *   Each round trip also holds the client's own work and the pipe, so this is an upper bound. A 250 KB YAML
 *   stream (analyzed in slices on the server's thread, whose longest slice the server also traces), and in the
 *   analysis worker a 2 MB YAML stream, a 1.8 MB JSON document and a 1 MB single YAML document.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient } from '../test/lsp/client';
import {
  TRUST_PROVIDER_YAML,
  largeIdentitySource,
  manyTags,
  positionOf,
  tinyDocuments,
  yamlStream,
} from '../test/lsp/fixtures';
import { median, result, type BenchResult } from './harness';

const BIG = 'file:///bench/scale/providers.trust-provider.yaml';
const SMALL = 'file:///bench/scale/okta.trust-provider.yaml';

/** A one-character edit (typed or deleted, alternately) in the middle of the 5,000-line file. */
function edit(i: number, at: { line: number; character: number }) {
  const typed = i % 2 === 0;
  return {
    range: { start: at, end: typed ? at : { line: at.line, character: at.character + 1 } },
    text: typed ? 'x' : '',
  };
}

async function diagnosticsOf(client: TestClient, uri: string, pull: boolean, version: number) {
  if (pull) {
    const report = (await client.pull(uri)) as FullDocumentDiagnosticReport;
    if (report.kind !== 'full') throw new Error('expected a full report');
  } else await client.waitForDiagnostics(uri, p => p.version === version, 60_000);
}

/** Last edit of a 1,000-edit burst → its diagnostics, and one edit → its diagnostics, on the same server. */
async function burst(pull: boolean, runs: number): Promise<{ burst: number[]; single: number[] }> {
  const out = { burst: [] as number[], single: [] as number[] };
  const text = yamlStream(150_000);
  const at = positionOf(text, 'TrustProviderType', 2);
  const client = await TestClient.start({ pull });
  try {
    await client.open(BIG, text);
    await diagnosticsOf(client, BIG, pull, 1);
    for (let run = 0; run < runs + 1; run++) {
      let t0 = performance.now();
      let version = await client.change(BIG, [edit(0, at)]);
      await diagnosticsOf(client, BIG, pull, version);
      const single = performance.now() - t0;
      for (let i = 1; i <= 1000; i++) {
        t0 = performance.now();
        version = await client.change(BIG, [edit(i, at)]);
      }
      await diagnosticsOf(client, BIG, pull, version);
      if (run > 0) {
        out.burst.push(performance.now() - t0);
        out.single.push(single);
      }
    }
  } finally {
    await client.stop();
  }
  return out;
}

/** Open a stream of `count` one-line documents → its diagnostics (push), on a fresh server. */
async function streamToDiagnostics(count: number, runs: number): Promise<number[]> {
  const text = tinyDocuments(count);
  const samples: number[] = [];
  const client = await TestClient.start();
  try {
    for (let i = 0; i < runs + 1; i++) {
      const uri = `file:///bench/scale/${i}/tiny.trust-provider.yaml`;
      const t0 = performance.now();
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, undefined, 300_000);
      if (i > 0) samples.push(performance.now() - t0);
      const cleared = client.nextDiagnostics(uri);
      await client.close(uri);
      await cleared;
    }
  } finally {
    await client.stop();
  }
  return samples;
}

function cliStream(count: number, runs: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'vi-bench-scale-'));
  const samples: number[] = [];
  try {
    writeFileSync(join(dir, 'tiny.trust-provider.yaml'), tinyDocuments(count));
    const cli = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
    for (let i = -1; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', 'tiny.trust-provider.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (i >= 0) samples.push(performance.now() - t0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`CLI exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

interface Wait {
  longest: number;
  analysis: number;
  hovers: number;
  /** The longest slice of the analysis by the server's own clock (from its trace; none in the worker). */
  slice?: number;
}

/** The longest round trip of a hover on a small document while `text` is opened and analyzed (push). */
async function longestWait(uri: string, text: string): Promise<Wait> {
  const client = await TestClient.start({ settings: () => ({ trace: { server: 'verbose' } }) });
  try {
    await client.open(SMALL, TRUST_PROVIDER_YAML);
    await client.waitForDiagnostics(SMALL);
    const position = positionOf(TRUST_PROVIDER_YAML, 'Issuer');
    const hover = () => client.request('textDocument/hover', { textDocument: { uri: SMALL }, position });
    for (let i = 0; i < 20; i++) await hover(); // warm: the timings below are of waiting, not of compiling
    let done = false;
    const t0 = performance.now();
    const analyzed = client.waitForDiagnostics(uri, undefined, 300_000).then(() => (done = true));
    // From when the message is written: before that, a hover would wait behind it on the wire.
    await client.open(uri, text);
    let longest = 0;
    let hovers = 0;
    while (!done) {
      const h0 = performance.now();
      await hover();
      longest = Math.max(longest, performance.now() - h0);
      hovers++;
    }
    await analyzed;
    const analysis = performance.now() - t0;
    const traced = () => client.logs.find(l => l.message.startsWith(`analysis ${uri} `))?.message;
    await client.until(() => traced() !== undefined, 'the trace line of the analysis', 10_000);
    const slice = / longest ([\d.]+) ms$/.exec(traced()!)?.[1]; // none in the worker
    return { longest, analysis, hovers, slice: slice === undefined ? undefined : Number(slice) };
  } finally {
    await client.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];

  for (const pull of [false, true]) {
    const mode = pull ? 'pull' : 'push';
    const { burst: b, single } = await burst(pull, 5);
    const extra = b.map((x, i) => x - single[i]);
    out.push(result(`lsp: one edit → diagnostics, 5,000-line YAML (${mode}, same server)`, single, 'ms'));
    out.push(
      result(
        `lsp: 1,000-edit burst, 5,000-line YAML: last edit → diagnostics (${mode})`,
        b,
        'ms',
        undefined,
        'informational: one analysis plus applying the edits still queued',
      ),
    );
    out.push(
      result(
        `lsp: 1,000-edit burst: last edit → diagnostics minus one edit's (${mode})`,
        extra,
        'ms',
        50,
        `per run: ${extra.map(x => x.toFixed(0)).join(', ')} ms`,
      ),
    );
  }

  const server10k = await streamToDiagnostics(10_000, 3);
  const server100k = await streamToDiagnostics(100_000, 3);
  out.push(result('lsp: stream of 10,000 documents: open → diagnostics', server10k, 'ms'));
  out.push(result('lsp: stream of 100,000 documents: open → diagnostics', server100k, 'ms'));
  out.push(result('lsp: 100,000 / 10,000 documents', [median(server100k) / median(server10k)], 'x', 12, 'linear: 10×'));
  const cli10k = cliStream(10_000, 3);
  const cli100k = cliStream(100_000, 3);
  out.push(result('CLI: stream of 10,000 documents (wall)', cli10k, 'ms'));
  out.push(result('CLI: stream of 100,000 documents (wall)', cli100k, 'ms'));
  out.push(result('CLI: 100,000 / 10,000 documents', [median(cli100k) / median(cli10k)], 'x', 12, 'linear: 10×'));

  const large = [
    { name: '250 KB YAML stream', uri: 'file:///bench/scale/mid.trust-provider.yaml', text: yamlStream(250_000) },
    { name: '2 MB YAML stream', uri: 'file:///bench/scale/stream.trust-provider.yaml', text: yamlStream(2_090_000) },
    {
      name: '1.8 MB JSON document',
      uri: 'file:///bench/scale/app.identity-source.json',
      text: largeIdentitySource(1.8 * 1024 * 1024),
    },
    { name: '1 MB single YAML document', uri: 'file:///bench/scale/tags.trust-provider.yaml', text: manyTags(25_000) },
  ];
  for (const { name, uri, text } of large) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await longestWait(uri, text));
    out.push(
      result(
        `lsp: longest wait of another document while a ${name} is analyzed`,
        runs.map(r => r.longest),
        'ms',
        50,
        `open → diagnostics ${median(runs.map(r => r.analysis)).toFixed(0)} ms; ${median(runs.map(r => r.hovers))} hovers answered meanwhile`,
      ),
    );
    const slices = runs.flatMap(r => (r.slice === undefined ? [] : [r.slice]));
    if (slices.length) {
      out.push(
        result(
          `lsp: longest analysis slice of the ${name} (server's clock)`,
          slices,
          'ms',
          50,
          `per run: ${slices.map(x => x.toFixed(0)).join(', ')} ms`,
        ),
      );
    }
  }
  return out;
}
