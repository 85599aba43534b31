/**
 * The deployed resource a file is about, and that resource as a request of the file's kind (through the service's
 * `requestFromDeployed`), for the preview before Update / Modify and for Compare with Deployed. Update files name
 * their resource; `deployedCandidates` matches create files loosely, by the policy store (one identity source per
 * store) or the trust provider's policy reference name. Compare and the drift lens first bind them by identity
 * (issuer, user pool, device tenant: drift/binding.ts).
 */
import { compareWithDeployed, requestFromDeployed, type Difference } from '../../../server/src/service/deployed';
import type { Kind } from '../../../server/src/service/types';
import type { AwsListing } from '../aws/listing';
import type { ResourceRef } from '../aws/operations';

type Obj = Record<string, unknown>;

export interface DeployedMatch {
  ref: ResourceRef;
  /** A short name for titles: `ISxxx in PSyyy`, `vatp-… (okta)`. */
  label: string;
  deployed: Obj;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function isIdentitySourceKind(kind: Kind): boolean {
  return kind === 'identity-source' || kind === 'identity-source-update';
}

export function labelOf(ref: ResourceRef, extra?: string): string {
  return ref.type === 'identitySource'
    ? `identity source ${ref.id} in policy store ${ref.policyStoreId ?? '?'}`
    : `trust provider ${ref.id}${extra ? ` (${extra})` : ''}`;
}

/**
 * The deployed resources a file's request may be about. Update kinds: exactly the one named (the call fails with
 * not-found when it is gone). Create kinds: the candidates (possibly none, possibly several).
 */
export async function deployedCandidates(listing: AwsListing, kind: Kind, input: Obj): Promise<DeployedMatch[]> {
  switch (kind) {
    case 'identity-source-update': {
      const s = await listing.getIdentitySource(String(input.policyStoreId), String(input.identitySourceId));
      const ref: ResourceRef = { type: 'identitySource', id: s.identitySourceId, policyStoreId: s.policyStoreId };
      return [{ ref, label: labelOf(ref), deployed: s.raw }];
    }
    case 'trust-provider-update': {
      const t = await listing.describeTrustProvider(String(input.VerifiedAccessTrustProviderId));
      const ref: ResourceRef = { type: 'trustProvider', id: t.id };
      return [{ ref, label: labelOf(ref, t.policyReferenceName), deployed: t.raw }];
    }
    case 'identity-source': {
      const store = str(input.policyStoreId);
      if (!store) return [];
      const out: DeployedMatch[] = [];
      let token: string | undefined;
      do {
        const page = await listing.listIdentitySources(store, token);
        for (const s of page.items) {
          const ref: ResourceRef = { type: 'identitySource', id: s.identitySourceId, policyStoreId: s.policyStoreId };
          out.push({ ref, label: labelOf(ref), deployed: s.raw });
        }
        token = page.nextToken;
      } while (token && out.length < 500);
      return out;
    }
    case 'trust-provider': {
      const name = str(input.PolicyReferenceName);
      const out: DeployedMatch[] = [];
      let token: string | undefined;
      let seen = 0;
      do {
        const page = await listing.listTrustProviders(token, 200);
        seen += page.items.length;
        for (const t of page.items) {
          if (name !== undefined && t.policyReferenceName !== name) continue;
          const ref: ResourceRef = { type: 'trustProvider', id: t.id };
          out.push({ ref, label: labelOf(ref, t.policyReferenceName), deployed: t.raw });
        }
        token = page.nextToken;
      } while (token && seen < 2000);
      return out;
    }
  }
}

/** The deployed resource as a request of `kind` (no secrets: AWS never returns them). */
export function deployedAsRequest(kind: Kind, deployed: Obj): Obj {
  return requestFromDeployed(kind, deployed);
}

/**
 * What the resource will look like after the file's request, as a request of the file's kind. Modify merges the
 * option structures it names into the deployed ones (as EC2 does); the other kinds replace what they give.
 */
export function afterApply(kind: Kind, deployedRequest: Obj, fileInput: Obj): Obj {
  const out: Obj = { ...deployedRequest };
  for (const [k, v] of Object.entries(fileInput)) {
    if (k === 'ClientToken' || k === 'clientToken' || k === 'DryRun') continue;
    const old = out[k];
    out[k] =
      kind === 'trust-provider-update' &&
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      old &&
      typeof old === 'object'
        ? { ...(old as Obj), ...(v as Obj) }
        : v;
  }
  return out;
}

export function differences(kind: Kind, fileInput: Obj, deployedRequest: Obj): Difference[] {
  return compareWithDeployed(kind, fileInput, deployedRequest);
}

/** Whether the request sets a secret (which AWS never returns, so no comparison can tell it changed). */
export function setsSecret(input: Obj): boolean {
  return JSON.stringify(input).includes('"ClientSecret"');
}
