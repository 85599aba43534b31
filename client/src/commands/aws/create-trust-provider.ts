/** Create Trust Provider from File: CreateVerifiedAccessTrustProvider with the active (or given) file's request. */
import { applyFromFile, type ApplyOutcome } from '../../apply/apply';
import type { ExtensionCtx } from '../../context';

export function createTrustProvider(ctx: ExtensionCtx, arg?: unknown): Promise<ApplyOutcome> {
  return applyFromFile(ctx, 'trust-provider', arg);
}
