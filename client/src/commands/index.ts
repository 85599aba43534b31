/**
 * The command table: command id → handler. `activate()` registers every entry; package.json `contributes.commands`
 * declares them (a test checks the two agree). Only implemented commands are listed: the AWS commands
 * (create/update/modify/delete, compare, open as, select profile/region, refresh, filter, retry, load more, copy id)
 * join the table — one line each — when they exist; until then VS Code answers "command not found" for them.
 */
import * as vscode from 'vscode';
import type { ExtensionCtx } from '../context';
import { newConfigurationFile } from './new-file';
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
