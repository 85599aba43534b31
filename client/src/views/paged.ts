/**
 * The children of a node that come from a paginated listing: what has been loaded so far, where to continue, and the
 * last failure. `nodes()` turns that into tree nodes with "Load more…" and an error node at the end.
 */
import { AwsCallError, describeAwsError, type AwsFailure } from '../aws/errors';
import type { Page } from '../aws/listing';
import { ErrorNode, LoadMoreNode, type TreeNode } from './node';

export class PagedList<T> {
  items: T[] = [];
  nextToken: string | undefined;
  failure: AwsFailure | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly fetch: (nextToken?: string) => Promise<Page<T>>,
    private readonly action: string,
  ) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  reset(): void {
    this.items = [];
    this.nextToken = undefined;
    this.failure = undefined;
    this.loaded = false;
    this.loading = undefined;
  }

  private run(token: string | undefined): Promise<void> {
    return (this.loading ??= (async () => {
      try {
        const page = await this.fetch(token);
        this.items.push(...page.items);
        this.nextToken = page.nextToken;
        this.failure = undefined;
      } catch (e) {
        this.failure = e instanceof AwsCallError ? e.failure : describeAwsError(e, this.action);
      } finally {
        this.loaded = true;
        this.loading = undefined;
      }
    })());
  }

  /** Loads the first page once. */
  ensureLoaded(): Promise<void> {
    return this.loaded ? (this.loading ?? Promise.resolve()) : this.run(undefined);
  }

  /** Loads the next page (after a failure: retries the page that failed). */
  loadMore(): Promise<void> {
    if (!this.loaded) return this.run(undefined);
    if (this.nextToken === undefined && !this.failure) return Promise.resolve();
    return this.run(this.nextToken);
  }

  /** Child nodes: the items, then "Load more…" or the error node. */
  tail(parent: TreeNode, refresh: () => Promise<void>): TreeNode[] {
    if (this.failure) {
      return [
        new ErrorNode(parent, this.failure, async () => {
          if (this.items.length === 0) this.reset();
          else await this.loadMore();
          await refresh();
        }),
      ];
    }
    if (this.nextToken !== undefined) {
      return [
        new LoadMoreNode(parent, async () => {
          await this.loadMore();
          await refresh();
        }),
      ];
    }
    return [];
  }
}
