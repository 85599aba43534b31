/**
 * Diagnostics, pulled (`textDocument/diagnostic`) when the client supports it, else pushed. Pushing is throttled per
 * document by what validation costs: the next run starts no sooner than min(50 ms, 2 × the last run's time) after
 * the last one started. A small file is validated right after each edit (after the messages already queued); a large
 * one at most every 50 ms while the user types, so published diagnostics are never more than 50 ms behind.
 * Unassociated documents get no diagnostics (and lose any they had when a settings change un-associates them).
 */
import type { Diagnostic as LspDiagnostic, DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { analyzed, type Context } from './context';
import { toDiagnostic } from './convert';
import { guarded, safely } from './guard';
import { SemanticChecks } from './semantic-checks';

export const PUSH_INTERVAL_MS = 50;

export class Diagnostics {
  private readonly pending = new Map<string, () => void>();
  /** Start and duration of the last push validation per document. */
  private readonly lastRun = new Map<string, { start: number; duration: number }>();
  /** Documents we published diagnostics for (so that un-association can clear them). */
  private readonly published = new Set<string>();
  /** Bumped on every settings change and semantic result: part of pull result ids. */
  private generation = 0;
  readonly semantic: SemanticChecks;

  constructor(private readonly ctx: Context) {
    this.semantic = new SemanticChecks(ctx, ctx.hosts, uri => this.semanticChanged(uri));
  }

  /** Wires the document events, the pull handler and settings changes. */
  register(): void {
    const { documents, connection, settings } = this.ctx;
    documents.documents.onDidChangeContent(e => this.changed(e.document.uri));
    documents.documents.onDidClose(e => this.closed(e.document.uri));
    documents.documents.onDidOpen(e => this.opened(e.document.uri));
    connection.languages.diagnostics.on((params, token) =>
      guarded(this.ctx.log, 'textDocument/diagnostic', token, { kind: 'full', items: [] }, () =>
        this.pull(params.textDocument?.uri, params.previousResultId),
      ),
    );
    settings.onDidChange(() => this.refreshAll());
  }

  /**
   * Diagnostics of an open document (its own, and the semantic ones known so far, which are then brought up to date
   * in the background), or undefined when it is not ours.
   */
  async compute(uri: string): Promise<{ version: number; items: LspDiagnostic[] } | undefined> {
    const target = await analyzed(this.ctx, uri);
    if (!target) return undefined;
    const { doc, file, settings } = target;
    const items = this.ctx.service.validate(file).map(toDiagnostic);
    this.semantic.schedule(file, doc.version, settings);
    return { version: doc.version, items: [...items, ...this.semantic.current(file, doc.version)] };
  }

  private semanticChanged(uri: string): void {
    if (!this.ctx.documents.get(uri)) return;
    if (!this.ctx.caps.pullDiagnostics) return this.changed(uri);
    this.generation++;
    if (this.ctx.caps.diagnosticRefresh) {
      safely(this.ctx.log, 'workspace/diagnostic/refresh', () => this.ctx.connection.languages.diagnostics.refresh());
    }
  }

  private async pull(uri: unknown, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const doc = typeof uri === 'string' ? this.ctx.documents.get(uri) : undefined;
    if (!doc) return { kind: 'full', items: [] };
    const resultId = `${doc.version}:${this.generation}`;
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    const result = await this.compute(doc.uri);
    if (!result) return { kind: 'full', items: [] };
    return { kind: 'full', resultId: `${result.version}:${this.generation}`, items: result.items };
  }

  private changed(uri: string): void {
    if (this.ctx.caps.pullDiagnostics || this.pending.has(uri)) return;
    const last = this.lastRun.get(uri);
    const wait = last ? last.start + Math.min(PUSH_INTERVAL_MS, 2 * last.duration) - performance.now() : 0;
    const run = () => {
      this.pending.delete(uri);
      const start = performance.now();
      safely(this.ctx.log, 'publish diagnostics', () =>
        this.push(uri).finally(() => {
          if (this.ctx.documents.get(uri)) this.lastRun.set(uri, { start, duration: performance.now() - start });
        }),
      );
    };
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      this.pending.set(uri, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(run);
      this.pending.set(uri, () => clearImmediate(immediate));
    }
  }

  private async push(uri: string): Promise<void> {
    const started = performance.now();
    const result = await this.compute(uri);
    if (!this.ctx.documents.get(uri)) return; // closed meanwhile
    if (!result) {
      if (this.published.delete(uri)) await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    this.published.add(uri);
    await this.ctx.connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.items });
    this.ctx.log.trace(
      `diagnostics ${uri} v${result.version}: ${result.items.length} in ${(performance.now() - started).toFixed(1)} ms`,
    );
  }

  /** Diagnostics published for a file that is not open (Validate Workspace): replaced once it opens. */
  publishedFor(uri: string): void {
    this.published.add(uri);
  }

  /** In pull mode, the editor pulls from now on: drop what Validate Workspace pushed for this file. */
  private opened(uri: string): void {
    if (this.ctx.caps.pullDiagnostics && this.published.delete(uri)) {
      safely(this.ctx.log, 'clear diagnostics', () => this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] }));
    }
  }

  private closed(uri: string): void {
    this.semantic.forget(uri);
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.lastRun.delete(uri);
    if (this.published.delete(uri)) {
      safely(this.ctx.log, 'clear diagnostics', () => this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] }));
    }
  }

  /** Settings changed: every open document may have a new association. */
  refreshAll(): void {
    this.generation++;
    this.ctx.documents.clear();
    this.ctx.hosts.clear();
    this.semantic.clear();
    if (this.ctx.caps.pullDiagnostics) {
      if (this.ctx.caps.diagnosticRefresh) {
        safely(this.ctx.log, 'workspace/diagnostic/refresh', () => this.ctx.connection.languages.diagnostics.refresh());
      }
      return;
    }
    for (const doc of this.ctx.documents.all()) this.changed(doc.uri);
  }
}
