/** Update Identity Source from File: a diff of deployed ↔ file, a confirmation, then UpdateIdentitySource. */
import { applyFromFile, type ApplyOutcome } from '../../apply/apply';
import type { ExtensionCtx } from '../../context';

export function updateIdentitySource(ctx: ExtensionCtx, arg?: unknown): Promise<ApplyOutcome> {
  return applyFromFile(ctx, 'identity-source-update', arg);
}
