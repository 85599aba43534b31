/** Open as JSON: a deployed resource as a new JSON request file. */
import type * as vscode from 'vscode';
import { openDeployed } from '../../apply/open-deployed';
import type { ExtensionCtx } from '../../context';

export function openAsJson(ctx: ExtensionCtx, arg?: unknown): Promise<vscode.Uri | undefined> {
  return openDeployed(ctx, 'json', arg);
}
