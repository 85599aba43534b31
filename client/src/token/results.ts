/**
 * The result documents of Check a Token…: read-only virtual Markdown documents (`verified-identity-token:` URIs)
 * rendered from the last few results, kept in memory only (never on disk, never the token). A result can be shown
 * again with sensitive claims revealed; the document then changes in place.
 */
import * as vscode from 'vscode';
import { renderTokenResult, type TokenResultView } from './render';

export const TOKEN_RESULT_SCHEME = 'verified-identity-token';

/** How many results stay available (older ones say so when reopened). */
const KEEP = 5;

export class TokenResults implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly views = new Map<string, TokenResultView>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;
  private count = 0;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(TOKEN_RESULT_SCHEME, this);
  }

  /** Stores a result and returns the URI of its document. */
  add(view: TokenResultView): vscode.Uri {
    this.count++;
    const uri = vscode.Uri.from({ scheme: TOKEN_RESULT_SCHEME, path: `/Token check ${this.count}.md` });
    this.views.set(uri.toString(), view);
    while (this.views.size > KEEP) this.views.delete(this.views.keys().next().value as string);
    return uri;
  }

  /** Shows the sensitive claims of a result (the document updates). */
  reveal(uri: vscode.Uri): boolean {
    const view = this.views.get(uri.toString());
    if (!view) return false;
    this.views.set(uri.toString(), { ...view, reveal: true });
    this.changed.fire(uri);
    return true;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const view = this.views.get(uri.toString());
    return view
      ? renderTokenResult(view)
      : '# Token check\n\nThis result is no longer kept. Run **Verified Identity: Check a Token…** again.\n';
  }

  dispose(): void {
    this.views.clear();
    this.registration.dispose();
    this.changed.dispose();
  }
}
