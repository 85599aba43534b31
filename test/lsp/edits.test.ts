/**
 * Edits: only the current text is analyzed. A burst of edits costs one analysis (of its last version), push or
 * pull; a pull sent just before an edit answers for the edited text; and the same version number sent twice with
 * different text is analyzed again (the server counts changes, it does not trust version numbers).
 */
import * as assert from 'node:assert/strict';
import type { FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { CLEAN_TRUST_PROVIDER_YAML, yamlStream } from './fixtures';

const URI = 'file:///ws/providers.trust-provider.yaml';
const TRACE = { settings: () => ({ trace: { server: 'verbose' } }) };

/** Trace lines of finished analyses and of pushes since `from` (the server traces both at `verbose`). */
function counted(client: TestClient, from: number, uri: string) {
  const lines = client.logs.slice(from).map(l => l.message);
  return {
    analyses: lines.filter(l => l.startsWith(`analysis ${uri} `)).length,
    publishes: lines.filter(l => l.startsWith(`diagnostics ${uri} `)).length,
  };
}

/** 1,000 one-character edits as fast as the client can send them (typing `x` and deleting it, then `DryRun`). */
async function burst(client: TestClient, uri: string): Promise<void> {
  const at = { line: 1, character: 0 };
  for (let i = 0; i < 999; i++) {
    const typed = i % 2 === 0;
    await client.change(uri, [
      { range: { start: at, end: typed ? at : { line: 1, character: 1 } }, text: typed ? 'x' : '' },
    ]);
  }
  await client.change(uri, [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'DryRun: true\n' },
  ]);
}

describe('LSP: only the current text is analyzed', function () {
  this.timeout(120_000);

  it('a burst of 1,000 edits to a 5,000-line YAML stream: one analysis, one publish, of the last version', async () => {
    const client = await TestClient.start(TRACE);
    try {
      const text = yamlStream(150_000);
      await client.open(URI, text);
      await client.waitForDiagnostics(URI, undefined, 60_000);
      await client.until(() => counted(client, 0, URI).publishes > 0, 'the trace of the first publish');
      const from = client.logs.length;
      await burst(client, URI);
      const last = client.version(URI);
      const final = await client.waitForDiagnostics(URI, p => p.version === last, 60_000);
      assert.ok(final.diagnostics.some(d => d.code === 'dry-run' && d.range.start.line === 0));
      await client.until(() => counted(client, from, URI).publishes > 0, 'the trace of the last publish');
      const { analyses, publishes } = counted(client, from, URI);
      // One each, unless the machine stalled the client for longer than an analysis takes, mid-burst.
      assert.ok(analyses >= 1 && analyses <= 5, `${analyses} analyses for 1,000 edits`);
      assert.ok(publishes >= 1 && publishes <= 5, `${publishes} publishes for 1,000 edits`);
    } finally {
      await client.stop();
    }
  });

  it('pull: a burst and then a pull: one analysis, for the last version', async () => {
    const client = await TestClient.start({ ...TRACE, pull: true });
    try {
      await client.open(URI, yamlStream(150_000));
      await client.pull(URI);
      const from = client.logs.length;
      await burst(client, URI);
      const report = (await client.pull(URI)) as FullDocumentDiagnosticReport;
      assert.ok(report.items.some(d => d.code === 'dry-run' && d.range.start.line === 0));
      await client.until(() => counted(client, from, URI).analyses > 0, 'the trace of the analysis');
      const { analyses } = counted(client, from, URI);
      assert.ok(analyses <= 5, `${analyses} analyses for 1,000 edits and one pull`);
    } finally {
      await client.stop();
    }
  });

  it('pull: an edit sent right after a pull is analyzed instead of the text before it', async () => {
    const client = await TestClient.start({ ...TRACE, pull: true });
    try {
      await client.open(URI, CLEAN_TRUST_PROVIDER_YAML);
      const clean = (await client.pull(URI)) as FullDocumentDiagnosticReport;
      assert.deepEqual(clean.items, []);
      const from = client.logs.length;
      const pulled = client.pull(URI, clean.resultId);
      await client.change(URI, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'DryRun: true\n' },
      ]);
      const report = (await pulled) as FullDocumentDiagnosticReport;
      assert.equal(report.kind, 'full');
      assert.deepEqual(
        report.items.map(d => d.code),
        ['dry-run'],
      );
      await client.until(() => counted(client, from, URI).analyses > 0, 'the trace of the analysis');
      assert.equal(counted(client, from, URI).analyses, 1, 'the text before the edit is not analyzed');
    } finally {
      await client.stop();
    }
  });

  for (const pull of [false, true]) {
    it(`the same version twice with different text is analyzed again (${pull ? 'pull' : 'push'})`, async () => {
      const client = await TestClient.start({ pull });
      /** Full text `text` as version `version`, then the diagnostics for it. */
      const change = async (version: number, text: string) => {
        const next = pull ? undefined : client.nextDiagnostics(URI);
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: URI, version },
          contentChanges: [{ text }],
        });
        if (next) return (await next).diagnostics.map(d => d.code);
        return ((await client.pull(URI)) as FullDocumentDiagnosticReport).items.map(d => d.code);
      };
      try {
        await client.open(URI, `DryRun: true\n${CLEAN_TRUST_PROVIDER_YAML}`);
        if (!pull) await client.waitForDiagnostics(URI);
        else await client.pull(URI);
        assert.deepEqual(await change(2, CLEAN_TRUST_PROVIDER_YAML), []);
        assert.deepEqual(await change(2, `DryRun: true\n${CLEAN_TRUST_PROVIDER_YAML}`), ['dry-run']);
      } finally {
        await client.stop();
      }
    });
  }
});
