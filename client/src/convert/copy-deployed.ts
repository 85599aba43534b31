/**
 * Copy as CloudFormation (YAML / JSON): a deployed identity source or trust provider of the views as a resource to
 * paste under a template's `Resources`, written to the clipboard. The views already hold the resource as AWS returned
 * it (ListIdentitySources / DescribeVerifiedAccessTrustProviders items); given only a reference (`{ type, id,
 * policyStoreId }`), it is fetched. The conversion is the service's (`deployedToResource`); AWS never returns client
 * secrets, so none are copied.
 */
import * as vscode from 'vscode';
import { deployedToResource } from '../../../server/src/service/convert/deployed';
import { AwsCallError } from '../aws/errors';
import { RESTRICTED_MESSAGE } from '../apply/target';
import { resourceOf } from '../apply/resource';
import type { ExtensionCtx } from '../context';
import { IdentitySourceNode } from '../views/identity-sources';
import { TrustProviderNode } from '../views/trust-providers';

export interface CopyOutcome {
  text: string;
  logicalId: string;
  type: string;
  notes: string[];
}

type Raw = Record<string, unknown>;

async function deployedOf(
  ctx: ExtensionCtx,
  arg: unknown,
): Promise<{ base: 'identity-source' | 'trust-provider'; raw: Raw }> {
  if (arg instanceof IdentitySourceNode) return { base: 'identity-source', raw: arg.source.raw };
  if (arg instanceof TrustProviderNode) return { base: 'trust-provider', raw: arg.trustProvider.raw };
  const ref = resourceOf(arg);
  if (!ref)
    throw new Error(
      'Run Copy as CloudFormation on an identity source or trust provider in the Verified Identity view.',
    );
  if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_MESSAGE);
  const listing = await ctx.aws.session.listing();
  if (!listing) throw new Error('Choose an AWS profile first (Verified Identity: Select Profile).');
  try {
    if (ref.type === 'identitySource')
      return { base: 'identity-source', raw: (await listing.getIdentitySource(ref.policyStoreId!, ref.id)).raw };
    return { base: 'trust-provider', raw: (await listing.describeTrustProvider(ref.id)).raw };
  } catch (e) {
    throw e instanceof AwsCallError ? new Error(e.failure.message) : e;
  }
}

/** How long the clipboard may take (in a browser it can wait on the page's focus or permissions). */
const CLIPBOARD_WAIT_MS = 5000;

async function writeClipboard(text: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error('The clipboard did not take the text.')), CLIPBOARD_WAIT_MS)),
  );
  try {
    await Promise.race([Promise.resolve(vscode.env.clipboard.writeText(text)), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function copyAsCloudFormation(
  ctx: ExtensionCtx,
  format: 'json' | 'yaml',
  arg: unknown,
): Promise<CopyOutcome> {
  const { base, raw } = await deployedOf(ctx, arg);
  const conversion = deployedToResource(base, raw, { format });
  await writeClipboard(conversion.text);
  const what = base === 'identity-source' ? 'identity source' : 'trust provider';
  const message = [
    `Copied the ${what} as the CloudFormation resource ${conversion.logicalId} (${format.toUpperCase()}): paste it under Resources.`,
    ...conversion.notes,
  ].join(' ');
  void ctx.aws.prompts.notify('info', message, []);
  ctx.log.info(`Copied a deployed ${what} as CloudFormation ${format.toUpperCase()}.`);
  return { text: conversion.text, logicalId: conversion.logicalId, type: conversion.type, notes: conversion.notes };
}
