/**
 * Trust Providers view: connection → Verified Access trust providers (type · subtype · policy reference name) →
 * details, a page at a time ("Load more…").
 */
import * as vscode from 'vscode';
import { actionName } from '../aws/clients';
import type { Connection } from '../aws/connection';
import type { TrustProviderSummary } from '../aws/listing';
import type { SessionState } from '../aws/session';
import { TrustProviderTreeData, type TreeDataOptions } from '../aws/tree-data';
import { trustProviderDetails } from './details';
import { connectionItem } from './identity-sources';
import { DetailNode, MessageNode, type TreeNode } from './node';
import { PagedList } from './paged';
import { ResourceTreeProvider } from './provider';

export class TrustProvidersProvider extends ResourceTreeProvider {
  data: TrustProviderTreeData | undefined;
  dataOptions: TreeDataOptions = {};

  protected createRoot(state: SessionState): TreeNode {
    return new TrustConnectionNode(this, state.connection!);
  }

  protected forget(): void {
    this.data = undefined;
  }

  async dataFor(): Promise<TrustProviderTreeData | undefined> {
    if (this.data) return this.data;
    const listing = await this.session.listing();
    if (!listing) return undefined;
    return (this.data = new TrustProviderTreeData(listing, this.dataOptions));
  }
}

export function providerLabel(t: TrustProviderSummary): string {
  return [t.trustProviderType, t.userTrustProviderType ?? t.deviceTrustProviderType, t.policyReferenceName]
    .filter(Boolean)
    .join(' · ');
}

export class TrustConnectionNode implements TreeNode {
  readonly parent = undefined;
  readonly providers: PagedList<TrustProviderSummary>;
  private nodes = new Map<string, TrustProviderNode>();

  constructor(
    readonly provider: TrustProvidersProvider,
    readonly connection: Connection,
  ) {
    this.providers = new PagedList(
      async token => {
        const data = await provider.dataFor();
        return data ? data.page(token) : { items: [] };
      },
      actionName('ec2', 'DescribeVerifiedAccessTrustProviders'),
    );
  }

  get id(): string {
    return 'trustProviders/connection';
  }

  getTreeItem(): vscode.TreeItem {
    const item = connectionItem(this.connection, this.id);
    const endpoint = this.connection.endpoints.ec2;
    item.description = this.provider.filter.active
      ? `filter: ${this.provider.filter.text}`
      : (endpoint ?? item.description);
    return item;
  }

  reset(): void {
    this.provider.data = undefined;
    this.providers.reset();
    this.nodes.clear();
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.providers.ensureLoaded();
    const filter = this.provider.filter;
    const out: TreeNode[] = [];
    for (const t of this.providers.items) {
      if (!filter.matches(t.id, providerLabel(t), t.description, t.issuer, t.tenantId)) continue;
      let node = this.nodes.get(t.id);
      if (!node) this.nodes.set(t.id, (node = new TrustProviderNode(this, t)));
      else node.trustProvider = t;
      out.push(node);
    }
    const tail = this.providers.tail(this, () => Promise.resolve(this.provider.redraw(this)));
    if (out.length === 0 && tail.length === 0) {
      return [
        new MessageNode(
          this,
          'empty',
          filter.active
            ? `No trust provider matches "${filter.text}"`
            : `No Verified Access trust providers in ${this.connection.region}`,
        ),
      ];
    }
    return [...out, ...tail];
  }
}

export class TrustProviderNode implements TreeNode {
  constructor(
    readonly parent: TrustConnectionNode,
    public trustProvider: TrustProviderSummary,
  ) {}

  get id(): string {
    return `trustProviders/provider:${this.trustProvider.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.trustProvider;
    const item = new vscode.TreeItem(providerLabel(t) || t.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = t.id;
    item.tooltip = new vscode.MarkdownString(
      `**Trust provider** \`${t.id}\`${t.description ? `\n\n${t.description}` : ''}${t.issuer ? `\n\nIssuer: ${t.issuer}` : ''}`,
    );
    item.iconPath = new vscode.ThemeIcon(t.trustProviderType === 'device' ? 'device-desktop' : 'shield');
    item.contextValue = 'trustProvider';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve(
      trustProviderDetails(this.trustProvider).map(([name, value]) => new DetailNode(this, name, value)),
    );
  }
}
