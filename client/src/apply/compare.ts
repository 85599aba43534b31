/**
 * Compare with Deployed: the file's request beside the deployed resource it is about, as a diff view (deployed on the
 * left). From a file: update files name their resource; create files are matched by their identity (issuer, user pool,
 * device tenant: see drift/binding.ts), else by policy store or policy reference name (a picker when several match). From the tree: the active editor's file, else a picked workspace file.
 */
import * as vscode from 'vscode';
import type { Difference } from '../../../server/src/service/deployed';
import type { Kind } from '../../../server/src/service/types';
import { AwsCallError } from '../aws/errors';
import type { ResourceRef } from '../aws/operations';
import { findAssociatedFiles } from '../commands/validate-workspace';
import type { ExtensionCtx } from '../context';
import { compareCandidates } from '../drift/candidates';
import { afterApply, deployedAsRequest, differences, type DeployedMatch } from './deployed';
import { readPayload } from './payload';
import { alignKeys, maskSecrets, renderRequest } from './render';
import { resourceOf } from './resource';
import { RESTRICTED_MESSAGE, fileName, parseFileArgs } from './target';

const ALL_KINDS: Kind[] = ['identity-source', 'identity-source-update', 'trust-provider', 'trust-provider-update'];

export interface CompareOutcome {
  ok: boolean;
  message: string;
  resource?: ResourceRef;
  differences?: Difference[];
  /** The two sides of the diff view. */
  left?: vscode.Uri;
  right?: vscode.Uri;
}

async function pickFile(ctx: ExtensionCtx, ref: ResourceRef): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const wanted = ref.type === 'identitySource' ? 'identity-source' : 'trust-provider';
  if (active && (active.languageId === 'yaml' || active.languageId === 'json') && ctx.status.info?.base === wanted)
    return active.uri;
  const files = (await findAssociatedFiles()).slice(0, 500);
  return ctx.aws.prompts.pick(
    files.map(u => ({ label: fileName(u), description: vscode.workspace.asRelativePath(u), value: u })),
    `Compare ${ref.id} with which file?`,
  );
}

export async function compareFileWithDeployed(ctx: ExtensionCtx, arg: unknown): Promise<CompareOutcome> {
  if (!vscode.workspace.isTrusted) return { ok: false, message: RESTRICTED_MESSAGE };
  const aws = ctx.aws;
  const ref = resourceOf(arg);
  const args = parseFileArgs(arg);
  const uri = args.uri ?? (ref ? await pickFile(ctx, ref) : vscode.window.activeTextEditor?.document.uri);
  if (!uri) return { ok: false, message: 'Open a Verified Identity file to compare with what is deployed.' };
  const read = await readPayload(ctx, uri, ALL_KINDS, args.document);
  if (!read.ok) return { ok: false, message: read.message };
  const { payload, doc } = read;
  const listing = await aws.session.listing();
  if (!listing) return { ok: false, message: 'Choose an AWS profile first (Verified Identity: Select Profile).' };

  let match: DeployedMatch | undefined;
  try {
    const candidates = await compareCandidates(listing, payload.kind, payload.input);
    const filtered = ref ? candidates.filter(c => c.ref.id === ref.id) : candidates;
    const usable = filtered.length ? filtered : ref ? [] : candidates;
    match =
      usable.length <= 1
        ? usable[0]
        : await aws.prompts.pick(
            usable.map(c => ({ label: c.ref.id, description: c.label, value: c })),
            `Several deployed resources match ${fileName(uri)}: compare with which one?`,
          );
  } catch (e) {
    return { ok: false, message: e instanceof AwsCallError ? e.failure.message : String(e) };
  }
  if (!match) {
    return {
      ok: false,
      message: ref
        ? `${fileName(uri)} is not about ${ref.id}.`
        : `Nothing deployed matches ${fileName(uri)} on ${listing.clients.connection.label}.`,
    };
  }
  const format = doc.languageId === 'json' ? 'json' : 'yaml';
  const deployedRequest = deployedAsRequest(payload.kind, match.deployed);
  const diffs = differences(payload.kind, payload.input, deployedRequest);
  const right =
    payload.kind === 'trust-provider-update' ? afterApply(payload.kind, deployedRequest, payload.input) : payload.input;
  const name = fileName(uri);
  const left = aws.previews.create(
    'deployed',
    `${match.ref.id}.${name.split('.').slice(1).join('.') || format}`,
    renderRequest(maskSecrets(alignKeys(deployedRequest, right)), format),
  );
  const rightUri = aws.previews.create('file', name, renderRequest(maskSecrets(right), format));
  await aws.previews.showDiff(left, rightUri, `${match.ref.id} (deployed) ↔ ${name}`);
  const message =
    diffs.length === 0
      ? `${name} matches the deployed ${match.label}.`
      : `${name} differs from the deployed ${match.label} in ${diffs.length} place${diffs.length === 1 ? '' : 's'}: ${diffs
          .slice(0, 5)
          .map(d => d.path)
          .join(', ')}${diffs.length > 5 ? ', …' : ''}.`;
  ctx.log.info(`Compare with Deployed: ${message}`);
  return { ok: true, message, resource: match.ref, differences: diffs, left, right: rightUri };
}
