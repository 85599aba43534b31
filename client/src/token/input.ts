/**
 * How Check a Token… gets the token: the clipboard when it holds something shaped like a JWT and the user picks it,
 * else a password input box (never echoed, no history). The token goes straight to the check and is dropped after
 * it: nothing here stores or logs it. Tests replace the input through the extension API (`api.token.input`).
 */
import * as vscode from 'vscode';
import { looksLikeJwt } from './render';

export interface TokenInput {
  /** The token, or undefined when the user cancelled. `target` names the identity source, for the prompt. */
  read(target: string): Promise<string | undefined>;
}

export const defaultTokenInput: TokenInput = {
  async read(target) {
    const clip = await Promise.resolve(vscode.env.clipboard.readText()).catch(() => '');
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
