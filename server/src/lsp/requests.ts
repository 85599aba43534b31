/**
 * The custom requests of `protocol.ts` that answer from one document or from the service alone:
 * `verifiedIdentity/documentInfo`, `templates`, `requestPayload` and `rangeOfPath` (`range-of-path.ts`).
 */
import { DiagnosticSeverity, RequestType, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import {
  DocumentInfoRequest,
  RangeOfPathRequest,
  RequestPayloadRequest,
  TemplatesRequest,
  type DocumentInfo,
  type DocumentInfoParams,
  type RangeOfPathParams,
  type RangeOfPathResult,
  type RequestPayload,
  type RequestPayloadParams,
  type TemplateInfo,
} from '../protocol';
import type { Diagnostic } from '../service';
import type { Kind } from '../service/types';
import type { Analysis } from './analysis';
import { serviceModule } from './lazy';
import { analyzed, type Context } from './context';
import { readText } from './files';
import type { Diagnostics } from './diagnostics';
import { guarded } from './guard';

/** Errors and warnings of a file: its own, plus (open documents) the semantic ones known so far; of one document. */
function count(own: Diagnostic[], semantic: LspDiagnostic[], document?: number): { errors: number; warnings: number } {
  const out = { errors: 0, warnings: 0 };
  const add = (severity: string | number | undefined, doc: unknown) => {
    if (document !== undefined && doc !== document) return;
    if (severity === 'error' || severity === DiagnosticSeverity.Error) out.errors++;
    else if (severity === 'warning' || severity === DiagnosticSeverity.Warning) out.warnings++;
  };
  for (const d of own) add(d.severity, d.document);
  for (const d of semantic) add(d.severity, (d.data as { document?: unknown } | undefined)?.document);
  return out;
}

/**
 * Runs `use` on an open document's analysis with its semantic diagnostics known so far, else (for `file:` URIs)
 * on the file on disk, analyzed for this request only; `orDisk`: also when the open document is not ours.
 */
async function withAnalysis<T>(
  ctx: Context,
  diagnostics: Diagnostics,
  uri: string,
  use: (analysis: Analysis, semantic: LspDiagnostic[]) => Promise<T>,
  orDisk = false,
): Promise<T | null> {
  if (ctx.documents.get(uri)) {
    const target = await analyzed(ctx, uri);
    if (target) return use(target.analysis, diagnostics.semantic.current(target));
    if (!orDisk) return null;
  }
  const read = await readText(uri, ctx.hosts.folders.roots);
  if ('error' in read) return null;
  const settings = await ctx.settings.forUri(uri, false);
  const analysis = ctx.documents.transient(uri, read.text, settings);
  if (!analysis) return null;
  try {
    return await use(analysis, []);
  } finally {
    analysis.dispose();
  }
}

const documentInfo = new RequestType<DocumentInfoParams, DocumentInfo | null, void>(DocumentInfoRequest);
const templates = new RequestType<{ base?: unknown } | undefined, TemplateInfo[], void>(TemplatesRequest);
const requestPayload = new RequestType<RequestPayloadParams, RequestPayload | null, void>(RequestPayloadRequest);
const rangeOfPath = new RequestType<RangeOfPathParams, RangeOfPathResult | null, void>(RangeOfPathRequest);

function documentIndex(n: unknown): number {
  return Number.isInteger(n) && (n as number) >= 0 ? (n as number) : 0;
}

export function registerRequests(ctx: Context, diagnostics: Diagnostics): void {
  // `ctx.service` loads the service on first use: read it inside handlers, never while registering them.
  const { connection, log } = ctx;

  connection.onRequest(documentInfo, (params, token) =>
    guarded(log, DocumentInfoRequest, token, null, async (signal): Promise<DocumentInfo | null> => {
      const uri = params?.uri;
      if (typeof uri !== 'string') return null;
      return withAnalysis(ctx, diagnostics, uri, async (analysis, semantic) => {
        const file = analysis.file;
        const kinds = await analysis.kinds(signal);
        // A template that turned out to declare none of the three types is not one of ours.
        if (kinds.length === 0 && file.association.base === 'cloudformation') return null;
        return {
          uri: file.uri,
          base: file.association.base,
          kind: kinds[0] ?? file.association.forced ?? file.association.base,
          kinds,
          associatedBy: file.association.by,
          ...count(await analysis.diagnostics(signal), semantic),
        };
      });
    }),
  );

  connection.onRequest(templates, (params, token) =>
    guarded(log, TemplatesRequest, token, [], (): TemplateInfo[] => {
      const { isBaseKind, templateFileName, templateText } = serviceModule();
      const base = typeof params?.base === 'string' && isBaseKind(params.base) ? params.base : undefined;
      return ctx.service.templates(base).map(t => ({
        id: t.id,
        label: t.label,
        description: t.description,
        base: t.base,
        fileName: { json: templateFileName(t, 'json'), yaml: templateFileName(t, 'yaml') },
        text: { json: templateText(t, 'json'), yaml: templateText(t, 'yaml') },
      }));
    }),
  );

  connection.onRequest(requestPayload, (params, token) =>
    guarded(log, RequestPayloadRequest, token, null, async (signal): Promise<RequestPayload | null> => {
      if (typeof params?.uri !== 'string') return null;
      const index = documentIndex(params.document);
      return withAnalysis(ctx, diagnostics, params.uri, async (analysis, semantic) => {
        const file = analysis.file;
        const base = file.association.base;
        // A template is not a request: converting its resources is a command of its own.
        if (base === 'cloudformation') return null;
        const kind = await analysis.kindOf(index, signal);
        return {
          kind: (kind as Kind | undefined) ?? file.association.forced ?? base,
          input: await analysis.requestInput(index, signal),
          // A refused file (too large, binary) reports its one error on document 0.
          errors: count(await analysis.diagnostics(signal), semantic, index).errors,
          documents: await analysis.documentCount(signal),
        };
      });
    }),
  );

  connection.onRequest(rangeOfPath, (params, token) =>
    guarded(log, RangeOfPathRequest, token, null, async (signal): Promise<RangeOfPathResult | null> => {
      if (typeof params?.uri !== 'string' || typeof params.path !== 'string') return null;
      const path = params.path.slice(0, 2000);
      const index = documentIndex(params.document);
      return withAnalysis(ctx, diagnostics, params.uri, a => a.rangeOfPath(path, index, signal), true);
    }),
  );
}
