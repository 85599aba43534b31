/** Copy ID: the ID of a policy store, identity source or trust provider, to the clipboard. */
import * as vscode from 'vscode';
import { idOf } from '../../apply/resource';
import type { ExtensionCtx } from '../../context';

export async function copyId(_ctx: ExtensionCtx, node?: unknown): Promise<string | undefined> {
  const id = idOf(node);
  if (id) await vscode.env.clipboard.writeText(id);
  return id;
}
