/**
 * How Check a Token… gets the token: the clipboard (desktop only) when it holds something shaped like a JWT and the
 * user picks it, else a password input box (never echoed, no history). The token goes straight to the check and is dropped after
 * it: nothing here stores or logs it. Tests replace the input through the extension API (`api.token.input`).
 */
import * as vscode from 'vscode';
import { looksLikeJwt } from './render';

export interface TokenInput {
  /** The token, or undefined when the user cancelled. `target` names the identity source, for the prompt. */
  read(target: string): Promise<string | undefined>;
}

/** How long the clipboard may take to answer before the command goes on without it. */
const CLIPBOARD_WAIT_MS = 1500;

/**
 * The clipboard's text, or '' when it cannot be read. In a browser (code-server, vscode.dev) reading it needs a
 * permission the page may not have, and asking shows an error and may never answer: the clipboard is offered on the
 * desktop only, and never waited for longer than a moment.
 */
async function clipboardText(): Promise<string> {
  if (vscode.env.uiKind === vscode.UIKind.Web) return '';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>(resolve => (timer = setTimeout(() => resolve(''), CLIPBOARD_WAIT_MS)));
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()).catch(() => ''), late]);
  } finally {
    clearTimeout(timer);
  }
}

export const defaultTokenInput: TokenInput = {
  async read(target) {
    const clip = await clipboardText();
    if (looksLikeJwt(clip)) {
      const items: (vscode.QuickPickItem & { use: 'clipboard' | 'type' })[] = [
        {
          label: '$(clippy) Use the clipboard',
          description: `a JWT of ${clip.trim().length.toLocaleString('en-US')} characters`,
          use: 'clipboard',
        },
        { label: '$(key) Paste or type a token…', use: 'type' },
      ];
      const choice = await vscode.window.showQuickPick(items, {
        title: 'Check a Token',
        placeHolder: `Which token to check against ${target}?`,
        ignoreFocusOut: true,
      });
      if (!choice) return undefined;
      if (choice.use === 'clipboard') return clip;
    }
    const typed = await vscode.window.showInputBox({
      title: 'Check a Token',
      prompt: `An ID or access token (JWT) to check against ${target}. It is not stored, logged or shown.`,
      placeHolder: 'eyJhbGciOi…',
      password: true,
      ignoreFocusOut: true,
    });
    return typed === undefined || typed.trim() === '' ? undefined : typed;
  },
};
