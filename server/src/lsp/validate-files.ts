/**
 * `verifiedIdentity/validateFiles` (Validate Workspace): checks files that are not open, publishes their
 * diagnostics (pushed, also in pull mode: the editor does not pull for closed files), reports work-done progress
 * and answers with a summary. Open documents are counted from their live analysis and not published again.
 * Bounded concurrency; nothing is retained once a file is done.
 */
import {
  DiagnosticSeverity,
  RequestType,
  type CancellationToken,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import { ValidateFilesRequest, type ValidateFilesParams, type ValidateFilesResult } from '../protocol';
import type { Context } from './context';
import { toDiagnostic } from './convert';
import type { Diagnostics } from './diagnostics';
import { readText } from './files';
import { guarded } from './guard';

const CONCURRENCY = 8;
/** More URIs than this in one request are refused (a client bug, not a workspace). */
const MAX_URIS = 100_000;

const validateFilesRequest = new RequestType<ValidateFilesParams, ValidateFilesResult, void>(ValidateFilesRequest);

export function registerValidateFiles(ctx: Context, diagnostics: Diagnostics): void {
  const empty: ValidateFilesResult = { files: 0, errors: 0, warnings: 0, failed: [] };
  ctx.connection.onRequest(validateFilesRequest, (params, token) =>
    guarded(ctx.log, ValidateFilesRequest, undefined, empty, () => validateFiles(ctx, diagnostics, params, token)),
  );
}

async function validateFiles(
  ctx: Context,
  diagnostics: Diagnostics,
  params: ValidateFilesParams,
  token: CancellationToken,
): Promise<ValidateFilesResult> {
  const uris = [...new Set(Array.isArray(params?.uris) ? params.uris.filter(u => typeof u === 'string') : [])];
  const result: ValidateFilesResult = { files: 0, errors: 0, warnings: 0, failed: [] };
  if (uris.length > MAX_URIS) {
    result.failed.push({ uri: '', reason: `too many files in one request (${uris.length} > ${MAX_URIS})` });
    return result;
  }
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  const progress = ctx.connection.window.attachWorkDoneProgress(params?.workDoneToken);
  progress.begin('Validating files', 0, `0/${uris.length}`, false);
  let next = 0;
  let done = 0;
  let reported = 0;

  const tally = (found: LspDiagnostic[]) => {
    result.files++;
    for (const d of found) {
      if (d.severity === DiagnosticSeverity.Error) result.errors++;
      else if (d.severity === DiagnosticSeverity.Warning) result.warnings++;
    }
  };

  const one = async (uri: string): Promise<void> => {
    if (ctx.documents.get(uri)) {
      const open = await diagnostics.compute(uri);
      if (open) tally(open.items);
      else result.failed.push({ uri, reason: 'not associated with a Verified Identity file kind' });
      return;
    }
    const read = await readText(uri, ctx.hosts.folders.roots);
    if ('error' in read) {
      result.failed.push({ uri, reason: read.error });
      return;
    }
    const settings = await ctx.settings.forUri(uri, false);
    const analysis = ctx.documents.transient(uri, read.text, settings);
    if (!analysis) {
      result.failed.push({ uri, reason: 'not associated with a Verified Identity file kind' });
      return;
    }
    let items: LspDiagnostic[];
    try {
      items = (await analysis.diagnostics(abort.signal)).map(toDiagnostic);
      if (ctx.hosts.applies(analysis.file.association.base, settings)) {
        for (const d of await analysis.semantic(ctx.hosts.hostedFor(settings), abort.signal))
          items.push(toDiagnostic(d));
      }
    } finally {
      analysis.dispose();
    }
    tally(items);
    if (ctx.documents.get(uri)) return; // opened meanwhile: its own diagnostics take over
    diagnostics.publishedFor(uri);
    await ctx.connection.sendDiagnostics({ uri, diagnostics: items });
  };

  const worker = async (): Promise<void> => {
    while (next < uris.length && !token.isCancellationRequested) {
      const uri = uris[next++];
      try {
        await one(uri);
      } catch (e) {
        ctx.log.error(`validateFiles: ${uri}`, e);
        result.failed.push({ uri, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` });
      }
      done++;
      const percentage = Math.floor((done / uris.length) * 100);
      if (percentage > reported) progress.report((reported = percentage), `${done}/${uris.length}`);
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, uris.length) }, worker));
  } finally {
    progress.done();
    cancelled.dispose();
  }
  const order = new Map(uris.map((u, i) => [u, i]));
  result.failed.sort((a, b) => (order.get(a.uri) ?? 0) - (order.get(b.uri) ?? 0));
  return result;
}
