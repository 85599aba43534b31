/**
 * Convert to CloudFormation Resource and Convert to Request File: the server converts (`verifiedIdentity/convert`),
 * the extension opens the result as a new, unsaved document and tells the user what the conversion left out or
 * needs filled in. The extension itself never reads the file's content.
 *
 * Arguments (optional, for tests and links): a URI, or `{ uri, format, position: { line, character }, logicalId,
 * wrap, kind, id }`; by default the active editor, its cursor, and the file's own format.
 */
import * as vscode from 'vscode';
import { ConvertRequest, type ConvertParams, type ConvertResult } from '../../../server/src/protocol';
import type { ExtensionCtx } from '../context';
import { openUntitled } from './untitled';

export interface ConvertArgs {
  uri?: vscode.Uri;
  format?: 'json' | 'yaml';
  position?: { line: number; character: number };
  logicalId?: string;
  wrap?: 'resource' | 'template';
  kind?: ConvertParams['kind'];
  id?: string;
}

export interface ConvertOutcome {
  /** The new document. */
  uri: vscode.Uri;
  logicalId: string;
  notes: string[];
}

function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v) return /^[a-z][a-z0-9+.-]*:/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  return undefined;
}

export function parseConvertArgs(raw: unknown): ConvertArgs {
  const direct = asUri(raw);
  if (direct) return { uri: direct };
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const p = r.position as Record<string, unknown> | undefined;
  const position =
    p && Number.isInteger(p.line) && Number.isInteger(p.character)
      ? { line: p.line as number, character: p.character as number }
      : undefined;
  const uri = asUri(r.uri);
  return {
    ...(uri ? { uri } : {}),
    ...(r.format === 'json' || r.format === 'yaml' ? { format: r.format } : {}),
    ...(position ? { position } : {}),
    ...(typeof r.logicalId === 'string' ? { logicalId: r.logicalId } : {}),
    ...(r.wrap === 'resource' || r.wrap === 'template' ? { wrap: r.wrap } : {}),
    ...(typeof r.kind === 'string' ? { kind: r.kind as ConvertParams['kind'] } : {}),
    ...(typeof r.id === 'string' ? { id: r.id } : {}),
  };
}

type Ok = Extract<ConvertResult, { ok: true }>;

/** Runs one conversion of the file in `args` (or the active editor) and opens the result. */
export async function convertFile(
  ctx: ExtensionCtx,
  to: ConvertParams['to'],
  args: ConvertArgs,
): Promise<ConvertOutcome | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = args.uri ?? editor?.document.uri;
  if (!uri) throw new Error('Open a request file or a CloudFormation template first.');
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  const position =
    args.position ??
    (editor && editor.document.uri.toString() === uri.toString()
      ? { line: editor.selection.active.line, character: editor.selection.active.character }
      : { line: 0, character: 0 });
  const format =
    args.format ?? (open?.languageId === 'json' || /\.json$/i.test(uri.path) ? ('json' as const) : ('yaml' as const));
  const params: ConvertParams = {
    uri: uri.toString(),
    to,
    format,
    position,
    ...(args.logicalId !== undefined ? { logicalId: args.logicalId } : {}),
    ...(to === 'cloudformation' ? { wrap: args.wrap ?? 'template' } : {}),
    ...(args.kind !== undefined ? { kind: args.kind } : {}),
    ...(args.id !== undefined ? { id: args.id } : {}),
  };
  await ctx.ready;
  let result = await ctx.client.sendRequest<ConvertResult | null>(ConvertRequest, params);
  if (result && !result.ok && result.candidates?.length) {
    const logicalId = await ctx.aws.prompts.pick(
      result.candidates.map(c => ({ label: c.logicalId, description: c.type, value: c.logicalId })),
      'Which resource should become a request file?',
    );
    if (logicalId === undefined) return undefined;
    result = await ctx.client.sendRequest<ConvertResult | null>(ConvertRequest, { ...params, logicalId });
  }
  if (!result) throw new Error('The language server could not convert this file.');
  if (!result.ok) throw new Error(result.error);
  const done: Ok = result;
  const created = await openUntitled(uri, done.fileName, done.text);
  const what =
    to === 'cloudformation'
      ? `Converted to the CloudFormation resource ${done.logicalId} (${done.type}).`
      : `Converted ${done.logicalId} to a request file.`;
  ctx.log.info(
    `Converted a file to ${to === 'cloudformation' ? done.type : 'a request file'}: ${done.notes.length} note(s).`,
  );
  if (done.notes.length > 0) void ctx.aws.prompts.notify('info', [what, ...done.notes].join(' '), []);
  return { uri: created, logicalId: done.logicalId, notes: done.notes };
}
