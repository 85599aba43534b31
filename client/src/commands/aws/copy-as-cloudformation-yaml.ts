/** Copy as CloudFormation (YAML): a deployed resource as a template resource, to the clipboard. */
import { copyAsCloudFormation, type CopyOutcome } from '../../convert/copy-deployed';
import type { ExtensionCtx } from '../../context';

export function copyAsCloudFormationYaml(ctx: ExtensionCtx, arg?: unknown): Promise<CopyOutcome> {
  return copyAsCloudFormation(ctx, 'yaml', arg);
}
