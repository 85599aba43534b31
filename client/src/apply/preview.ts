/**
 * Read-only virtual documents (`verified-identity-preview:`) for the diff views: what is deployed, rendered as a
 * request, beside the file's request (before Update / Modify, and for Compare with Deployed). Content lives in memory,
 * bounded; it never contains a secret value (render.ts masks them).
 */
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'verified-identity-preview';
const MAX_DOCUMENTS = 50;

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A new virtual document named `name` (its extension picks the language) with `text`. */
  create(folder: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${folder}/${name}`, query: String(++this.counter) });
    this.contents.set(uri.toString(), text);
    while (this.contents.size > MAX_DOCUMENTS) this.contents.delete(this.contents.keys().next().value as string);
    return uri;
  }

  /** Opens a diff editor: deployed (left) ↔ file (right). */
  async showDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
    this.contents.clear();
  }
}
