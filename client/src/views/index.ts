/**
 * The two views, their TreeViews, the shared filter, and what commands need from them: refresh after a change,
 * reveal a resource, the node a command was run on.
 */
import * as vscode from 'vscode';
import type { ResourceRef } from '../aws/operations';
import type { AwsSession } from '../aws/session';
import type { Logger } from '../log';
import { TreeFilter } from './filter';
import {
  IdentityConnectionNode,
  IdentitySourceNode,
  IdentitySourcesProvider,
  type PolicyStoreNode,
} from './identity-sources';
import type { TreeNode } from './node';
import { TrustConnectionNode, TrustProviderNode, TrustProvidersProvider } from './trust-providers';

export const VIEW_IDS = {
  identitySources: 'verifiedIdentity.identitySources',
  trustProviders: 'verifiedIdentity.trustProviders',
} as const;

/** How many more pages `reveal` loads to find a resource. */
const REVEAL_MAX_PAGES = 20;

export class AwsViews implements vscode.Disposable {
  readonly filter = new TreeFilter();
  readonly identitySources: IdentitySourcesProvider;
  readonly trustProviders: TrustProvidersProvider;
  readonly identitySourcesView: vscode.TreeView<TreeNode>;
  readonly trustProvidersView: vscode.TreeView<TreeNode>;

  constructor(session: AwsSession, log: Logger) {
    this.identitySources = new IdentitySourcesProvider(session, this.filter, log);
    this.trustProviders = new TrustProvidersProvider(session, this.filter, log);
    this.identitySourcesView = vscode.window.createTreeView(VIEW_IDS.identitySources, {
      treeDataProvider: this.identitySources,
      showCollapseAll: true,
    });
    this.trustProvidersView = vscode.window.createTreeView(VIEW_IDS.trustProviders, {
      treeDataProvider: this.trustProviders,
      showCollapseAll: true,
    });
  }

  refreshAll(): void {
    this.identitySources.refresh();
    this.trustProviders.refresh();
  }

  /** Page sizes for new data (tests use small ones to see "Load more…"). */
  setPageSize(size: { policyStores?: number; identitySources?: number; trustProviders?: number }): void {
    this.identitySources.dataOptions = { ...this.identitySources.dataOptions, pageSize: size };
    this.trustProviders.dataOptions = { ...this.trustProviders.dataOptions, pageSize: size };
    this.refreshAll();
  }

  /** After a create, update, modify or delete: reload the part of the tree that shows the resource. */
  async changed(resource: ResourceRef): Promise<void> {
    if (resource.type === 'trustProvider') {
      const root = await this.trustProviders.connectionNode();
      this.trustProviders.refresh(root);
      return;
    }
    const root = await this.identitySources.connectionNode();
    const store =
      root instanceof IdentityConnectionNode ? await this.storeNode(root, resource.policyStoreId, 0) : undefined;
    if (store) this.identitySources.refresh(store);
    else if (root) this.identitySources.refresh(root);
  }

  private async storeNode(
    root: IdentityConnectionNode,
    policyStoreId: string | undefined,
    maxPages: number,
  ): Promise<PolicyStoreNode | undefined> {
    if (!policyStoreId) return undefined;
    await root.stores.ensureLoaded();
    for (let i = 0; ; i++) {
      const s = root.stores.items.find(x => x.policyStoreId === policyStoreId || x.aliases.includes(policyStoreId));
      if (s) return root.storeNode(s);
      if (i >= maxPages || root.stores.nextToken === undefined || root.stores.failure) return undefined;
      await root.stores.loadMore();
      this.identitySources.redraw(root);
    }
  }

  /** Finds the node of a resource (loading pages as needed) and reveals it; false when it is not in the tree. */
  async reveal(resource: ResourceRef): Promise<boolean> {
    let node: TreeNode | undefined;
    let view: vscode.TreeView<TreeNode>;
    if (resource.type === 'identitySource') {
      view = this.identitySourcesView;
      const root = await this.identitySources.connectionNode();
      if (!(root instanceof IdentityConnectionNode)) return false;
      const store = await this.storeNode(root, resource.policyStoreId, REVEAL_MAX_PAGES);
      if (!store) return false;
      store.reset();
      this.identitySources.redraw(store);
      node = (await store.getChildren()).find(
        n => n instanceof IdentitySourceNode && n.source.identitySourceId === resource.id,
      );
      if (!node && this.filter.active) {
        this.filter.set('');
        node = (await store.getChildren()).find(
          n => n instanceof IdentitySourceNode && n.source.identitySourceId === resource.id,
        );
      }
    } else {
      view = this.trustProvidersView;
      const root = await this.trustProviders.connectionNode();
      if (!(root instanceof TrustConnectionNode)) return false;
      await root.providers.ensureLoaded();
      for (let i = 0; i <= REVEAL_MAX_PAGES; i++) {
        if (root.providers.items.some(t => t.id === resource.id)) break;
        if (root.providers.nextToken === undefined || root.providers.failure) break;
        await root.providers.loadMore();
      }
      if (this.filter.active) this.filter.set('');
      this.trustProviders.redraw(root);
      node = (await root.getChildren()).find(n => n instanceof TrustProviderNode && n.trustProvider.id === resource.id);
    }
    if (!node) return false;
    await view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  dispose(): void {
    this.identitySourcesView.dispose();
    this.trustProvidersView.dispose();
    this.identitySources.dispose();
    this.trustProviders.dispose();
    this.filter.dispose();
  }
}
