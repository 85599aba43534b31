/** Restart Language Server: stops and starts the same client (the extension's API keeps pointing at it). */
import type { ExtensionCtx } from '../context';

export async function restartServer(ctx: ExtensionCtx): Promise<void> {
  ctx.log.info('Restarting the language server.');
  await ctx.ready.catch(() => undefined);
  await ctx.client.restart();
  ctx.log.info('Language server restarted.');
  await ctx.status.refresh();
}
