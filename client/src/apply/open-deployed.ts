/**
 * Open as YAML / Open as JSON: a deployed identity source or trust provider as a new, unsaved request file in the
 * update shape (UpdateIdentitySource / ModifyVerifiedAccessTrustProvider input), named so that it is associated
 * (`<id>.identity-source.yaml`), ready to edit and apply. AWS never returns client secrets, so none are in it.
 */
import * as vscode from 'vscode';
import { AwsCallError } from '../aws/errors';
import type { ExtensionCtx } from '../context';
import { freeName } from '../commands/new-file';
import { deployedAsRequest } from './deployed';
import { renderRequest, type Format } from './render';
import { resourceOf } from './resource';
import { RESTRICTED_MESSAGE } from './target';

export async function openDeployed(ctx: ExtensionCtx, format: Format, arg: unknown): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_MESSAGE);
  const ref = resourceOf(arg);
  if (!ref)
    throw new Error('Run Open as YAML / JSON on an identity source or trust provider in the Verified Identity view.');
  const listing = await ctx.aws.session.listing();
  if (!listing) throw new Error('Choose an AWS profile first (Verified Identity: Select Profile).');
  let request: Record<string, unknown>;
  let base: 'identity-source' | 'trust-provider';
  try {
    if (ref.type === 'identitySource') {
      const s = await listing.getIdentitySource(ref.policyStoreId!, ref.id);
      request = deployedAsRequest('identity-source-update', s.raw);
      base = 'identity-source';
    } else {
      const t = await listing.describeTrustProvider(ref.id);
      request = deployedAsRequest('trust-provider-update', t.raw);
      base = 'trust-provider';
    }
  } catch (e) {
    throw e instanceof AwsCallError ? new Error(e.failure.message) : e;
  }
  const text = renderRequest(request, format);
  const folder =
    vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? process.env.USERPROFILE ?? '/');
  const taken = (u: vscode.Uri) =>
    Promise.resolve(
      vscode.workspace.textDocuments.some(
        d => d.uri.path === u.path && (d.uri.scheme === 'untitled' || d.uri.scheme === 'file'),
      ),
    ).then(async open => {
      if (open) return true;
      try {
        await vscode.workspace.fs.stat(u);
        return true;
      } catch {
        return false;
      }
    });
  const uri = (await freeName(folder, `${ref.id}.${base}.${format}`, taken)).with({ scheme: 'untitled' });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), text);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(doc, { preview: false });
  ctx.log.info(
    `Opened ${ref.type === 'identitySource' ? 'identity source' : 'trust provider'} ${ref.id} as ${format.toUpperCase()}.`,
  );
  return uri;
}
