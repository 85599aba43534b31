/** Show Logs: reveals the "Verified Identity" log channel (redacted; see log.ts). */
import type { ExtensionCtx } from '../context';

export function showLogs(ctx: ExtensionCtx): void {
  ctx.log.show();
}
