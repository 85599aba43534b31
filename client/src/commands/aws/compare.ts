/** Compare with Deployed: a diff view of the deployed resource and the file's request. */
import { compareFileWithDeployed, type CompareOutcome } from '../../apply/compare';
import type { ExtensionCtx } from '../../context';

export async function compareWithDeployed(ctx: ExtensionCtx, arg?: unknown): Promise<CompareOutcome> {
  const outcome = await compareFileWithDeployed(ctx, arg);
  void ctx.aws.prompts.notify(outcome.ok ? 'info' : 'warning', `Verified Identity: ${outcome.message}`, []);
  return outcome;
}
