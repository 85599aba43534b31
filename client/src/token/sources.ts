/**
 * The identity source Check a Token… runs against, as data (never the token, which stays in the extension host):
 * - a request file (CreateIdentitySource / UpdateIdentitySource), read through the language server's
 *   `verifiedIdentity/requestPayload`, errors or not;
 * - a deployed identity source in the Identity Sources view, from GetIdentitySource.
 * Each kind of place is one provider. CloudFormation templates (an `AWS::VerifiedPermissions::IdentitySource`
 * resource) will be one more: it picks the resource and normalizes it with `tokenSourceFromCloudFormation`.
 */
import type * as vscode from 'vscode';
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

/** In order: the first provider that accepts the argument resolves it. */
export const TOKEN_SOURCE_PROVIDERS: TokenSourceProvider[] = [deployedSource, requestFileSource];

export function resolveTokenSource(ctx: ExtensionCtx, arg: unknown, isTrusted: boolean): Promise<SourceResult> {
  const provider = TOKEN_SOURCE_PROVIDERS.find(p => p.accepts(arg))!;
  return provider.resolve(ctx, arg, isTrusted);
}
