/**
 * The views' filter (Filter… / Clear Filter): one text for both trees, matched case-insensitively against what a
 * node shows (IDs, aliases, descriptions, issuers, types). Keeps the context key `verifiedIdentity.filtered`.
 */
import * as vscode from 'vscode';

export const CONTEXT_FILTERED = 'verifiedIdentity.filtered';

export class TreeFilter implements vscode.Disposable {
  private value = '';
  private readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidChange = this.emitter.event;

  get text(): string {
    return this.value;
  }

  get active(): boolean {
    return this.value !== '';
  }

  set(text: string): void {
    const next = text.trim().slice(0, 200);
    if (next === this.value) return;
    this.value = next;
    void vscode.commands.executeCommand('setContext', CONTEXT_FILTERED, this.active);
    this.emitter.fire(next);
  }

  /** True when there is no filter or one of the texts contains it. */
  matches(...texts: (string | undefined)[]): boolean {
    if (!this.value) return true;
    const needle = this.value.toLowerCase();
    return texts.some(t => t !== undefined && t.toLowerCase().includes(needle));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
