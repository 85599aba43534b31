/** Copy as CloudFormation (JSON): a deployed resource as a template resource, to the clipboard. */
import { copyAsCloudFormation, type CopyOutcome } from '../../convert/copy-deployed';
import type { ExtensionCtx } from '../../context';

export function copyAsCloudFormationJson(ctx: ExtensionCtx, arg?: unknown): Promise<CopyOutcome> {
  return copyAsCloudFormation(ctx, 'json', arg);
}
