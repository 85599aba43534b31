/**
 * Identity Sources view: connection (profile · region) → policy stores (alias or ID, description) → identity sources
 * (Cognito pool or OIDC issuer, principal entity type) → details. Stores come a page at a time ("Load more…"); each
 * page's identity sources are requested ahead through the shared limiter of IdentitySourceTreeData.
 */
import * as vscode from 'vscode';
import { actionName } from '../aws/clients';
import type { Connection } from '../aws/connection';
import type { IdentitySourceSummary, PolicyStoreSummary } from '../aws/listing';
import type { SessionState } from '../aws/session';
import { IdentitySourceTreeData, type TreeDataOptions } from '../aws/tree-data';
import { identitySourceDetails } from './details';
import { DetailNode, MessageNode, type TreeNode } from './node';
import { PagedList } from './paged';
import { ResourceTreeProvider } from './provider';

export class IdentitySourcesProvider extends ResourceTreeProvider {
  /** The data of the current connection (undefined until the root loads). */
  data: IdentitySourceTreeData | undefined;
  /** Options for new tree data (tests lower the page size to see "Load more…"). */
  dataOptions: TreeDataOptions = {};

  protected createRoot(state: SessionState): TreeNode {
    return new IdentityConnectionNode(this, state.connection!);
  }

  protected forget(): void {
    this.data?.forget();
    this.data = undefined;
  }

  async dataFor(): Promise<IdentitySourceTreeData | undefined> {
    if (this.data) return this.data;
    const listing = await this.session.listing();
    if (!listing) return undefined;
    this.data = new IdentitySourceTreeData(listing, {
      ...this.dataOptions,
      onAliasError: e => this.log.warn('Could not list policy store aliases; showing stores without them:', e),
    });
    return this.data;
  }
}

export function connectionItem(connection: Connection, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(connection.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('cloud');
  const endpoint = connection.endpoints.verifiedPermissions ?? connection.endpoints.ec2;
  item.description = endpoint ? endpoint : connection.regionSource === 'fallback' ? 'region: default us-east-1' : '';
  item.tooltip = `AWS profile ${connection.profile ?? '(default credential chain)'}, region ${connection.region}${
    connection.regionSource === 'fallback' ? ' (the profile sets no region)' : ''
  }${endpoint ? `\nEndpoint override: ${endpoint}` : ''}`;
  item.contextValue = 'connection';
  return item;
}

export class IdentityConnectionNode implements TreeNode {
  readonly parent = undefined;
  readonly stores: PagedList<PolicyStoreSummary>;
  private storeNodes = new Map<string, PolicyStoreNode>();

  constructor(
    readonly provider: IdentitySourcesProvider,
    readonly connection: Connection,
  ) {
    this.stores = new PagedList(
      async token => {
        const data = await provider.dataFor();
        if (!data) return { items: [] };
        return data.storesPage(token);
      },
      actionName('verifiedpermissions', 'ListPolicyStores'),
    );
  }

  get id(): string {
    return 'identitySources/connection';
  }

  getTreeItem(): vscode.TreeItem {
    const item = connectionItem(this.connection, this.id);
    if (this.provider.filter.active) item.description = `filter: ${this.provider.filter.text}`;
    return item;
  }

  reset(): void {
    this.provider.data?.forget();
    this.stores.reset();
    this.storeNodes.clear();
  }

  storeNode(store: PolicyStoreSummary): PolicyStoreNode {
    let node = this.storeNodes.get(store.policyStoreId);
    if (!node) {
      node = new PolicyStoreNode(this, store);
      this.storeNodes.set(store.policyStoreId, node);
    } else node.store = store;
    return node;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.stores.ensureLoaded();
    const filter = this.provider.filter;
    const nodes: TreeNode[] = [];
    for (const store of this.stores.items) {
      const node = this.storeNode(store);
      if (!filter.active || (await node.matchesFilter())) nodes.push(node);
    }
    const tail = this.stores.tail(this, () => Promise.resolve(this.provider.redraw(this)));
    if (nodes.length === 0 && tail.length === 0) {
      return [
        new MessageNode(
          this,
          'empty',
          filter.active
            ? `No policy store or identity source matches "${filter.text}"`
            : `No policy stores in ${this.connection.region}`,
        ),
      ];
    }
    return [...nodes, ...tail];
  }
}

export class PolicyStoreNode implements TreeNode {
  readonly sources: PagedList<IdentitySourceSummary>;
  private sourceNodes = new Map<string, IdentitySourceNode>();

  constructor(
    readonly parent: IdentityConnectionNode,
    public store: PolicyStoreSummary,
  ) {
    const provider = parent.provider;
    this.sources = new PagedList(
      async token => {
        const data = await provider.dataFor();
        if (!data) return { items: [] };
        return token ? data.moreSources(this.store.policyStoreId, token) : data.sourcesOf(this.store.policyStoreId);
      },
      actionName('verifiedpermissions', 'ListIdentitySources'),
    );
  }

  get id(): string {
    return `identitySources/store:${this.store.policyStoreId}`;
  }

  get provider(): IdentitySourcesProvider {
    return this.parent.provider;
  }

  private ownTexts(): string[] {
    return [this.store.policyStoreId, ...this.store.aliases, this.store.description ?? ''];
  }

  /** The store matches, or one of its identity sources does (they are usually prefetched already). */
  async matchesFilter(): Promise<boolean> {
    const filter = this.provider.filter;
    if (filter.matches(...this.ownTexts())) return true;
    await this.sources.ensureLoaded();
    return this.sources.items.some(s => filter.matches(...sourceTexts(s)));
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.store;
    const alias = s.aliases[0];
    const item = new vscode.TreeItem(alias ?? s.policyStoreId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = [alias ? s.policyStoreId : undefined, s.description].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      `**Policy store** \`${s.policyStoreId}\`` +
        (s.aliases.length ? `\n\nAliases: ${s.aliases.map(a => `\`${a}\``).join(', ')}` : '') +
        (s.description ? `\n\n${s.description}` : '') +
        (s.arn ? `\n\n${s.arn}` : ''),
    );
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'policyStore';
    return item;
  }

  reset(): void {
    this.provider.data?.forget(this.store.policyStoreId);
    this.sources.reset();
    this.sourceNodes.clear();
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.sources.ensureLoaded();
    const filter = this.provider.filter;
    const storeMatches = filter.matches(...this.ownTexts());
    const nodes: TreeNode[] = [];
    for (const s of this.sources.items) {
      if (!storeMatches && !filter.matches(...sourceTexts(s))) continue;
      let node = this.sourceNodes.get(s.identitySourceId);
      if (!node) this.sourceNodes.set(s.identitySourceId, (node = new IdentitySourceNode(this, s)));
      else node.source = s;
      nodes.push(node);
    }
    const tail = this.sources.tail(this, () => Promise.resolve(this.provider.redraw(this)));
    if (nodes.length === 0 && tail.length === 0) return [new MessageNode(this, 'empty', 'No identity source')];
    return [...nodes, ...tail];
  }
}

export function sourceTexts(s: IdentitySourceSummary): string[] {
  return [s.identitySourceId, s.issuer ?? '', s.userPoolArn ?? '', s.principalEntityType ?? '', s.type];
}

/** `us-east-1_Example` from a user pool ARN. */
export function userPoolId(arn: string | undefined): string | undefined {
  return arn?.split('/').pop();
}

export class IdentitySourceNode implements TreeNode {
  constructor(
    readonly parent: PolicyStoreNode,
    public source: IdentitySourceSummary,
  ) {}

  get id(): string {
    return `identitySources/source:${this.source.policyStoreId}/${this.source.identitySourceId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.source;
    const label =
      s.type === 'cognito'
        ? `Cognito ${userPoolId(s.userPoolArn) ?? s.identitySourceId}`
        : s.type === 'oidc'
          ? (s.issuer ?? s.identitySourceId)
          : s.identitySourceId;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = s.principalEntityType ?? '';
    item.tooltip = new vscode.MarkdownString(
      `**Identity source** \`${s.identitySourceId}\` (${s.type === 'cognito' ? 'Amazon Cognito user pool' : 'OpenID Connect'})` +
        (s.issuer ? `\n\nIssuer: ${s.issuer}` : '') +
        (s.principalEntityType ? `\n\nPrincipal entity type: \`${s.principalEntityType}\`` : ''),
    );
    item.iconPath = new vscode.ThemeIcon(s.type === 'cognito' ? 'organization' : 'key');
    item.contextValue = 'identitySource';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve(
      identitySourceDetails(this.source).map(([name, value]) => new DetailNode(this, name, value)),
    );
  }
}
