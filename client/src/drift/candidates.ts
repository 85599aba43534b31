/**
 * The deployed resources a file may be bound to, before `boundCandidates` (binding.ts) keeps those with the file's
 * identity: update files the one they name; identity source create files every source of their policy store; trust
 * provider create files every trust provider of the Region (a renamed policy reference is drift, not a new resource).
 */
import type { Kind } from '../../../server/src/service/types';
import { deployedCandidates, type DeployedMatch } from '../apply/deployed';
import type { AwsListing } from '../aws/listing';
import { boundCandidates } from './binding';

export function bindingCandidates(
  listing: AwsListing,
  kind: Kind,
  input: Record<string, unknown>,
): Promise<DeployedMatch[]> {
  if (kind !== 'trust-provider') return deployedCandidates(listing, kind, input);
  const { PolicyReferenceName: _ignored, ...rest } = input;
  return deployedCandidates(listing, kind, rest);
}

/**
 * The candidates Compare with Deployed offers for a file: those bound to it by identity when there are any, else
 * the looser match of `deployedCandidates` (policy store, policy reference name).
 */
export async function compareCandidates(
  listing: AwsListing,
  kind: Kind,
  input: Record<string, unknown>,
): Promise<DeployedMatch[]> {
  if (kind === 'identity-source-update' || kind === 'trust-provider-update') {
    return deployedCandidates(listing, kind, input);
  }
  const bound = boundCandidates(kind, input, await bindingCandidates(listing, kind, input));
  return bound.length ? bound : deployedCandidates(listing, kind, input);
}
