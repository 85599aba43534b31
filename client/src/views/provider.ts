/**
 * What both views share: the root (one connection node, or nothing — then VS Code shows the welcome content: no
 * profile, or Restricted Mode), refresh of a node or of everything, the filter, and `whenLoaded` for tests. Providers
 * never open UI from `getChildren`: failures become error nodes.
 */
import * as vscode from 'vscode';
import type { Logger } from '../log';
import type { AwsSession, SessionState } from '../aws/session';
import type { TreeFilter } from './filter';
import type { TreeNode } from './node';

export abstract class ResourceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly loadedEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  /** Fires after `getChildren` of a node (undefined: the root) produced its children. */
  readonly onDidLoadChildren = this.loadedEmitter.event;
  protected root: TreeNode | undefined;
  private rootFor: SessionState | undefined;
  protected readonly disposables: vscode.Disposable[] = [this.emitter, this.loadedEmitter];

  constructor(
    readonly session: AwsSession,
    readonly filter: TreeFilter,
    protected readonly log: Logger,
  ) {
    this.disposables.push(
      session.onDidChange(() => this.refresh()),
      filter.onDidChange(() => this.emitter.fire(undefined)),
    );
  }

  /** The connection node for a state with a connection. */
  protected abstract createRoot(state: SessionState): TreeNode;
  /** Forget cached data (Refresh). */
  protected abstract forget(): void;

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    let children: TreeNode[];
    try {
      if (node) children = (await node.getChildren?.()) ?? [];
      else {
        const state = await this.session.state();
        if (!state.connection) children = [];
        else {
          if (!this.root || this.rootFor?.connection !== state.connection) {
            this.forget();
            this.root = this.createRoot(state);
            this.rootFor = state;
          }
          children = [this.root];
        }
      }
    } catch (e) {
      this.log.error('Tree view failed to load children:', e);
      children = [];
    }
    this.loadedEmitter.fire(node);
    return children;
  }

  /** Refresh one node (its data is loaded again) or, without an argument, everything. */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.forget();
      this.root = undefined;
      this.rootFor = undefined;
    } else (node as { reset?: () => void }).reset?.();
    this.emitter.fire(node);
  }

  /** Re-renders a node without dropping its data (after "Load more…"). */
  redraw(node?: TreeNode): void {
    this.emitter.fire(node);
  }

  /** The current connection node (loads the root when needed). */
  async connectionNode(): Promise<TreeNode | undefined> {
    return (await this.getChildren())[0];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
