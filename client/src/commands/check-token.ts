/**
 * Check a Token…: will this identity source accept a token, and which Cedar principal does it become? Runs on an
 * identity-source file (editor, explorer) or a deployed identity source (the view). The check runs here, in the
 * extension host, with the service's pure token module: the token never goes to the language server, into the log,
 * or onto disk. Signatures are verified only in a trusted workspace with online checks on (token/verifier.ts). The
 * result opens as a read-only Markdown document (in the preview when the Markdown extension is there).
 */
import * as vscode from 'vscode';
import { runTokenCheck, verdictLine } from '../../../server/src/service/token';
import type { ExtensionCtx } from '../context';
import { resolveTokenSource } from '../token/sources';
import { signatureVerifier } from '../token/verifier';

export interface CheckTokenOutcome {
  /** The result document (`verified-identity-token:`). */
  uri: string;
  accepted: boolean;
  /** Every check ran (the signature too). */
  complete: boolean;
}

const SHOW_SENSITIVE = 'Show Sensitive Claims';

export async function checkToken(ctx: ExtensionCtx, arg?: unknown): Promise<CheckTokenOutcome | undefined> {
  const resolved = await resolveTokenSource(ctx, arg, vscode.workspace.isTrusted);
  if (!resolved.ok) {
    if (resolved.cancelled) return undefined;
    throw new Error(resolved.message);
  }
  const token = await ctx.token.input.read(resolved.origin);
  if (token === undefined) return undefined;
  const { verify, offlineReason } = signatureVerifier(resolved.scope);
  const run = () =>
    runTokenCheck(resolved.source, token, {
      now: Date.now(),
      ...(verify ? { verify } : {}),
      ...(offlineReason ? { offlineReason } : {}),
    });
  const result = verify
    ? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "Verified Identity: checking the token's signature…" },
        run,
      )
    : await run();
  const uri = ctx.token.results.add({
    origin: resolved.origin,
    source: resolved.source,
    result,
    ...(resolved.fileErrors ? { fileErrors: resolved.fileErrors } : {}),
    reveal: false,
    checkedAt: new Date().toISOString(),
  });
  ctx.log.info(`Checked a token against ${resolved.origin}: ${result.accepted ? 'accepted' : 'rejected'}.`);
  await openResult(uri);
  const actions = result.sensitiveClaims.length ? [SHOW_SENSITIVE] : [];
  void ctx.aws.prompts
    .notify(result.accepted ? 'info' : 'warning', `Verified Identity: ${verdictLine(result)}`, actions)
    .then(choice => {
      if (choice === SHOW_SENSITIVE) ctx.token.results.reveal(uri);
    });
  return { uri: uri.toString(), accepted: result.accepted, complete: result.complete };
}

/**
 * The Markdown preview of the result when the built-in Markdown extension is there (running the command activates
 * it), else the text.
 */
async function openResult(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}
