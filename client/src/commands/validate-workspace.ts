/**
 * Validate Workspace: finds every associated file — default globs, each folder's `verifiedIdentity.files` globs, and
 * YAML files whose first line is the modeline — and asks the server to check them (`verifiedIdentity/validateFiles`).
 * The server publishes their diagnostics, so closed files show up in the Problems panel; progress comes back through
 * the request's work-done token and the notification can cancel the run.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { ValidateFilesRequest, type ValidateFilesParams, type ValidateFilesResult } from '../../../server/src/protocol';
import { DEFAULT_ASSOCIATIONS, modelineKind } from '../../../server/src/service/association';
import { readSettings } from '../config';
import type { ExtensionCtx } from '../context';

/** Never searched. */
export const EXCLUDE = '**/{node_modules,.git}/**';
/** Bounds of the search, so that a huge workspace cannot stall the extension host. */
export const LIMITS = {
  filesPerGlob: 5000,
  modelineCandidates: 2000,
  modelineMaxBytes: 256 * 1024,
  readConcurrency: 16,
};

export interface ValidateWorkspaceResult extends ValidateFilesResult {
  /** The files that were sent to the server. */
  uris: string[];
  cancelled: boolean;
}

/**
 * The glob of a `verifiedIdentity.files` entry as a pattern relative to the folder, mirroring the server's matching
 * (association.ts): globs are anchored anywhere (`**\/` prefix) unless they start with `**` or are absolute.
 */
export function relativeGlob(glob: string, folder: vscode.Uri): string | undefined {
  const g = glob.replace(/\\/g, '/');
  if (g.startsWith('**')) return g;
  if (g.startsWith('/') || /^[A-Za-z]:\//.test(g)) {
    const base = folder.path.replace(/\/+$/, '');
    return g.startsWith(`${base}/`) ? g.slice(base.length + 1) : undefined; // outside this folder: not searched here
  }
  return `**/${g}`;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function hasModeline(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > LIMITS.modelineMaxBytes) return false;
    const bytes = await vscode.workspace.fs.readFile(uri);
    const head = new TextDecoder().decode(bytes.subarray(0, 512));
    return modelineKind(head) !== undefined;
  } catch {
    return false;
  }
}

/** Every associated file of the open workspace folders, sorted and without duplicates. */
export async function findAssociatedFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const globs = new Set([...Object.keys(DEFAULT_ASSOCIATIONS), ...Object.keys(readSettings(folder.uri).files)]);
    for (const glob of globs) {
      const rel = relativeGlob(glob, folder.uri);
      if (!rel) continue;
      const uris = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, rel),
        EXCLUDE,
        LIMITS.filesPerGlob,
        token,
      );
      for (const u of uris) found.set(u.toString(), u);
      if (token?.isCancellationRequested) return [];
    }
    const yaml = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/*.{yaml,yml}'),
      EXCLUDE,
      LIMITS.modelineCandidates,
      token,
    );
    const candidates = yaml.filter(u => !found.has(u.toString()));
    const flags = await mapLimit(candidates, LIMITS.readConcurrency, u =>
      token?.isCancellationRequested ? Promise.resolve(false) : hasModeline(u),
    );
    candidates.forEach((u, i) => flags[i] && found.set(u.toString(), u));
    if (token?.isCancellationRequested) return [];
  }
  return [...found.values()].sort((a, b) => a.toString().localeCompare(b.toString()));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function validateWorkspace(ctx: ExtensionCtx): Promise<ValidateWorkspaceResult> {
  await ctx.ready;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'Verified Identity: validating workspace',
      cancellable: true,
    },
    async (progress, token): Promise<ValidateWorkspaceResult> => {
      const empty = (cancelled: boolean, uris: string[] = []): ValidateWorkspaceResult => ({
        files: 0,
        errors: 0,
        warnings: 0,
        failed: [],
        uris,
        cancelled,
      });
      progress.report({ message: 'finding files…' });
      const files = await findAssociatedFiles(token);
      if (token.isCancellationRequested) return empty(true);
      const uris = files.map(u => ctx.client.code2ProtocolConverter.asUri(u));
      if (uris.length === 0) return empty(false);

      const workDoneToken = `verifiedIdentity.validateWorkspace.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
      let done = 0;
      const listener = ctx.client.onProgress(WorkDoneProgress.type, workDoneToken, value => {
        if (value.kind === 'end') return;
        const v = value;
        const increment = typeof v.percentage === 'number' ? Math.max(0, v.percentage - done) : undefined;
        if (typeof v.percentage === 'number') done = Math.max(done, v.percentage);
        progress.report({ message: v.message, increment });
      });
      progress.report({ message: `checking ${plural(uris.length, 'file')}…` });
      try {
        const params: ValidateFilesParams = { uris, workDoneToken };
        const answer = await ctx.client.sendRequest<ValidateFilesResult>(ValidateFilesRequest, params, token);
        return { ...answer, uris, cancelled: token.isCancellationRequested };
      } catch (e) {
        if (token.isCancellationRequested) return empty(true, uris);
        throw e;
      } finally {
        listener.dispose();
      }
    },
  );

  if (result.cancelled) {
    ctx.log.info('Validate Workspace cancelled.');
    return result;
  }
  const summary =
    result.uris.length === 0
      ? 'No Verified Identity files in this workspace (*.identity-source.*, *.trust-provider.*, verifiedIdentity.files, or a YAML first line "# verified-identity: KIND").'
      : `Checked ${plural(result.files, 'file')}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}` +
        (result.failed.length ? `; ${plural(result.failed.length, 'file')} could not be read` : '') +
        '.';
  ctx.log.info(`Validate Workspace: ${summary}`);
  for (const f of result.failed) ctx.log.warn(`Could not validate ${f.uri}: ${f.reason}`);
  const show = result.errors + result.warnings + result.failed.length > 0 ? ['Show Problems'] : [];
  void vscode.window.showInformationMessage(`Verified Identity: ${summary}`, ...show).then(choice => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}
