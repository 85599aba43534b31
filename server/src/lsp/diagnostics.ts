/**
 * Diagnostics, pulled (`textDocument/diagnostic`) when the client supports it, else pushed. Either way only the
 * current revision of a document is analyzed: a push is not started while a newer change of the document has
 * arrived but is not applied yet, and is dropped (its analysis with it, between two steps) when one is applied; a
 * pull waits for the changes that arrived before it and answers for the revision they make, starting over if the
 * text changes while it is analyzed. A burst of edits costs one analysis, of its last version.
 * Unassociated documents get no diagnostics (and lose any they had when a settings change un-associates them).
 */
import type {
  CancellationToken,
  Diagnostic as LspDiagnostic,
  DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { analyzed, type Context } from './context';
import { toDiagnostic } from './convert';
import { guarded, safely } from './guard';
import { givenUp } from './scheduler';
import { SemanticChecks } from './semantic-checks';

export interface Computed {
  version: number;
  revision: number;
  items: LspDiagnostic[];
}

export class Diagnostics {
  /** A push scheduled, or under way, per document: aborting it drops it. */
  private readonly pushes = new Map<string, AbortController>();
  /** Waits for analyses (pushes and pulls), aborted when their document changes or closes. */
  private readonly waits = new Map<string, Set<AbortController>>();
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
        this.pull(params.textDocument?.uri, params.previousResultId, token),
      ),
    );
    settings.onDidChange(() => this.refreshAll());
  }

  /**
   * Diagnostics of an open document's current revision (its own, and the semantic ones known so far, which are then
   * brought up to date in the background), or undefined when it is not ours. Rejects when `signal` aborts.
   */
  async compute(uri: string, signal?: AbortSignal): Promise<Computed | undefined> {
    const target = await analyzed(this.ctx, uri);
    if (!target) return undefined;
    const version = target.doc.version; // the document object changes with the text: read before waiting
    const own = await target.analysis.diagnostics(signal);
    this.semantic.schedule(target);
    return { version, revision: target.revision, items: [...own.map(toDiagnostic), ...this.semantic.current(target)] };
  }

  /** An abort signal for a wait on `uri`'s analysis: aborted when the document changes or closes, or `also` fires. */
  private watch(uri: string, also?: CancellationToken): { signal: AbortSignal; dispose: () => void } {
    const abort = new AbortController();
    const set = this.waits.get(uri) ?? new Set();
    set.add(abort);
    this.waits.set(uri, set);
    const cancel = also?.onCancellationRequested(() => abort.abort());
    return {
      signal: abort.signal,
      dispose: () => {
        cancel?.dispose();
        set.delete(abort);
        if (set.size === 0 && this.waits.get(uri) === set) this.waits.delete(uri);
      },
    };
  }

  private superseded(uri: string): void {
    const set = this.waits.get(uri);
    this.waits.delete(uri);
    for (const abort of set ?? []) abort.abort();
  }

  private semanticChanged(uri: string): void {
    if (!this.ctx.documents.get(uri)) return;
    if (!this.ctx.caps.pullDiagnostics) return this.changed(uri);
    this.generation++;
    if (this.ctx.caps.diagnosticRefresh) {
      safely(this.ctx.log, 'workspace/diagnostic/refresh', () => this.ctx.connection.languages.diagnostics.refresh());
    }
  }

  private async pull(
    uri: unknown,
    previousResultId: string | undefined,
    token: CancellationToken,
  ): Promise<DocumentDiagnosticReport> {
    const empty: DocumentDiagnosticReport = { kind: 'full', items: [] };
    if (typeof uri !== 'string') return empty;
    for (;;) {
      // Changes sent before this pull are applied first: the answer is for the text the client has now.
      await this.ctx.inbox.settled(uri);
      if (!this.ctx.documents.get(uri)) return empty;
      const resultId = `${this.ctx.documents.revision(uri)}:${this.generation}`;
      if (previousResultId === resultId) return { kind: 'unchanged', resultId };
      const wait = this.watch(uri, token);
      try {
        const result = await this.compute(uri, wait.signal);
        if (!result) return empty;
        if (result.revision !== this.ctx.documents.revision(uri)) continue;
        return { kind: 'full', resultId: `${result.revision}:${this.generation}`, items: result.items };
      } catch (e) {
        // The text changed while it was analyzed: answer for the new one (unless the client gave up).
        if (givenUp(e) && !token.isCancellationRequested) continue;
        throw e;
      } finally {
        wait.dispose();
      }
    }
  }

  private changed(uri: string): void {
    this.superseded(uri);
    if (this.ctx.caps.pullDiagnostics) return;
    this.pushes.get(uri)?.abort();
    const push = new AbortController();
    this.pushes.set(uri, push);
    // After the connection marks this change handled: then `pending` says whether a newer one is waiting.
    setImmediate(() => {
      if (push.signal.aborted) return;
      if (this.ctx.inbox.pending(uri)) {
        // A newer change has arrived: it will be analyzed instead of this one.
        if (this.pushes.get(uri) === push) this.pushes.delete(uri);
        return;
      }
      safely(this.ctx.log, 'publish diagnostics', () =>
        this.push(uri, push.signal).finally(() => {
          if (this.pushes.get(uri) === push) this.pushes.delete(uri);
        }),
      );
    });
  }

  private async push(uri: string, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    let result: Computed | undefined;
    try {
      result = await this.compute(uri, signal);
    } catch (e) {
      if (givenUp(e)) return;
      throw e;
    }
    if (signal.aborted || !this.ctx.documents.get(uri)) return; // superseded or closed meanwhile
    if (!result) {
      if (this.published.delete(uri)) await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    if (result.revision !== this.ctx.documents.revision(uri)) return;
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
    this.superseded(uri);
    this.semantic.forget(uri);
    this.pushes.get(uri)?.abort();
    this.pushes.delete(uri);
    if (this.published.delete(uri)) {
      safely(this.ctx.log, 'clear diagnostics', () => this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] }));
    }
  }

  /** Settings changed: every open document may have a new association. */
  refreshAll(): void {
    this.generation++;
    for (const uri of [...this.waits.keys()]) this.superseded(uri);
    this.ctx.documents.clear();
    this.ctx.hosts.clear();
    this.ctx.worker.clear();
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
