/** The custom requests of `protocol.ts` that answer from one document or from the service alone. */
import { RequestType } from 'vscode-languageserver/node';
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
import { guarded } from './guard';

function count(diagnostics: Diagnostic[], severity: Diagnostic['severity'], document?: number): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === severity && (document === undefined || d.document === document)) n++;
  return n;
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

export function registerRequests(ctx: Context): void {
  const { connection, service, log } = ctx;

  connection.onRequest(documentInfo, (params, token) =>
    guarded(log, DocumentInfoRequest, token, null, async (): Promise<DocumentInfo | null> => {
      const target = await analyzed(ctx, params?.uri);
      if (!target) return null;
      const { file } = target;
      const kinds = file.results().map(r => r.kind);
      const diagnostics = service.validate(file);
      return {
        uri: file.uri,
        base: file.association.base,
        kind: kinds[0] ?? file.association.forced ?? file.association.base,
        kinds,
        associatedBy: file.association.by,
        errors: count(diagnostics, 'error'),
        warnings: count(diagnostics, 'warning'),
      };
    }),
  );

  connection.onRequest(templates, (params, token) =>
    guarded(log, TemplatesRequest, token, [], (): TemplateInfo[] => {
      const { isBaseKind, templateFileName, templateText } = serviceModule();
      const base = typeof params?.base === 'string' && isBaseKind(params.base) ? params.base : undefined;
      return service.templates(base).map(t => ({
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
      const file = await analyzeAnywhere(ctx, params.uri);
      if (!file) return null;
      const index = Number.isInteger(params.document) && params.document! >= 0 ? params.document! : 0;
      const result = file.results().find(r => r.index === index);
      const diagnostics = service.validate(file);
      return {
        kind: result?.kind ?? file.association.forced ?? file.association.base,
        input: service.requestInput(file, index),
        // A refused file (too large, binary) reports its one error on document 0.
        errors: count(diagnostics, 'error', index),
        documents: file.parsed.documents.length,
      };
    }),
  );
}
