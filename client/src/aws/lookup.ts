/**
 * Answers the language server's `verifiedIdentity/awsLookup` (live completion and checks): policy stores with their
 * aliases and descriptions, a store's Cedar schema, its identity sources, the trust providers. Results are cached
 * briefly per connection (completion asks often); failures are not cached. The caller (client.ts) answers
 * `available: false` in Restricted Mode before this runs. Pure: no `vscode`.
 */
import type { AwsLookupParams, AwsLookupResult } from '../../../server/src/protocol';
import { AwsCallError } from './errors';
import type { AwsListing } from './listing';

export const LOOKUP_TTL_MS = 60_000;
/** Bound on what one look-up lists (completion does not need thousands of stores). */
const MAX_STORES = 200;

export class AwsLookup {
  private readonly cache = new Map<string, { at: number; value: Promise<AwsLookupResult> }>();

  constructor(
    /** The current connection's listing; undefined when there is none (no profile, untrusted). */
    private readonly listing: () => Promise<AwsListing | undefined>,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  clear(): void {
    this.cache.clear();
  }

  async answer(params: AwsLookupParams): Promise<AwsLookupResult> {
    const listing = await this.listing();
    if (!listing) return { available: false, error: 'No AWS connection: choose a profile.' };
    const what = params?.what;
    const store = 'policyStoreId' in params && typeof params.policyStoreId === 'string' ? params.policyStoreId : '';
    if ((what === 'schema' || what === 'identitySources') && !store)
      return { available: false, error: `${what} needs a policyStoreId.` };
    const key = `${listing.clients.connection.label}|${listing.clients.connection.endpoints.verifiedPermissions ?? ''}|${what}|${store}`;
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.ttlMs ?? LOOKUP_TTL_MS)) return hit.value;
    const value = this.fetch(listing, what, store);
    this.cache.set(key, { at: now, value });
    const result = await value;
    if (!result.available) this.cache.delete(key);
    return result;
  }

  private async fetch(listing: AwsListing, what: AwsLookupParams['what'], store: string): Promise<AwsLookupResult> {
    try {
      switch (what) {
        case 'policyStores': {
          const [page, aliases] = await Promise.all([
            listing.listPolicyStores(undefined, MAX_STORES),
            listing.listAliases().catch(() => new Map<string, string[]>()),
          ]);
          return {
            available: true,
            items: page.items.map(s => ({
              id: s.policyStoreId,
              ...(aliases.get(s.policyStoreId)?.length ? { label: aliases.get(s.policyStoreId)!.join(', ') } : {}),
              ...(s.description ? { description: s.description } : {}),
            })),
          };
        }
        case 'schema': {
          const schema = await listing.getSchema(store);
          return schema === undefined ? { available: true } : { available: true, schema };
        }
        case 'identitySources': {
          const page = await listing.listIdentitySources(store);
          return {
            available: true,
            items: page.items.map(s => ({
              id: s.identitySourceId,
              ...(s.principalEntityType ? { label: s.principalEntityType } : {}),
              ...(s.issuer ? { description: s.issuer } : {}),
            })),
          };
        }
        case 'trustProviders': {
          const page = await listing.listTrustProviders();
          return {
            available: true,
            items: page.items.map(t => ({
              id: t.id,
              ...(t.policyReferenceName ? { label: t.policyReferenceName } : {}),
              description: [t.trustProviderType, t.userTrustProviderType ?? t.deviceTrustProviderType]
                .filter(Boolean)
                .join(' · '),
            })),
          };
        }
        default:
          return { available: false, error: `Unknown look-up "${String(what)}".` };
      }
    } catch (e) {
      return { available: false, error: e instanceof AwsCallError ? e.failure.message : String(e) };
    }
  }
}
