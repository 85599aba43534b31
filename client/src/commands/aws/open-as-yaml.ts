/** Open as YAML: a deployed resource as a new YAML request file. */
import type * as vscode from 'vscode';
import { openDeployed } from '../../apply/open-deployed';
import type { ExtensionCtx } from '../../context';

export function openAsYaml(ctx: ExtensionCtx, arg?: unknown): Promise<vscode.Uri | undefined> {
  return openDeployed(ctx, 'yaml', arg);
}
