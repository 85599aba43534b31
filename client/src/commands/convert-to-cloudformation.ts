/** Convert to CloudFormation Resource: the request file at the cursor as a resource, in a new template document. */
import { convertFile, parseConvertArgs, type ConvertOutcome } from '../convert/file';
import type { ExtensionCtx } from '../context';

export function convertToCloudFormation(ctx: ExtensionCtx, arg?: unknown): Promise<ConvertOutcome | undefined> {
  return convertFile(ctx, 'cloudformation', parseConvertArgs(arg));
}
