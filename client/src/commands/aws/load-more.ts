/** Load More ("Load more…" nodes): the next page of policy stores, identity sources or trust providers. */
import type { ExtensionCtx } from '../../context';
import { LoadMoreNode } from '../../views/node';

export async function loadMore(_ctx: ExtensionCtx, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await node.loadMore();
}
