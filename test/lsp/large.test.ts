/**
 * Large documents never hold up the others: while a 250 KB YAML stream (analyzed in slices on the server's thread),
 * a 2 MB one or a single large JSON document (analyzed in the worker) is analyzed, requests about other documents
 * are answered first. Whatever the size, the answers are the service's own: the worker's are compared with the service run
 * in-process. How long anything takes is the benchmark's business (`npm run bench`), not these tests'.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FullDocumentDiagnosticReport,
  Hover,
} from 'vscode-languageserver-protocol';
import { createLanguageService } from '../../server/src/service';
import type { DocumentInfo, RangeOfPathResult, RequestPayload } from '../../server/src/protocol';
import { toCodeAction, toDiagnostic, toDocumentSymbol, toHover } from '../../server/src/lsp/convert';
import { configureRuleDocs } from '../../server/src/lsp/rule-docs';
import { ROOT, TestClient, fileUri } from './client';
import {
  TRUST_PROVIDER_YAML,
  largeIdentitySource,
  manyTags,
  positionOf,
  tinyDocuments,
  unknownMembers,
  yamlStream,
} from './fixtures';

const SMALL = 'file:///ws/small/okta.trust-provider.yaml';
/** As the server sees these URIs: no `.git` above them, so not likely committed. */
const service = createLanguageService({ isLikelyCommitted: () => false });
// The server links each code to the docs/diagnostics.md shipped beside it; the expected diagnostics do the same.
configureRuleDocs(`${pathToFileURL(join(ROOT, 'docs', 'diagnostics.md')).href}#`);

function expectedDiagnostics(uri: string, text: string): Diagnostic[] {
  return service.validate(service.analyze({ uri, text })!).map(toDiagnostic);
}

/** Opens `uri` and, meanwhile, asks about a small document: that answer must come first. */
async function othersFirst(client: TestClient, uri: string, text: string, compare = true): Promise<Diagnostic[]> {
  await client.open(uri, text);
  await client.open(SMALL, TRUST_PROVIDER_YAML);
  const hover = await client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri: SMALL },
    position: positionOf(TRUST_PROVIDER_YAML, 'Issuer'),
  });
  assert.match(JSON.stringify(hover), /Issuer/);
  const small = await client.waitForDiagnostics(SMALL, undefined, 60_000);
  assert.ok(small.diagnostics.some(d => d.code === 'dry-run'));
  assert.equal(client.lastDiagnostics(uri), undefined, 'the large document is still being analyzed');
  const large = await client.waitForDiagnostics(uri, undefined, 120_000);
  if (compare) assert.deepEqual(large.diagnostics, expectedDiagnostics(uri, text));
  return large.diagnostics;
}

describe('LSP: large documents', function () {
  this.timeout(300_000);
  let client: TestClient;
  beforeEach(async () => (client = await TestClient.start()));
  afterEach(async () => {
    assert.ok(await client.answers(), `server still answers (stderr: ${client.stderr.slice(0, 500)})`);
    await client.stop();
  });

  it('a 250 KB YAML stream (in slices): another document is answered before its diagnostics', async () => {
    await othersFirst(client, 'file:///ws/mid.trust-provider.yaml', yamlStream(250_000));
  });

  it('a 2 MB YAML stream: another document is answered before its diagnostics', async () => {
    const text = yamlStream(2 * 1024 * 1024 - 4096);
    await othersFirst(client, 'file:///ws/stream.trust-provider.yaml', text);
  });

  it('a single 1.8 MB JSON document: another document is answered before its diagnostics', async () => {
    const text = largeIdentitySource(1.8 * 1024 * 1024);
    await othersFirst(client, 'file:///ws/app.identity-source.json', text);
  });

  it('a stream of 100,000 documents: another document first, then 500 diagnostics and a summary', async () => {
    const uri = 'file:///ws/tiny.trust-provider.yaml';
    const diagnostics = await othersFirst(client, uri, tinyDocuments(100_000), false);
    assert.equal(diagnostics.length, 501);
    // The first 500 in document order (each tiny document has a few problems), then one summary of the rest.
    const documents = diagnostics.slice(0, 500).map(d => (d.data as { document: number }).document);
    assert.equal(documents[0], 0);
    assert.ok(
      documents.every((n, i) => i === 0 || n >= documents[i - 1]),
      'in document order',
    );
    assert.ok(documents[499] > 100 && documents[499] < 500, `the 500th is in document ${documents[499]}`);
    const last = diagnostics[500].message as string;
    const summary = /^(\d+) more problems are not shown/.exec(last);
    assert.ok(summary && Number(summary[1]) >= 99_500, last);
  });

  it('140,000 findings in one file: the first 500 and a summary are published', async () => {
    const uri = 'file:///ws/many.trust-provider.json';
    const text = unknownMembers(140_000);
    await client.open(uri, text);
    const { diagnostics } = await client.waitForDiagnostics(uri, undefined, 120_000);
    assert.equal(diagnostics.length, 501);
    assert.equal(diagnostics[500].code, 'too-many-problems');
    assert.deepEqual(diagnostics, expectedDiagnostics(uri, text));
  });
});

describe('LSP: a document analyzed in the worker answers as the service does', function () {
  this.timeout(300_000);
  let client: TestClient;
  before(async () => (client = await TestClient.start()));
  after(async () => client.stop());

  const cases = [
    {
      name: 'JSON',
      uri: 'file:///ws/big/app.identity-source.json',
      text: largeIdentitySource(400_000),
      member: '"principalEntityType"',
      problem: '"Description"',
    },
    {
      name: 'YAML',
      uri: 'file:///ws/big/tags.trust-provider.yaml',
      text: manyTags(2000),
      member: 'Issuer',
      problem: 'Scop:',
    },
  ];
  for (const { name, uri, text, member, problem } of cases) {
    it(`${name}: diagnostics, hover, symbols, code actions, completion and the custom requests`, async () => {
      await client.open(uri, text);
      const file = service.analyze({ uri, text })!;
      const { diagnostics } = await client.waitForDiagnostics(uri, undefined, 120_000);
      assert.deepEqual(diagnostics, service.validate(file).map(toDiagnostic));

      const on = positionOf(text, member, 1);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: on });
      assert.deepEqual(hover, toHover(service.hover(file, on)!, true));

      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols, service.symbols(file).map(toDocumentSymbol));

      const at = positionOf(text, problem, 1);
      const range = { start: at, end: at };
      const shown = diagnostics.filter(d => d.range.start.line === at.line);
      assert.ok(shown.length > 0);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: shown },
      });
      const own = service.codeActions(
        file,
        range,
        service.validate(file).filter(d => d.range.start.line === at.line),
      );
      assert.deepEqual(
        actions,
        own.map(a => toCodeAction(a, uri, 1, true)),
      );
      assert.ok(actions.length > 0);

      const end = { line: text.split('\n').length - 1, character: 0 };
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: end,
      });
      assert.deepEqual(
        list.items.map(i => i.label),
        service.complete(file, end).map(i => i.label),
      );

      const info = await client.request<DocumentInfo>('verifiedIdentity/documentInfo', { uri });
      assert.equal(info.kind, file.results()[0].kind);
      assert.equal(info.errors, diagnostics.filter(d => d.severity === 1).length);
      const payload = await client.request<RequestPayload>('verifiedIdentity/requestPayload', { uri });
      assert.deepEqual(payload.input, service.requestInput(file));
      assert.equal(payload.documents, 1);
      const where = await client.request<RangeOfPathResult>('verifiedIdentity/rangeOfPath', {
        uri,
        path:
          name === 'JSON'
            ? 'configuration.cognitoUserPoolConfiguration.clientIds[3]'
            : 'TagSpecifications[0].Tags[7].Key',
      });
      assert.equal(where.exact, true);
      assert.equal(where.range.start.line, positionOf(text, name === 'JSON' ? 'client0x0000003' : 'k7').line);
    });
  }

  it('semantic checks and live completion: the schema beside the file, through the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-lsp-large-'));
    try {
      writeFileSync(
        join(dir, 'app.cedarschema'),
        'namespace MyApp {\n  entity Group;\n  entity Person in [Group];\n}\n',
      );
      const uri = fileUri(join(dir, 'app.identity-source.json'));
      const text = largeIdentitySource(400_000, 2);
      await client.open(uri, text);
      const found = await client.waitForDiagnostics(
        uri,
        p => p.diagnostics.some(d => d.code === 'cedar-unknown-entity-type'),
        120_000,
      );
      const d = found.diagnostics.find(x => x.code === 'cedar-unknown-entity-type')!;
      assert.deepEqual(d.range.start, positionOf(text, '"MyApp::User"'));
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, '"MyApp::User"', 1),
      });
      assert.ok(
        list.items.some(i => i.label === 'MyApp::Person'),
        list.items.map(i => i.label).join(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pull: a document in the worker is pulled like any other', async () => {
    const pull = await TestClient.start({ pull: true });
    try {
      const uri = 'file:///ws/big/pulled.identity-source.json';
      const text = largeIdentitySource(400_000, 1);
      await pull.open(uri, text);
      const report = (await pull.pull(uri)) as FullDocumentDiagnosticReport;
      assert.deepEqual(report.items, expectedDiagnostics(uri, text));
      assert.deepEqual(await pull.pull(uri, report.resultId), { kind: 'unchanged', resultId: report.resultId });
    } finally {
      await pull.stop();
    }
  });
});
