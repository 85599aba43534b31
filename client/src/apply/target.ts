/**
 * What an AWS command runs on: its arguments (a URI, `{ uri, document }`, a tree node) or the active editor, and the
 * Restricted Mode guard every AWS command starts with.
 */
import * as vscode from 'vscode';

export const RESTRICTED_MESSAGE =
  'AWS commands do not run in Restricted Mode: trust this workspace (Manage Workspace Trust) to browse and deploy. Local validation still works.';

export interface FileArgs {
  uri?: vscode.Uri;
  document?: number;
  retry?: string;
}

function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v) return /^[a-z][a-z0-9+.-]*:/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  if (v && typeof v === 'object' && 'scheme' in v && 'path' in v) return vscode.Uri.from(v as vscode.Uri);
  return undefined;
}

/** Command arguments: a URI (explorer, editor title), a string, or `{ uri, document, retry }`. */
export function parseFileArgs(raw: unknown): FileArgs {
  const direct = asUri(raw);
  if (direct) return { uri: direct };
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const uri = asUri(r.uri);
  return {
    ...(uri ? { uri } : {}),
    ...(Number.isInteger(r.document) && (r.document as number) >= 0 ? { document: r.document as number } : {}),
    ...(typeof r.retry === 'string' ? { retry: r.retry } : {}),
  };
}

/** The file a command runs on: its argument, else the active editor's document. */
export function targetUri(args: FileArgs): vscode.Uri | undefined {
  return args.uri ?? vscode.window.activeTextEditor?.document.uri;
}

export function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString(true);
}
