/**
 * The data behind the Identity Sources tree, without `vscode`: a page of policy stores with their aliases, and each
 * store's identity sources fetched ahead through one shared limiter (8 calls in flight by default), so that
 * expanding a store is instant and a hundred stores fill in well under two seconds even at 50 ms per call, without
 * flooding the account. The views (client/src/views/) and the benchmark (bench/tree.bench.ts) both use it.
 */
import { createLimiter, type Limiter } from './concurrency';
import {
  DEFAULT_PAGE_SIZE,
  type AwsListing,
  type IdentitySourceSummary,
  type Page,
  type PolicyStoreSummary,
  type TrustProviderSummary,
} from './listing';

export const DEFAULT_CONCURRENCY = 8;

export interface TreeDataOptions {
  /** Calls in flight at most (default 8). */
  concurrency?: number;
  pageSize?: Partial<typeof DEFAULT_PAGE_SIZE>;
  /** Told when the aliases could not be listed (the tree still shows the stores, without aliases). */
  onAliasError?: (e: unknown) => void;
}

export class IdentitySourceTreeData {
  readonly limiter: Limiter;
  readonly pageSize: typeof DEFAULT_PAGE_SIZE;
  private aliases: Promise<Map<string, string[]>> | undefined;
  private readonly firstPages = new Map<string, Promise<Page<IdentitySourceSummary>>>();

  constructor(
    readonly listing: AwsListing,
    private readonly options: TreeDataOptions = {},
  ) {
    this.limiter = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.pageSize = { ...DEFAULT_PAGE_SIZE, ...options.pageSize };
  }

  private aliasMap(): Promise<Map<string, string[]>> {
    return (this.aliases ??= this.limiter
      .run(() => this.listing.listAliases())
      .catch((e: unknown) => {
        this.options.onAliasError?.(e);
        return new Map<string, string[]>();
      }));
  }

  /**
   * One view page of policy stores (with aliases), and the identity sources of each store requested in the
   * background. Rejects with the ListPolicyStores failure.
   */
  async storesPage(nextToken?: string): Promise<Page<PolicyStoreSummary>> {
    const aliases = this.aliasMap();
    // Each API page's stores get their identity sources requested as soon as it arrives.
    const page = await this.limiter.run(() =>
      this.listing.listPolicyStores(nextToken, this.pageSize.policyStores, stores => {
        for (const s of stores) void this.prefetch(s.policyStoreId);
      }),
    );
    const byStore = await aliases;
    for (const s of page.items) s.aliases = byStore.get(s.policyStoreId) ?? [];
    return page;
  }

  private prefetch(policyStoreId: string): Promise<Page<IdentitySourceSummary>> {
    let p = this.firstPages.get(policyStoreId);
    if (!p) {
      p = this.limiter.run(() =>
        this.listing.listIdentitySources(policyStoreId, undefined, this.pageSize.identitySources),
      );
      // Nobody may expand this store; its failure is shown when somebody does.
      p.catch(() => undefined);
      this.firstPages.set(policyStoreId, p);
    }
    return p;
  }

  /** The first page of a store's identity sources (prefetched, or fetched now). */
  sourcesOf(policyStoreId: string): Promise<Page<IdentitySourceSummary>> {
    return this.prefetch(policyStoreId);
  }

  moreSources(policyStoreId: string, nextToken: string): Promise<Page<IdentitySourceSummary>> {
    return this.limiter.run(() =>
      this.listing.listIdentitySources(policyStoreId, nextToken, this.pageSize.identitySources),
    );
  }

  /** Forget cached results: of one store, or (no argument) everything, aliases included. */
  forget(policyStoreId?: string): void {
    if (policyStoreId === undefined) {
      this.firstPages.clear();
      this.aliases = undefined;
    } else this.firstPages.delete(policyStoreId);
  }

  /** Every store (all view pages) and every identity source: what the tree shows fully expanded. */
  async loadAll(): Promise<{ store: PolicyStoreSummary; sources: IdentitySourceSummary[] }[]> {
    const stores: PolicyStoreSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.storesPage(token);
      stores.push(...page.items);
      token = page.nextToken;
    } while (token);
    return Promise.all(
      stores.map(async store => ({ store, sources: (await this.sourcesOf(store.policyStoreId)).items })),
    );
  }
}

/** The data behind the Trust Providers tree. */
export class TrustProviderTreeData {
  readonly limiter: Limiter;
  readonly pageSize: typeof DEFAULT_PAGE_SIZE;

  constructor(
    readonly listing: AwsListing,
    options: TreeDataOptions = {},
  ) {
    this.limiter = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.pageSize = { ...DEFAULT_PAGE_SIZE, ...options.pageSize };
  }

  page(nextToken?: string): Promise<Page<TrustProviderSummary>> {
    return this.limiter.run(() => this.listing.listTrustProviders(nextToken, this.pageSize.trustProviders));
  }
}
