/** The resource a tree command runs on: a tree node, or `{ type, id, policyStoreId }` (tests, other commands). */
import type { ResourceRef } from '../aws/operations';
import { IdentitySourceNode, PolicyStoreNode } from '../views/identity-sources';
import { TrustProviderNode } from '../views/trust-providers';

export function resourceOf(arg: unknown): ResourceRef | undefined {
  if (arg instanceof IdentitySourceNode) {
    return { type: 'identitySource', id: arg.source.identitySourceId, policyStoreId: arg.source.policyStoreId };
  }
  if (arg instanceof TrustProviderNode) return { type: 'trustProvider', id: arg.trustProvider.id };
  if (!arg || typeof arg !== 'object') return undefined;
  const r = arg as Record<string, unknown>;
  const ref = (r.resource && typeof r.resource === 'object' ? r.resource : r) as Record<string, unknown>;
  if (ref.type === 'identitySource' && typeof ref.id === 'string' && typeof ref.policyStoreId === 'string')
    return { type: 'identitySource', id: ref.id, policyStoreId: ref.policyStoreId };
  if (ref.type === 'trustProvider' && typeof ref.id === 'string') return { type: 'trustProvider', id: ref.id };
  return undefined;
}

/** The ID a node shows (Copy ID). */
export function idOf(arg: unknown): string | undefined {
  if (arg instanceof PolicyStoreNode) return arg.store.policyStoreId;
  return resourceOf(arg)?.id;
}
