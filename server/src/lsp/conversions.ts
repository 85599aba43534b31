/**
 * `verifiedIdentity/convert`: Convert to CloudFormation Resource (a request file) and Convert to Request File (a
 * template's resource), answered by the service's conversions (`service/convert/`). A document the server analyzes
 * is converted from that analysis (in the worker for large files); a template it does not analyze (or a file that is
 * not open) is read and parsed for this request only.
 */
import { RequestType } from 'vscode-languageserver/node';
import { ConvertRequest, type ConvertParams, type ConvertResult } from '../protocol';
import type { ConversionError, RequestConversion, ResourceConversion } from '../service';
import type { Position } from '../service/types';
import type { Analysis } from './analysis';
import { analyzed, type Context } from './context';
import { readText } from './files';
import { guarded } from './guard';
import { serviceModule } from './lazy';

const convert = new RequestType<ConvertParams, ConvertResult | null, void>(ConvertRequest);

const isFormat = (f: unknown): f is 'json' | 'yaml' => f === 'json' || f === 'yaml';

function positionOf(p: unknown): Position {
  const o = (p ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : 0);
  return { line: n(o.line), character: n(o.character) };
}

function answer(r: ResourceConversion | RequestConversion | ConversionError): ConvertResult {
  if ('error' in r) return { ok: false, error: r.error, ...(r.candidates ? { candidates: r.candidates } : {}) };
  const base = { ok: true as const, text: r.text, format: r.format, logicalId: r.logicalId, type: r.type };
  if ('fileName' in r) return { ...base, fileName: r.fileName, ...(r.kind ? { kind: r.kind } : {}), notes: r.notes };
  return { ...base, fileName: `${r.logicalId}.template.${r.format}`, notes: r.notes };
}

export function registerConversions(ctx: Context): void {
  ctx.connection.onRequest(convert, (params, token) =>
    guarded(ctx.log, ConvertRequest, token, null, async (signal): Promise<ConvertResult | null> => {
      if (typeof params?.uri !== 'string' || !isFormat(params.format)) return null;
      if (params.to !== 'cloudformation' && params.to !== 'request') return null;
      const position = positionOf(params.position);
      const { isKind } = serviceModule();
      const requestOptions = {
        format: params.format,
        ...(typeof params.kind === 'string' && isKind(params.kind) ? { kind: params.kind } : {}),
        ...(typeof params.id === 'string' ? { id: params.id.slice(0, 256) } : {}),
      };
      const at = typeof params.logicalId === 'string' ? { logicalId: params.logicalId.slice(0, 255) } : { position };

      const convertWith = async (analysis: Analysis): Promise<ConvertResult> => {
        if (params.to === 'cloudformation') {
          const wrap = params.wrap === 'template' ? 'template' : 'resource';
          return answer(await analysis.toResource(position, { format: params.format, wrap }, signal));
        }
        return answer(await analysis.toRequest(at, requestOptions, signal));
      };

      const target = await analyzed(ctx, params.uri);
      if (target) return convertWith(target.analysis);
      // Not analyzed: the open document's text, else the file's.
      const open = ctx.documents.get(params.uri);
      let text: string;
      if (open) text = open.getText();
      else {
        const read = await readText(params.uri, ctx.hosts.folders.roots);
        if ('error' in read) return { ok: false, error: 'The file cannot be read.' };
        text = read.text;
        const analysis = ctx.documents.transient(params.uri, text, await ctx.settings.forUri(params.uri, false));
        if (analysis) {
          try {
            return await convertWith(analysis);
          } finally {
            analysis.dispose();
          }
        }
      }
      if (params.to === 'cloudformation')
        return {
          ok: false,
          error: 'Convert to CloudFormation Resource works on request files (identity sources, trust providers).',
        };
      // A template the server does not analyze: parsed here, for this request only.
      const doc = { uri: params.uri, text, languageId: open?.languageId };
      return answer(serviceModule().templateTextToRequest(doc, at, requestOptions));
    }),
  );
}
