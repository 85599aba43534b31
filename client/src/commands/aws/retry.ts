/** Retry (error nodes): loads the failed part of the tree again. */
import type { ExtensionCtx } from '../../context';
import { ErrorNode } from '../../views/node';

export async function retry(ctx: ExtensionCtx, node?: unknown): Promise<void> {
  if (node instanceof ErrorNode) await node.retry();
  else ctx.aws.views.refreshAll();
}
