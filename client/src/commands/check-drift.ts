/**
 * Check Drift: compares a file (the argument, else the active editor's file) with what is deployed now, updates its
 * drift lens, and says the outcome. Also what the lens runs after a failure.
 */
import * as vscode from 'vscode';
import { parseFileArgs, targetUri, RESTRICTED_MESSAGE, fileName } from '../apply/target';
import type { ExtensionCtx } from '../context';
import type { DocumentDrift } from '../drift/lens';
import { lensTitle } from '../drift/binding';

export async function checkDrift(ctx: ExtensionCtx, arg?: unknown): Promise<DocumentDrift[] | undefined> {
  if (!vscode.workspace.isTrusted) {
    void ctx.aws.prompts.notify('warning', `Verified Identity: ${RESTRICTED_MESSAGE}`, []);
    return undefined;
  }
  const uri = targetUri(parseFileArgs(arg));
  if (!uri) {
    void ctx.aws.prompts.notify('warning', 'Verified Identity: open a file to check it against what is deployed.', []);
    return undefined;
  }
  if (!(await ctx.aws.session.listing())) {
    void ctx.aws.prompts.notify('warning', 'Verified Identity: choose an AWS profile first (Select Profile).', []);
    return undefined;
  }
  const result = await ctx.drift.check(uri, true);
  const said = result.map(d => lensTitle(d.state)?.replace(/\$\([^)]*\)\s*/g, '')).filter(Boolean);
  void ctx.aws.prompts.notify(
    'info',
    `Verified Identity: ${fileName(uri)}: ${said.length ? said.join('; ') : 'no deployed resource is bound to this file'}.`,
    [],
  );
  return result;
}
