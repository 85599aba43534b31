/**
 * Every question the AWS commands ask the user goes through this small service: modal confirmations (Delete, Update,
 * Modify), pickers, and the follow-up actions of a notification (Reveal in Tree, Retry, Show Logs). The default shows
 * VS Code's own UI; tests replace it through the extension API (`api.aws.prompts`), because the real-VS-Code test
 * driver cancels modal dialogs and hides notifications.
 */
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface Prompts {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A quick pick; undefined when dismissed. */
  pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined>;
  /** A text input; undefined when dismissed. */
  input(prompt: string, value: string): Promise<string | undefined>;
  /** A notification with follow-up actions; resolves with the chosen action (not awaited by commands). */
  notify(severity: 'info' | 'warning' | 'error', message: string, actions: string[]): Promise<string | undefined>;
}

export const defaultPrompts: Prompts = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  async pick(items, placeHolder) {
    const chosen = await vscode.window.showQuickPick(
      items.map(i => ({ label: i.label, description: i.description, detail: i.detail, item: i })),
      { placeHolder, matchOnDescription: true },
    );
    return chosen?.item.value;
  },
  input(prompt, value) {
    return Promise.resolve(vscode.window.showInputBox({ prompt, value }));
  },
  notify(severity, message, actions) {
    const show =
      severity === 'error'
        ? vscode.window.showErrorMessage
        : severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...actions));
  },
};
