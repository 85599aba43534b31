/** The custom requests of `protocol.ts` that answer from one document or from the service alone. */
import { DiagnosticSeverity, RequestType, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import {
  DocumentInfoRequest,
  RequestPayloadRequest,
  TemplatesRequest,
  type DocumentInfo,
  type DocumentInfoParams,
  type RequestPayload,
  type RequestPayloadParams,
  type TemplateInfo,
} from '../protocol';
import type { AnalyzedFile, Diagnostic } from '../service';
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

/** An open document's analysis, else (for `file:` URIs) the file on disk, analyzed without caching. */
async function analyzeAnywhere(ctx: Context, uri: string): Promise<AnalyzedFile | undefined> {
  if (ctx.documents.get(uri)) return (await analyzed(ctx, uri))?.file;
  const read = await readText(uri);
  if ('error' in read) return undefined;
  const settings = await ctx.settings.forUri(uri, false);
  return ctx.service.analyze({ uri, text: read.text }, { settings: { files: settings.files } });
}

const documentInfo = new RequestType<DocumentInfoParams, DocumentInfo | null, void>(DocumentInfoRequest);
const templates = new RequestType<{ base?: unknown } | undefined, TemplateInfo[], void>(TemplatesRequest);
const requestPayload = new RequestType<RequestPayloadParams, RequestPayload | null, void>(RequestPayloadRequest);

export function registerRequests(ctx: Context, diagnostics: Diagnostics): void {
  // `ctx.service` loads the service on first use: read it inside handlers, never while registering them.
  const { connection, log } = ctx;

  connection.onRequest(documentInfo, (params, token) =>
    guarded(log, DocumentInfoRequest, token, null, async (): Promise<DocumentInfo | null> => {
      const target = await analyzed(ctx, params?.uri);
      if (!target) return null;
      const { file, doc } = target;
      const kinds = file.results().map(r => r.kind);
      return {
        uri: file.uri,
        base: file.association.base,
        kind: kinds[0] ?? file.association.forced ?? file.association.base,
        kinds,
        associatedBy: file.association.by,
        ...count(ctx.service.validate(file), diagnostics.semantic.current(file, doc.version)),
      };
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
    guarded(log, RequestPayloadRequest, token, null, async (): Promise<RequestPayload | null> => {
      if (typeof params?.uri !== 'string') return null;
      const open = ctx.documents.get(params.uri);
      const file = await analyzeAnywhere(ctx, params.uri);
      if (!file) return null;
      const index = Number.isInteger(params.document) && params.document! >= 0 ? params.document! : 0;
      const result = file.results().find(r => r.index === index);
      const semantic = open ? diagnostics.semantic.current(file, open.version) : [];
      return {
        kind: result?.kind ?? file.association.forced ?? file.association.base,
        input: ctx.service.requestInput(file, index),
        // A refused file (too large, binary) reports its one error on document 0.
        errors: count(ctx.service.validate(file), semantic, index).errors,
        documents: file.parsed.documents.length,
      };
    }),
  );
}
