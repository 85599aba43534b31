/**
 * The command table: command id → handler. `activate()` registers every entry; package.json `contributes.commands`
 * declares them (a test checks the two agree). The AWS commands (create/update/modify/delete, compare, open as,
 * select profile/region, refresh, filter, retry, load more, copy id) live in `aws/`, one per file.
 */
import * as vscode from 'vscode';
import type { ExtensionCtx } from '../context';
import { clearFilter } from './aws/clear-filter';
import { compareWithDeployed } from './aws/compare';
import { copyAsCloudFormationJson } from './aws/copy-as-cloudformation-json';
import { copyAsCloudFormationYaml } from './aws/copy-as-cloudformation-yaml';
import { copyId } from './aws/copy-id';
import { createIdentitySource } from './aws/create-identity-source';
import { createTrustProvider } from './aws/create-trust-provider';
import { deleteResource } from './aws/delete';
import { filter } from './aws/filter';
import { loadMore } from './aws/load-more';
import { modifyTrustProvider } from './aws/modify-trust-provider';
import { openAsJson } from './aws/open-as-json';
import { openAsYaml } from './aws/open-as-yaml';
import { refresh } from './aws/refresh';
import { retry } from './aws/retry';
import { selectProfile } from './aws/select-profile';
import { selectRegion } from './aws/select-region';
import { updateIdentitySource } from './aws/update-identity-source';
import { checkDrift } from './check-drift';
import { checkToken } from './check-token';
import { convertToCloudFormation } from './convert-to-cloudformation';
import { convertToRequest } from './convert-to-request';
import { newConfigurationFile } from './new-file';
import { refreshChecks } from './refresh-checks';
import { restartServer } from './restart';
import { showLogs } from './show-logs';
import { storeSecret } from './store-secret';
import { validateWorkspace } from './validate-workspace';

/** A handler gets the extension context and the command's raw arguments (validate them: anyone can pass anything). */
export type CommandHandler = (ctx: ExtensionCtx, ...args: unknown[]) => unknown;

export const COMMANDS = {
  'verifiedIdentity.validateWorkspace': validateWorkspace,
  'verifiedIdentity.newConfigurationFile': newConfigurationFile,
  'verifiedIdentity.storeSecret': storeSecret,
  'verifiedIdentity.restartServer': restartServer,
  'verifiedIdentity.showLogs': showLogs,
  'verifiedIdentity.createIdentitySource': createIdentitySource,
  'verifiedIdentity.updateIdentitySource': updateIdentitySource,
  'verifiedIdentity.createTrustProvider': createTrustProvider,
  'verifiedIdentity.modifyTrustProvider': modifyTrustProvider,
  'verifiedIdentity.delete': deleteResource,
  'verifiedIdentity.openAsYaml': openAsYaml,
  'verifiedIdentity.openAsJson': openAsJson,
  'verifiedIdentity.compareWithDeployed': compareWithDeployed,
  'verifiedIdentity.selectProfile': selectProfile,
  'verifiedIdentity.selectRegion': selectRegion,
  'verifiedIdentity.refresh': refresh,
  'verifiedIdentity.filter': filter,
  'verifiedIdentity.clearFilter': clearFilter,
  'verifiedIdentity.retry': retry,
  'verifiedIdentity.loadMore': loadMore,
  'verifiedIdentity.copyId': copyId,
  'verifiedIdentity.refreshChecks': refreshChecks,
  'verifiedIdentity.checkDrift': checkDrift,
  'verifiedIdentity.checkToken': checkToken,
  'verifiedIdentity.convertToCloudFormation': convertToCloudFormation,
  'verifiedIdentity.convertToRequest': convertToRequest,
  'verifiedIdentity.copyAsCloudFormationYaml': copyAsCloudFormationYaml,
  'verifiedIdentity.copyAsCloudFormationJson': copyAsCloudFormationJson,
} satisfies Record<string, CommandHandler>;

export type CommandId = keyof typeof COMMANDS;

/**
 * Registers every command of the table. A failing handler is logged and reported once to the user; the command then
 * resolves to undefined (VS Code would otherwise show a second, less helpful error).
 */
export function registerCommands(
  ctx: ExtensionCtx,
  table: Record<string, CommandHandler> = COMMANDS,
): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(ctx, ...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.error(`${id} failed:`, e);
        void vscode.window.showErrorMessage(`Verified Identity: ${message}`);
        return undefined;
      }
    }),
  );
}
