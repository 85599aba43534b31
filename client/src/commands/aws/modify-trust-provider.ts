/** Modify Trust Provider from File: a diff of deployed ↔ result, a confirmation, then ModifyVerifiedAccessTrustProvider. */
import { applyFromFile, type ApplyOutcome } from '../../apply/apply';
import type { ExtensionCtx } from '../../context';

export function modifyTrustProvider(ctx: ExtensionCtx, arg?: unknown): Promise<ApplyOutcome> {
  return applyFromFile(ctx, 'trust-provider-update', arg);
}
