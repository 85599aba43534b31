/**
 * Completion (with lazy documentation through `completionItem/resolve`), hover, code actions and document symbols.
 * Each handler: look up the document → cached analysis → call the service → convert; wrapped once by `guarded`.
 */
import {
  MarkupKind,
  type CancellationToken,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import type { CompletionItem, Position } from '../service/types';
import { analyzed, type Context } from './context';
import type { Target } from './documents';
import { flattenSymbols, toCodeAction, toCompletionItem, toDocumentSymbol, toHover, toRange } from './convert';
import { guarded } from './guard';

/** Live values (schema entity types, deployed IDs) that take longer than this are left out of the list. */
const LIVE_COMPLETION_TIMEOUT_MS = 2000;

/** Live completion items, within the time limit and the request's cancellation; empty on any failure. */
async function liveItems(
  ctx: Context,
  target: Target,
  position: Position,
  token: CancellationToken,
): Promise<CompletionItem[]> {
  const abort = new AbortController();
  const cancel = token.onCancellationRequested(() => abort.abort());
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<CompletionItem[]>(resolve => {
      timer = setTimeout(() => {
        abort.abort();
        resolve([]);
      }, LIVE_COMPLETION_TIMEOUT_MS);
    });
    const live = target.analysis.completeLive(ctx.hosts.hostedFor(target.settings), position, abort.signal);
    return await Promise.race([live, timeout]);
  } catch (e) {
    ctx.log.error('live completion failed', e);
    return [];
  } finally {
    clearTimeout(timer);
    cancel.dispose();
  }
}

interface CompletionData {
  uri: string;
  /** The document's revision (its change count), not its version: a version may come twice. */
  revision: number;
  index: number;
}

function isCompletionData(d: unknown): d is CompletionData {
  if (d === null || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  return typeof x.uri === 'string' && typeof x.revision === 'number' && typeof x.index === 'number';
}

export function registerFeatures(ctx: Context): void {
  // `ctx.service` loads the service on first use: read it inside handlers, never while registering them.
  const { connection, log } = ctx;
  /** The last completion list per open document, for resolve (evicted on close and replaced by the next list). */
  const lastCompletion = new Map<string, { revision: number; items: CompletionItem[] }>();
  ctx.documents.documents.onDidClose(e => lastCompletion.delete(e.document.uri));

  connection.onCompletion((params, token) =>
    guarded(log, 'textDocument/completion', token, null, async signal => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const { revision } = target;
      const uri = target.doc.uri;
      const items = [
        ...(await target.analysis.complete(params.position, signal)),
        ...(await liveItems(ctx, target, params.position, token)),
      ];
      lastCompletion.set(uri, { revision, items });
      return {
        isIncomplete: false,
        items: items.map((item, index) => toCompletionItem(item, { uri, revision, index }, ctx.caps.snippets)),
      };
    }),
  );

  connection.onCompletionResolve((item, token) =>
    guarded(log, 'completionItem/resolve', token, item, (): LspCompletionItem => {
      const data: unknown = item?.data;
      if (!isCompletionData(data)) return item;
      const last = lastCompletion.get(data.uri);
      const source = last?.revision === data.revision ? last.items[data.index] : undefined;
      if (!source?.documentation || source.label !== item.label) return item;
      const kind = ctx.caps.markdownCompletionDocs ? MarkupKind.Markdown : MarkupKind.PlainText;
      return { ...item, documentation: { kind, value: source.documentation } };
    }),
  );

  connection.onHover((params, token) =>
    guarded(log, 'textDocument/hover', token, null, async signal => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      const hover = target && (await target.analysis.hover(params.position, signal));
      return hover ? toHover(hover, ctx.caps.markdownHover) : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    guarded(log, 'textDocument/codeAction', token, null, async signal => {
      if (!ctx.caps.codeActionLiterals) return null;
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const { uri, version } = target.doc; // the document object changes with the text: read before waiting
      const shown: LspDiagnostic[] = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
      const only = params.context?.only;
      const actions = (await target.analysis.codeActions(toRange(params.range), shown, signal)).filter(
        a => !only || only.some(k => a.kind === k || a.kind.startsWith(`${k}.`)),
      );
      return actions.map(a => toCodeAction(a, uri, version, ctx.caps.documentChanges));
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    guarded(log, 'textDocument/documentSymbol', token, null, async signal => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const uri = target.doc.uri;
      const symbols = (await target.analysis.symbols(signal)).map(toDocumentSymbol);
      return ctx.caps.hierarchicalSymbols ? symbols : flattenSymbols(symbols, uri);
    }),
  );
}
