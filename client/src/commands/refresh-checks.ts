/**
 * Refresh Schema and Discovery Checks: the language server forgets its cached Cedar schemas and OIDC discovery
 * documents and checks the open files again; the extension forgets the key sets Check a Token… fetched and its cached
 * AWS look-ups (policy stores, deployed schemas, identity sources, trust providers) and checks drift again.
 */
import { RefreshChecksNotification } from '../../../server/src/protocol';
import type { ExtensionCtx } from '../context';
import { clearVerifierCache } from '../token/verifier';

export async function refreshChecks(ctx: ExtensionCtx): Promise<void> {
  ctx.aws.lookup.clear();
  clearVerifierCache();
  await ctx.ready;
  await ctx.client.sendNotification(RefreshChecksNotification);
  ctx.drift.reset();
  ctx.log.info('Refreshed Cedar schema, OIDC discovery and deployed look-ups; checking open files again.');
}
