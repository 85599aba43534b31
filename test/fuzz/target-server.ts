/**
 * Target (c): the bundled language server over stdio, two long-lived processes: one that pushes diagnostics and one
 * that is pulled (`textDocument/diagnostic`). Each case is opened as it is, or opened as its corpus entry and then
 * changed to the case by one full change or by its splices as incremental changes (one notification, or one each).
 * The server's diagnostics must be the service's own for the final text (so incremental sync kept the text right),
 * and hover, completion, code actions and document symbols must answer with ranges in the document. A server that
 * exits is a failure; it is restarted for the next case. A request unanswered within the bound is a failure too.
 */
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic as LspDiagnostic,
  DocumentSymbol,
  FullDocumentDiagnosticReport,
  Hover,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TestClient } from '../lsp/client';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import {
  Problems,
  applyEdits,
  checkCompletion,
  checkDiagnostics,
  checkEcho,
  checkSymbols,
  type AnyEdit,
} from './invariants';
import type { FuzzCase, Splice } from './mutate';
import { diff } from './target-cli';
import type { CaseResult } from './target-service';
import { Lines } from './text';

/** How long a request or the diagnostics of a version may take before the server counts as hung. */
const ANSWER_MS = 10_000;

type Mode = 'open' | 'full' | 'incremental' | 'incremental-each';
const MODES: readonly Mode[] = ['incremental', 'open', 'full', 'incremental-each'];

function languageId(name: string): string {
  return /\.json$/i.test(name) ? 'json' : 'yaml';
}

/** A splice as an LSP change on `text`, never splitting a CRLF (an editor never sends such a position). */
export function toChange(text: string, s: Splice): TextDocumentContentChangeEvent {
  let { start, end } = s;
  let insert = s.text;
  if (start > 0 && text.charCodeAt(start - 1) === 13 && text.charCodeAt(start) === 10) {
    start--;
    insert = `\r${insert}`;
  }
  if (end > 0 && end < text.length && text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10) {
    end++;
    insert = `${insert}\n`;
  }
  const lines = new Lines(text);
  return { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: insert };
}

function within<T>(promise: Promise<T>, what: string, ms = ANSWER_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class ServerTarget {
  private restarts = 0;
  private readonly service: LanguageService;
  private readonly semantic: ReadonlySet<string>;
  private readonly codes: ReadonlySet<string>;

  private constructor(private readonly clients: [TestClient, TestClient]) {
    // As the server sees these files: no repository above them, so not likely committed.
    this.service = createLanguageService({ isLikelyCommitted: () => false });
    const rules = this.service.rules();
    this.codes = new Set(rules.map(r => r.code));
    this.semantic = new Set(rules.filter(r => r.family === 'semantic').map(r => r.code));
  }

  static async start(): Promise<ServerTarget> {
    return new ServerTarget([await TestClient.start({ pull: false }), await TestClient.start({ pull: true })]);
  }

  /** Stops both servers; returns how many times one was restarted after a crash or hang. */
  async stop(): Promise<number> {
    await Promise.all(this.clients.map(c => c.stop()));
    return this.restarts;
  }

  async run(c: FuzzCase): Promise<CaseResult> {
    const which = c.index % 2;
    const client = this.clients[which];
    const pull = which === 1;
    const mode = MODES[Math.floor(c.index / 2) % MODES.length];
    const p = new Problems();
    const where = `server (${pull ? 'pull' : 'push'}, ${mode})`;
    const uri = `file:///fuzz/${c.seed}/${c.index}/${encodeURIComponent(c.name)}`;
    const lang = languageId(c.name);
    const logged = client.logs.length;
    const t0 = performance.now();
    let diagnostics = 0;
    try {
      diagnostics = await this.exercise(client, c, uri, lang, mode, pull, p, where);
    } catch (e) {
      p.add(where, e instanceof Error ? e.message : String(e));
    }
    const ms = performance.now() - t0;
    try {
      await client.close(uri);
    } catch {
      // reported below when the server is gone
    }
    if (!client.alive || !(await client.answers(ANSWER_MS))) {
      p.add(
        where,
        `the server ${client.alive ? 'stopped answering' : `exited (${String(client.proc.exitCode ?? client.proc.signalCode)})`}; stderr: ${client.stderr.slice(-600)}`,
      );
      await client.stop().catch(() => undefined);
      this.clients[which] = await TestClient.start({ pull });
      this.restarts++;
    }
    // A handler that failed answered empty (lsp/guard.ts) and logged why: that fails the case too. Checked after the
    // round trip above, so that everything the server logged meanwhile has arrived.
    for (const l of client.logs.slice(logged))
      if (l.type === 1) p.add(where, `the server logged an error: ${l.message.split('\n').slice(0, 4).join(' | ')}`);
    return { ms, problems: p.list, how: 'name', diagnostics };
  }

  private async exercise(
    client: TestClient,
    c: FuzzCase,
    uri: string,
    lang: string,
    mode: Mode,
    pull: boolean,
    p: Problems,
    where: string,
  ): Promise<number> {
    const text = c.text;
    if (mode === 'open' || c.splices.length === 0) await client.open(uri, text, lang);
    else {
      await client.open(uri, c.original, lang);
      if (mode === 'full') await client.change(uri, [{ text }]);
      else {
        let current = c.original;
        const changes: TextDocumentContentChangeEvent[] = [];
        for (const s of c.splices) {
          changes.push(toChange(current, s));
          current = current.slice(0, s.start) + s.text + current.slice(s.end);
        }
        if (mode === 'incremental') await client.change(uri, changes);
        else for (const ch of changes) await client.change(uri, [ch]);
      }
    }
    const version = client.version(uri);
    const lines = new Lines(text);
    const file = this.service.analyze({ uri, text, languageId: lang });

    // Diagnostics: the service's own for the final text, pushed for this version or pulled.
    let got: LspDiagnostic[] = [];
    if (pull) {
      const report = await within(client.pull(uri), 'textDocument/diagnostic');
      got = (report as FullDocumentDiagnosticReport).items ?? [];
    } else if (file) {
      const published: PublishDiagnosticsParams = await within(
        client.waitForDiagnostics(uri, d => d.version === version, ANSWER_MS + 1000),
        `diagnostics of version ${version}`,
      );
      got = published.diagnostics;
    }
    const own = got.filter(d => !this.semantic.has(String(d.code)));
    checkDiagnostics(p, `${where} diagnostics`, lines, got, this.codes);
    const key = (d: { code?: unknown; range: unknown; message: unknown }) =>
      `${String(d.code)} ${JSON.stringify(d.range)} ${String(d.message)}`;
    const expected = file ? this.service.validate(file).map(key).sort() : [];
    const actual = own.map(key).sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual))
      p.add(where, `diagnostics differ from the service's for the final text: ${diff(expected, actual)}`);

    const shown: { what: string; text: string }[] = got.map(d => ({
      what: `${String(d.code)} message`,
      text: typeof d.message === 'string' ? d.message : '',
    }));
    const td = { textDocument: { uri } };
    const positions = c.offsets.map(o => lines.cursorAt(o));
    for (const position of positions.slice(0, 2)) {
      const hover = await within(client.request<Hover | null>('textDocument/hover', { ...td, position }), 'hover');
      if (hover) {
        if (hover.range) {
          const bad = lines.rangeProblem(hover.range);
          if (bad) p.add(`${where} hover`, `range: ${bad}`);
        }
        const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        shown.push({ what: 'hover', text: value });
      }
      const completion = await within(
        client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { ...td, position }),
        'completion',
      );
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      checkCompletion(
        p,
        `${where} at ${JSON.stringify(position)}`,
        lines,
        items.map(i => ({
          label: i.label,
          range: i.textEdit ? ('range' in i.textEdit ? i.textEdit.range : i.textEdit.replace) : undefined,
        })),
        position,
      );
      for (const i of items) shown.push({ what: 'completion label', text: i.label });
    }
    const ranges = [
      ...own.slice(0, 3).map(d => d.range),
      { start: positions[0], end: positions[positions.length - 1] },
    ];
    for (const range of ranges) {
      const context = { diagnostics: own.filter(d => lines.within(d.range, range) || lines.within(range, d.range)) };
      const actions = await within(
        client.request<CodeAction[] | null>('textDocument/codeAction', { ...td, range, context }),
        'codeAction',
      );
      for (const a of actions ?? []) {
        shown.push({ what: 'action title', text: a.title });
        const edits: AnyEdit[] = [];
        for (const ch of a.edit?.documentChanges ?? [])
          if ('textDocument' in ch) {
            if (ch.textDocument.uri !== uri || ch.textDocument.version !== version)
              p.add(`${where} action ${a.title}`, `edits ${ch.textDocument.uri} version ${ch.textDocument.version}`);
            edits.push(...(ch.edits as TextEdit[]));
          }
        for (const e of a.edit?.changes?.[uri] ?? []) edits.push(e);
        applyEdits(p, `${where} action ${JSON.stringify(a.title)}`, lines, edits);
      }
    }
    const symbols = await within(
      client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', td),
      'documentSymbol',
    );
    if (file) checkSymbols(p, `${where} symbols`, lines, symbols ?? []);
    else if (symbols && symbols.length) p.add(where, `${symbols.length} symbols for a document that is not ours`);
    checkEcho(p, where, text, shown);
    return got.length;
  }
}
