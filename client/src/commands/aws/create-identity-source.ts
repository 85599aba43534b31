/** Create Identity Source from File: CreateIdentitySource with the active (or given) file's request. */
import { applyFromFile, type ApplyOutcome } from '../../apply/apply';
import type { ExtensionCtx } from '../../context';

export function createIdentitySource(ctx: ExtensionCtx, arg?: unknown): Promise<ApplyOutcome> {
  return applyFromFile(ctx, 'identity-source', arg);
}
