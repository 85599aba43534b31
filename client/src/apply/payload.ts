/**
 * The request of a file as the language server reads it (`verifiedIdentity/requestPayload`), and the reasons an
 * apply refuses it: not one of ours, the wrong kind for the command, errors in the file.
 */
import * as vscode from 'vscode';
import { RequestPayloadRequest, type RequestPayload, type RequestPayloadParams } from '../../../server/src/protocol';
import type { Kind } from '../../../server/src/service/types';
import type { ExtensionCtx } from '../context';
import { fileName } from './target';

export const KIND_LABEL: Record<Kind, string> = {
  'identity-source': 'identity source create file (CreateIdentitySource)',
  'identity-source-update': 'identity source update file (UpdateIdentitySource)',
  'trust-provider': 'trust provider create file (CreateVerifiedAccessTrustProvider)',
  'trust-provider-update': 'trust provider modify file (ModifyVerifiedAccessTrustProvider)',
};

export const COMMAND_FOR_KIND: Record<Kind, { id: string; title: string }> = {
  'identity-source': { id: 'verifiedIdentity.createIdentitySource', title: 'Create Identity Source from File' },
  'identity-source-update': { id: 'verifiedIdentity.updateIdentitySource', title: 'Update Identity Source from File' },
  'trust-provider': { id: 'verifiedIdentity.createTrustProvider', title: 'Create Trust Provider from File' },
  'trust-provider-update': { id: 'verifiedIdentity.modifyTrustProvider', title: 'Modify Trust Provider from File' },
};

export type PayloadResult =
  | {
      ok: true;
      payload: RequestPayload & { input: Record<string, unknown> };
      document: number;
      doc: vscode.TextDocument;
    }
  | { ok: false; reason: 'not-ours' | 'kind' | 'errors' | 'cancelled'; message: string };

/**
 * Reads the request of `uri` (opening the document, so the server has it). `expected`: the kinds the command takes.
 * A YAML stream with several documents asks which one, unless `document` is given. `allowErrors`: a file with
 * errors is read too (Check a Token… works on what the file says; only apply commands refuse it).
 */
export async function readPayload(
  ctx: ExtensionCtx,
  uri: vscode.Uri,
  expected: readonly Kind[],
  document: number | undefined,
  options: { allowErrors?: boolean } = {},
): Promise<PayloadResult> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await ctx.ready;
  const ask = async (index: number) => {
    const params: RequestPayloadParams = { uri: ctx.client.code2ProtocolConverter.asUri(doc.uri), document: index };
    return ctx.client.sendRequest<RequestPayload | null>(RequestPayloadRequest, params);
  };
  let index = document ?? 0;
  let payload = await ask(index);
  const name = fileName(uri);
  if (!payload) {
    return {
      ok: false,
      reason: 'not-ours',
      message: `${name} is not a Verified Identity file (*.identity-source.yaml|json, *.trust-provider.yaml|json, verifiedIdentity.files, or a "# verified-identity: KIND" first line).`,
    };
  }
  if (payload.documents > 1 && document === undefined) {
    const picked = await ctx.aws.prompts.pick(
      Array.from({ length: Math.min(payload.documents, 100) }, (_, i) => ({ label: `Document ${i + 1}`, value: i })),
      `${name} holds ${payload.documents} documents: which one?`,
    );
    if (picked === undefined) return { ok: false, reason: 'cancelled', message: 'No document chosen.' };
    index = picked;
    payload = (await ask(index)) ?? payload;
  }
  if (!expected.includes(payload.kind)) {
    const right = COMMAND_FOR_KIND[payload.kind];
    return {
      ok: false,
      reason: 'kind',
      message: `${name}${payload.documents > 1 ? ` (document ${index + 1})` : ''} is a ${KIND_LABEL[payload.kind]}: use "${right.title}".`,
    };
  }
  if ((payload.errors > 0 && !options.allowErrors) || !payload.input) {
    const n = Math.max(1, payload.errors);
    return {
      ok: false,
      reason: 'errors',
      message: `${name} has ${n} error${n === 1 ? '' : 's'}: fix ${n === 1 ? 'it' : 'them'} before sending it to AWS (see the Problems panel).`,
    };
  }
  return { ok: true, payload: payload as RequestPayload & { input: Record<string, unknown> }, document: index, doc };
}
