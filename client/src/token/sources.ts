/**
 * The identity source Check a Token… runs against, as data (never the token, which stays in the extension host):
 * - a request file (CreateIdentitySource / UpdateIdentitySource), read through the language server's
 *   `verifiedIdentity/requestPayload`, errors or not;
 * - a deployed identity source in the Identity Sources view, from GetIdentitySource.
 * - an `AWS::VerifiedPermissions::IdentitySource` resource of a CloudFormation template: the one at the cursor (or
 *   chosen from a list), converted to its request by the language server (`verifiedIdentity/convert`); values that
 *   intrinsic functions give are not literals and are named in a notice.
 * Each kind of place is one provider.
 */
import * as vscode from 'vscode';
import {
  ConvertRequest,
  DocumentInfoRequest,
  type ConvertParams,
  type ConvertResult,
  type DocumentInfo,
} from '../../../server/src/protocol';
import { tokenSourceFromRequest, type TokenIdentitySource } from '../../../server/src/service/token';
import type { Kind } from '../../../server/src/service/types';
import { AwsCallError } from '../aws/errors';
import type { ExtensionCtx } from '../context';
import { isIdentitySourceKind, labelOf } from '../apply/deployed';
import { KIND_LABEL, readPayload } from '../apply/payload';
import { resourceOf } from '../apply/resource';
import { fileName, parseFileArgs, RESTRICTED_MESSAGE, targetUri } from '../apply/target';

export interface ResolvedSource {
  source: TokenIdentitySource;
  /** Where it came from, for the prompt and the result: `okta.identity-source.yaml (document 2)`. */
  origin: string;
  /** The file's errors in that document (request files only). */
  fileErrors?: number;
  /** The file, for the settings that apply (`onlineChecks`); undefined for deployed identity sources. */
  scope?: vscode.Uri;
}

export type SourceResult = ({ ok: true } & ResolvedSource) | { ok: false; message: string; cancelled?: boolean };

export interface TokenSourceProvider {
  /** Whether this provider handles the command's argument (a tree node, a file URI, `{ uri, document }`). */
  accepts(arg: unknown): boolean;
  resolve(ctx: ExtensionCtx, arg: unknown, isTrusted: boolean): Promise<SourceResult>;
}

const ALL_KINDS: Kind[] = ['identity-source', 'identity-source-update', 'trust-provider', 'trust-provider-update'];

function normalized(
  input: unknown,
  origin: string,
  extra: Omit<ResolvedSource, 'source' | 'origin'> = {},
): SourceResult {
  const s = tokenSourceFromRequest(input);
  if (!s.ok)
    return {
      ok: false,
      message: `No token can be checked against ${origin}: ${s.message}${s.path ? ` (${s.path})` : ''}`,
    };
  return { ok: true, source: s.source, origin, ...extra };
}

export const deployedSource: TokenSourceProvider = {
  accepts: arg => resourceOf(arg) !== undefined,
  async resolve(ctx, arg, isTrusted) {
    if (!isTrusted) return { ok: false, message: RESTRICTED_MESSAGE };
    const ref = resourceOf(arg)!;
    if (ref.type !== 'identitySource' || !ref.policyStoreId)
      return { ok: false, message: 'Check a Token… runs on identity sources, not on trust providers.' };
    const listing = await ctx.aws.session.listing();
    if (!listing) return { ok: false, message: 'Choose an AWS profile first (Verified Identity: Select Profile).' };
    try {
      const deployed = await listing.getIdentitySource(ref.policyStoreId, ref.id);
      return normalized(deployed.raw, `${labelOf(ref)} (deployed)`);
    } catch (e) {
      if (e instanceof AwsCallError) return { ok: false, message: e.failure.message };
      throw e;
    }
  },
};

export const requestFileSource: TokenSourceProvider = {
  accepts: () => true,
  async resolve(ctx, arg) {
    const args = parseFileArgs(arg);
    const uri = targetUri(args);
    if (!uri)
      return {
        ok: false,
        message:
          'Open an identity-source file (*.identity-source.yaml or .json), or run Check a Token… on an identity source in the Verified Identity view.',
      };
    const read = await readPayload(ctx, uri, ALL_KINDS, args.document, { allowErrors: true });
    if (!read.ok && read.reason === 'errors')
      return {
        ok: false,
        message: `${fileName(uri)} holds no identity source to check (the document is empty or not a mapping).`,
      };
    if (!read.ok)
      return { ok: false, message: read.message, ...(read.reason === 'cancelled' ? { cancelled: true } : {}) };
    const { payload, document } = read;
    const name = `${fileName(uri)}${payload.documents > 1 ? ` (document ${document + 1})` : ''}`;
    if (!isIdentitySourceKind(payload.kind))
      return {
        ok: false,
        message: `${name} is a ${KIND_LABEL[payload.kind]}: Check a Token… runs on identity sources.`,
      };
    return normalized(payload.input, name, { fileErrors: payload.errors, scope: uri });
  },
};

const IDENTITY_SOURCE_TYPE = 'AWS::VerifiedPermissions::IdentitySource';

/**
 * Whether the language server reads this file (open, or on disk in a workspace folder) as a CloudFormation template of
 * ours.
 */
async function isTemplate(ctx: ExtensionCtx, uri: vscode.Uri): Promise<boolean> {
  await ctx.ready;
  const info = await ctx.client.sendRequest<DocumentInfo | null>(DocumentInfoRequest, { uri: uri.toString() });
  return info?.base === 'cloudformation';
}

/** The identity source resource at the cursor of a template (or the one chosen), as its CreateIdentitySource. */
export const templateSource: TokenSourceProvider = {
  accepts: () => true,
  async resolve(ctx, arg) {
    const args = parseFileArgs(arg);
    const uri = targetUri(args)!;
    const editor = vscode.window.activeTextEditor;
    const cursor =
      editor && editor.document.uri.toString() === uri.toString()
        ? { line: editor.selection.active.line, character: editor.selection.active.character }
        : { line: 0, character: 0 };
    const r = (arg ?? {}) as { position?: { line?: unknown; character?: unknown }; logicalId?: unknown };
    const position =
      r.position && Number.isInteger(r.position.line) && Number.isInteger(r.position.character)
        ? { line: r.position.line as number, character: r.position.character as number }
        : cursor;
    const params: ConvertParams = {
      uri: uri.toString(),
      to: 'request',
      format: 'json',
      position,
      ...(typeof r.logicalId === 'string' ? { logicalId: r.logicalId } : {}),
    };
    let result = await ctx.client.sendRequest<ConvertResult | null>(ConvertRequest, params);
    if (result && !result.ok && result.candidates?.length) {
      const sources = result.candidates.filter(c => c.type === IDENTITY_SOURCE_TYPE);
      if (sources.length === 0)
        return {
          ok: false,
          message: `${fileName(uri)} declares no ${IDENTITY_SOURCE_TYPE}: Check a Token… runs on identity sources.`,
        };
      const logicalId =
        sources.length === 1
          ? sources[0].logicalId
          : await ctx.aws.prompts.pick(
              sources.map(c => ({ label: c.logicalId, description: c.type, value: c.logicalId })),
              'Which identity source should check the token?',
            );
      if (logicalId === undefined) return { ok: false, message: 'No identity source chosen.', cancelled: true };
      result = await ctx.client.sendRequest<ConvertResult | null>(ConvertRequest, { ...params, logicalId });
    }
    if (!result) return { ok: false, message: `The language server could not read ${fileName(uri)}.` };
    if (!result.ok) return { ok: false, message: result.error };
    const origin = `${result.logicalId} in ${fileName(uri)}`;
    if (result.type !== IDENTITY_SOURCE_TYPE)
      return { ok: false, message: `${origin} is an ${result.type}: Check a Token… runs on identity sources.` };
    if (result.notes.length > 0) void ctx.aws.prompts.notify('info', result.notes.join(' '), []);
    let input: unknown;
    try {
      input = JSON.parse(result.text);
    } catch {
      return { ok: false, message: `${origin} could not be read as an identity source.` };
    }
    return normalized(input, origin, { scope: uri });
  },
};

/** In order: the first provider that accepts the argument resolves it. */
export const TOKEN_SOURCE_PROVIDERS: TokenSourceProvider[] = [deployedSource, requestFileSource];

export async function resolveTokenSource(ctx: ExtensionCtx, arg: unknown, isTrusted: boolean): Promise<SourceResult> {
  const provider = TOKEN_SOURCE_PROVIDERS.find(p => p.accepts(arg))!;
  if (provider === requestFileSource) {
    const uri = targetUri(parseFileArgs(arg));
    if (uri && (await isTemplate(ctx, uri))) return templateSource.resolve(ctx, arg, isTrusted);
  }
  return provider.resolve(ctx, arg, isTrusted);
}
