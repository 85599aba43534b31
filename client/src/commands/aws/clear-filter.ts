/** Clear Filter. */
import type { ExtensionCtx } from '../../context';

export function clearFilter(ctx: ExtensionCtx): void {
  ctx.aws.views.filter.set('');
}
