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
import {
  flattenSymbols,
  fromDiagnostics,
  toCodeAction,
  toCompletionItem,
  toDocumentSymbol,
  toHover,
  toRange,
} from './convert';
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
    const live = ctx.hosts.serviceFor(target.settings).completeLive(target.file, position, abort.signal);
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
  version: number;
  index: number;
}

function isCompletionData(d: unknown): d is CompletionData {
  if (d === null || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  return typeof x.uri === 'string' && typeof x.version === 'number' && typeof x.index === 'number';
}

export function registerFeatures(ctx: Context): void {
  // `ctx.service` loads the service on first use: read it inside handlers, never while registering them.
  const { connection, log } = ctx;
  /** The last completion list per open document, for resolve (evicted on close and replaced by the next list). */
  const lastCompletion = new Map<string, { version: number; items: CompletionItem[] }>();
  ctx.documents.documents.onDidClose(e => lastCompletion.delete(e.document.uri));

  connection.onCompletion((params, token) =>
    guarded(log, 'textDocument/completion', token, null, async () => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const { uri, version } = target.doc;
      const items = [
        ...ctx.service.complete(target.file, params.position),
        ...(await liveItems(ctx, target, params.position, token)),
      ];
      lastCompletion.set(uri, { version, items });
      return {
        isIncomplete: false,
        items: items.map((item, index) => toCompletionItem(item, { uri, version, index }, ctx.caps.snippets)),
      };
    }),
  );

  connection.onCompletionResolve((item, token) =>
    guarded(log, 'completionItem/resolve', token, item, (): LspCompletionItem => {
      const data: unknown = item?.data;
      if (!isCompletionData(data)) return item;
      const last = lastCompletion.get(data.uri);
      const source = last?.version === data.version ? last.items[data.index] : undefined;
      if (!source?.documentation || source.label !== item.label) return item;
      const kind = ctx.caps.markdownCompletionDocs ? MarkupKind.Markdown : MarkupKind.PlainText;
      return { ...item, documentation: { kind, value: source.documentation } };
    }),
  );

  connection.onHover((params, token) =>
    guarded(log, 'textDocument/hover', token, null, async () => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      const hover = target && ctx.service.hover(target.file, params.position);
      return hover ? toHover(hover, ctx.caps.markdownHover) : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    guarded(log, 'textDocument/codeAction', token, null, async () => {
      if (!ctx.caps.codeActionLiterals) return null;
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const shown: LspDiagnostic[] = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
      const diagnostics = fromDiagnostics(target.file, shown);
      const only = params.context?.only;
      const actions = ctx.service
        .codeActions(target.file, toRange(params.range), diagnostics)
        .filter(a => !only || only.some(k => a.kind === k || a.kind.startsWith(`${k}.`)));
      return actions.map(a => toCodeAction(a, target.doc.uri, target.doc.version, ctx.caps.documentChanges));
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    guarded(log, 'textDocument/documentSymbol', token, null, async () => {
      const target = await analyzed(ctx, params.textDocument?.uri);
      if (!target) return null;
      const symbols = ctx.service.symbols(target.file).map(toDocumentSymbol);
      return ctx.caps.hierarchicalSymbols ? symbols : flattenSymbols(symbols, target.doc.uri);
    }),
  );
}
