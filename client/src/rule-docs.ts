/**
 * Diagnostic code links open the rule's documentation inside VS Code. The language server makes each code's
 * `codeDescription.href` the base named here (`initializationOptions.ruleDocs`) followed by the code:
 * `vscode://verified-identity.verified-identity/rule/unknown-member` (the scheme is the editor's own:
 * `vscode.env.uriScheme`). VS Code hands such a URI to this extension's URI handler, which opens the
 * docs/diagnostics.md that ships inside the extension in the Markdown preview, scrolled to the rule's row. Without
 * the built-in Markdown extension, the file opens as text at that line.
 */
import * as vscode from 'vscode';
import type { Logger } from './log';

export const RULE_DOCS_FILE = ['docs', 'diagnostics.md'];
const MARKDOWN_EXTENSION = 'vscode.markdown-language-features';
const RULE_PATH = /^\/rule\/([a-z0-9][a-z0-9-]{0,63})$/;

/** The URI prefix the server puts before each code. */
export function ruleDocsBase(context: vscode.ExtensionContext): string {
  return `${vscode.env.uriScheme}://${context.extension.id}/rule/`;
}

/** Where a rule's documentation was opened (for tests): the code, the line of its anchor, and how it was shown. */
export interface OpenedRule {
  code: string;
  line: number;
  shownIn: 'preview' | 'editor';
}

/** Waits until `line` is in the editor's visible range, at most `ms` milliseconds. */
function visible(editor: vscode.TextEditor, line: number, ms: number): Promise<void> {
  const shows = () => editor.visibleRanges.some(r => r.start.line <= line && line <= r.end.line);
  if (shows()) return Promise.resolve();
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const listener = vscode.window.onDidChangeTextEditorVisibleRanges(e => {
      if (e.textEditor === editor && shows()) done();
    });
  });
}

export class RuleDocs implements vscode.Disposable {
  private readonly registration: vscode.Disposable;
  private readonly opened = new vscode.EventEmitter<OpenedRule>();
  /** Fires when a rule's documentation was shown. */
  readonly onDidOpen = this.opened.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    this.registration = vscode.window.registerUriHandler({
      handleUri: uri =>
        this.handle(uri).catch((e: unknown) => this.log.error('Opening the documentation of a rule failed:', e)),
    });
  }

  private async handle(uri: vscode.Uri): Promise<void> {
    const code = RULE_PATH.exec(uri.path)?.[1];
    if (!code) {
      this.log.warn('Ignored a URI that names no rule.');
      return;
    }
    await this.open(code);
  }

  /** Opens the documentation of the rule `code`; undefined when the documentation has no such rule. */
  async open(code: string): Promise<OpenedRule | undefined> {
    const file = vscode.Uri.joinPath(this.context.extensionUri, ...RULE_DOCS_FILE);
    const document = await vscode.workspace.openTextDocument(file);
    const anchor = `<a id="${code}"></a>`;
    const line = document
      .getText()
      .split('\n')
      .findIndex(l => l.includes(anchor));
    if (line < 0) {
      void vscode.window.showWarningMessage(`Verified Identity has no rule named ${code}.`);
      return undefined;
    }
    const wasOpen = vscode.window.tabGroups.all.some(g => g.tabs.some(t => this.isTextTabOf(t, file)));
    const at = new vscode.Range(line, 0, line, 0);
    const editor = await vscode.window.showTextDocument(document, { selection: at, preview: true });
    editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
    let shownIn: OpenedRule['shownIn'] = 'editor';
    // The built-in Markdown extension (it may be disabled); its command activates it.
    if (vscode.extensions.getExtension(MARKDOWN_EXTENSION)) {
      // The preview opens where the active editor of the same file shows it.
      await visible(editor, line, 2000);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', file);
        shownIn = 'preview';
      } catch (e) {
        this.log.warn('The Markdown preview did not open; the rule documentation stays open as text:', e);
      }
      if (shownIn === 'preview' && !wasOpen) {
        const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => this.isTextTabOf(t, file));
        await vscode.window.tabGroups.close(tabs);
      }
    }
    const result: OpenedRule = { code, line, shownIn };
    this.opened.fire(result);
    return result;
  }

  private isTextTabOf(tab: vscode.Tab, file: vscode.Uri): boolean {
    return tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === file.toString();
  }

  dispose(): void {
    this.registration.dispose();
    this.opened.dispose();
  }
}
