/**
 * Semantic diagnostics (Cedar schema, OIDC discovery) are slower than the file's own checks and may wait on I/O, so
 * they run after them: per document, once edits pause (debounced), aborted when a newer version arrives, and shown
 * beside the file's own diagnostics when they come in. Until then, the previous version's semantic diagnostics stay
 * where the text they point at is unchanged (no flicker while typing elsewhere).
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic } from '../service';
import type { Context } from './context';
import { toDiagnostic, toRange } from './convert';
import type { Target } from './documents';
import { safely } from './guard';
import { givenUp } from './scheduler';
import type { SemanticHosts } from './semantic-host';

export const SEMANTIC_DELAY_MS = 250;

interface Known {
  revision: number;
  /** With the text each diagnostic covered, to carry it over to later versions while it still applies. */
  items: { diagnostic: LspDiagnostic; offset: number; covered: string }[];
}

interface Running {
  revision: number;
  abort: AbortController;
  timer: NodeJS.Timeout | undefined;
}

export class SemanticChecks {
  private readonly known = new Map<string, Known>();
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly ctx: Context,
    private readonly hosts: SemanticHosts,
    /** Called when a document's semantic diagnostics changed (publish again / ask for a refresh). */
    private readonly onChange: (uri: string) => void,
  ) {}

  /** Semantic diagnostics to show with a revision's own: its own, else the previous revision's that still apply. */
  current(target: Pick<Target, 'analysis' | 'revision'>): LspDiagnostic[] {
    const file = target.analysis.file;
    const k = this.known.get(file.uri);
    if (!k) return [];
    if (k.revision === target.revision) return k.items.map(i => i.diagnostic);
    return k.items
      .filter(i => file.text.startsWith(i.covered, i.offset))
      .map(i => ({ ...i.diagnostic, range: toRange(file.lines.range(i.offset, i.offset + i.covered.length)) }));
  }

  /** Checks this revision once edits pause (no-op when it is done or under way, or the file has no such checks). */
  schedule(target: Target): void {
    const { analysis, revision, settings } = target;
    const file = analysis.file;
    const uri = file.uri;
    if (this.ctx.documents.revision(uri) !== revision) return; // superseded already
    if (!this.hosts.applies(file.association.base, settings)) {
      if (this.known.delete(uri)) this.onChange(uri);
      return;
    }
    if (this.known.get(uri)?.revision === revision || this.running.get(uri)?.revision === revision) return;
    this.cancel(uri);
    const run: Running = { revision, abort: new AbortController(), timer: undefined };
    run.timer = setTimeout(() => {
      run.timer = undefined;
      safely(this.ctx.log, 'semantic checks', () => this.check(target, run));
    }, SEMANTIC_DELAY_MS);
    this.running.set(uri, run);
  }

  private async check({ analysis, revision, settings }: Target, run: Running): Promise<void> {
    const file = analysis.file;
    let found: Diagnostic[];
    try {
      found = await analysis.semantic(this.hosts.hostedFor(settings), run.abort.signal);
    } catch (e) {
      if (givenUp(e)) return;
      throw e;
    } finally {
      if (this.running.get(file.uri) === run) this.running.delete(file.uri);
    }
    if (run.abort.signal.aborted || this.ctx.documents.revision(file.uri) !== revision) return;
    const before = JSON.stringify(this.known.get(file.uri)?.items.map(i => i.diagnostic) ?? []);
    const items = found.map(d => ({
      diagnostic: toDiagnostic(d),
      offset: d.offset,
      covered: file.text.slice(d.offset, d.offset + d.length),
    }));
    this.known.set(file.uri, { revision, items });
    if (JSON.stringify(items.map(i => i.diagnostic)) !== before) this.onChange(file.uri);
  }

  private cancel(uri: string): void {
    const run = this.running.get(uri);
    if (!run) return;
    if (run.timer) clearTimeout(run.timer);
    run.abort.abort();
    this.running.delete(uri);
  }

  /** The document closed: nothing is kept. */
  forget(uri: string): void {
    this.cancel(uri);
    this.known.delete(uri);
  }

  /** Refresh Checks / settings or trust changed: everything is checked again. */
  clear(): void {
    for (const uri of [...this.running.keys()]) this.cancel(uri);
    this.known.clear();
  }
}
