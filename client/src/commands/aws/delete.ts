/**
 * Delete (tree context menu): an identity source or a trust provider, after a modal confirmation. Trust providers get
 * an idempotency token. The tree is refreshed either way.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AwsCallError, describeAwsError, type AwsFailure } from '../../aws/errors';
import type { ResourceRef } from '../../aws/operations';
import { labelOf } from '../../apply/deployed';
import { resourceOf } from '../../apply/resource';
import { RESTRICTED_MESSAGE } from '../../apply/target';
import type { ExtensionCtx } from '../../context';

export interface DeleteOutcome {
  ok: boolean;
  message: string;
  resource?: ResourceRef;
  failure?: AwsFailure;
}

export async function deleteResource(ctx: ExtensionCtx, arg?: unknown): Promise<DeleteOutcome> {
  if (!vscode.workspace.isTrusted) return { ok: false, message: RESTRICTED_MESSAGE };
  const ref = resourceOf(arg);
  if (!ref)
    return { ok: false, message: 'Run Delete on an identity source or trust provider in the Verified Identity view.' };
  const aws = ctx.aws;
  const state = await aws.session.state();
  const ops = await aws.session.operations();
  if (!state.connection || !ops) return { ok: false, message: 'Choose an AWS profile first.' };
  const label = labelOf(ref);
  const confirmed = await aws.prompts.confirm(
    `Delete ${label}?`,
    `Profile ${state.connection.label}. ${
      ref.type === 'identitySource'
        ? 'Applications that sign users in through it stop being authorized by this policy store.'
        : 'Verified Access instances that use it stop trusting its users or devices.'
    } This cannot be undone.`,
    'Delete',
  );
  if (!confirmed) return { ok: false, message: 'Delete cancelled: nothing was changed.', resource: ref };
  const action = ref.type === 'identitySource' ? 'DeleteIdentitySource' : 'DeleteVerifiedAccessTrustProvider';
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Verified Identity: deleting ${label}…` },
      () =>
        ref.type === 'identitySource'
          ? ops.deleteIdentitySource(ref.policyStoreId!, ref.id)
          : ops.deleteTrustProvider(ref.id, randomUUID()),
    );
    const message = `Deleted ${label}.`;
    ctx.log.info(message);
    void aws.prompts.notify('info', `Verified Identity: ${message}`, []);
    return { ok: true, message, resource: ref };
  } catch (e) {
    const failure = e instanceof AwsCallError ? e.failure : describeAwsError(e, action, { mutating: true });
    ctx.log.warn(`${failure.action} failed: ${failure.code}: ${failure.message}`);
    void aws.prompts.notify('error', `Verified Identity: ${failure.message}`, ['Show Logs']).then(c => {
      if (c === 'Show Logs') ctx.log.show();
    });
    return { ok: false, message: failure.message, resource: ref, failure };
  } finally {
    await aws.views.changed(ref);
  }
}
