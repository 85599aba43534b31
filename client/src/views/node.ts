/**
 * Tree nodes in the style of aws-toolkit-vscode: each node makes its own TreeItem and, when it has any, loads its
 * children lazily. Leaf kinds shared by both views live here: detail rows, messages, "Load more…" and the error node
 * (which names the failing action and offers Retry and Show Logs through its `error` context value).
 */
import * as vscode from 'vscode';
import type { AwsFailure } from '../aws/errors';

export interface TreeNode {
  /** Unique in its view and stable across refreshes (VS Code keeps expansion state by it). */
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
}

/** A `name: value` leaf under a resource. */
export class DetailNode implements TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly name: string,
    readonly value: string,
  ) {}

  get id(): string {
    return `${this.parent.id}/detail:${this.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.value;
    item.tooltip = `${this.name}: ${this.value}`;
    item.contextValue = 'detail';
    return item;
  }
}

/** A line of text: "No policy stores in us-east-1", "No identity source". */
export class MessageNode implements TreeNode {
  constructor(
    readonly parent: TreeNode | undefined,
    readonly key: string,
    readonly label: string,
    readonly icon = 'info',
  ) {}

  get id(): string {
    return `${this.parent?.id ?? ''}/message:${this.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    return item;
  }
}

/** "Load more…": runs `verifiedIdentity.loadMore` with itself as the argument. */
export class LoadMoreNode implements TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly loadMore: () => Promise<void>,
  ) {}

  get id(): string {
    return `${this.parent.id}/loadMore`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.command = { command: 'verifiedIdentity.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
}

/** A failed load: names the action, shows the message, offers Retry (inline and on click) and Show Logs. */
export class ErrorNode implements TreeNode {
  constructor(
    readonly parent: TreeNode | undefined,
    readonly failure: AwsFailure,
    readonly retry: () => Promise<void>,
  ) {}

  get id(): string {
    return `${this.parent?.id ?? ''}/error`;
  }

  getTreeItem(): vscode.TreeItem {
    const f = this.failure;
    const item = new vscode.TreeItem(`${f.action} failed`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = f.message;
    item.tooltip = new vscode.MarkdownString(
      `**${f.action}** failed (${f.code}${f.httpStatus ? `, HTTP ${f.httpStatus}` : ''}).\n\n${f.message}` +
        (f.requestId ? `\n\nRequest ID: \`${f.requestId}\`` : '') +
        '\n\nClick to retry; Show Logs shows every AWS call.',
    );
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'error';
    item.command = { command: 'verifiedIdentity.retry', title: 'Retry', arguments: [this] };
    return item;
  }
}
