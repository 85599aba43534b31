/** Convert to Request File: the template resource at the cursor (or chosen) as a new request file. */
import { convertFile, parseConvertArgs, type ConvertOutcome } from '../convert/file';
import type { ExtensionCtx } from '../context';

export function convertToRequest(ctx: ExtensionCtx, arg?: unknown): Promise<ConvertOutcome | undefined> {
  return convertFile(ctx, 'request', parseConvertArgs(arg));
}
