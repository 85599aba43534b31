/**
 * Create / Update / Modify from a file. In order: Restricted Mode guard → the file's request from the language server
 * (refused when it has errors or is the wrong kind) → a connection → for Update/Modify, a diff of deployed ↔ file and a
 * modal confirmation → secret references resolved from SecretStorage (values registered with the log's redactor) →
 * the call, under a progress notification, with the apply's idempotency token → the tree refreshed and "Reveal in
 * Tree" offered, or the error mapped to diagnostics in the file with Retry (same token) and Show Logs.
 * Returns an `ApplyOutcome` (tests assert on it); only notifications are left unawaited.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Kind } from '../../../server/src/service/types';
import { AwsCallError, describeAwsError, type AwsFailure } from '../aws/errors';
import type { ApplyAttempt } from '../aws/features';
import { OPERATION_OF, actionOf, tokenFor, type ResourceRef } from '../aws/operations';
import type { ExtensionCtx } from '../context';
import { MissingSecretError, resolveSecretReferences } from '../secrets';
import { afterApply, deployedAsRequest, deployedCandidates, differences, labelOf, setsSecret } from './deployed';
import { COMMAND_FOR_KIND, readPayload } from './payload';
import { alignKeys, literalSecrets, maskSecrets, renderRequest } from './render';
import { RESTRICTED_MESSAGE, fileName, parseFileArgs, targetUri } from './target';

export type RefusalReason =
  | 'untrusted'
  | 'no-file'
  | 'not-ours'
  | 'kind'
  | 'errors'
  | 'cancelled'
  | 'no-connection'
  | 'secret'
  | 'unchanged'
  | 'retry-unknown';

export interface ApplyOutcome {
  ok: boolean;
  kind?: Kind;
  action?: string;
  message: string;
  /** Set once the request was about to be sent: repeat it with `{ retry: applyId }`. */
  applyId?: string;
  clientToken?: string;
  resource?: ResourceRef;
  refused?: RefusalReason;
  failure?: AwsFailure;
  /** Diagnostics put into the file for the failure. */
  diagnostics?: number;
}

const VERB: Record<Kind, string> = {
  'identity-source': 'Creating identity source',
  'identity-source-update': 'Updating identity source',
  'trust-provider': 'Creating trust provider',
  'trust-provider-update': 'Modifying trust provider',
};

function refuse(ctx: ExtensionCtx, reason: RefusalReason, message: string, kind?: Kind): ApplyOutcome {
  ctx.log.info(`Apply refused (${reason}): ${message}`);
  const actions = reason === 'errors' ? ['Show Problems'] : reason === 'no-connection' ? ['Select Profile'] : [];
  const severity = reason === 'cancelled' || reason === 'unchanged' ? 'info' : 'warning';
  void ctx.aws.prompts.notify(severity, `Verified Identity: ${message}`, actions).then(choice => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Select Profile') void vscode.commands.executeCommand('verifiedIdentity.selectProfile');
  });
  return { ok: reason === 'unchanged', refused: reason, message, ...(kind ? { kind, action: actionOf(kind) } : {}) };
}

/** The handler behind the four apply commands. `kind` is what the command creates or changes. */
export async function applyFromFile(ctx: ExtensionCtx, kind: Kind, rawArgs: unknown): Promise<ApplyOutcome> {
  if (!vscode.workspace.isTrusted) return refuse(ctx, 'untrusted', RESTRICTED_MESSAGE, kind);
  const aws = ctx.aws;
  const args = parseFileArgs(rawArgs);
  if (args.retry) {
    const attempt = aws.attempt(args.retry);
    if (!attempt) return refuse(ctx, 'retry-unknown', 'That apply is no longer known; run the command again.', kind);
    return send(ctx, attempt);
  }
  const uri = targetUri(args);
  if (!uri) return refuse(ctx, 'no-file', `Open the file to apply first (${COMMAND_FOR_KIND[kind].title}).`, kind);

  const read = await readPayload(ctx, uri, [kind], args.document);
  if (!read.ok) return refuse(ctx, read.reason, read.message, kind);
  const { payload, document, doc } = read;
  const fileInput = payload.input;

  const state = await aws.session.state();
  const listing = await aws.session.listing();
  if (!state.connection || !listing) {
    return refuse(ctx, 'no-connection', 'Choose an AWS profile first (Verified Identity: Select Profile).', kind);
  }

  // Update / Modify: show what changes, and ask.
  if (kind === 'identity-source-update' || kind === 'trust-provider-update') {
    let match;
    try {
      [match] = await deployedCandidates(listing, kind, fileInput);
    } catch (e) {
      return failed(ctx, kind, uri, document, undefined, e);
    }
    if (!match) return refuse(ctx, 'cancelled', 'The resource to change was not found.', kind);
    const format = doc.languageId === 'json' ? 'json' : 'yaml';
    const deployedRequest = deployedAsRequest(kind, match.deployed);
    const diffs = differences(kind, fileInput, deployedRequest);
    if (diffs.length === 0 && !setsSecret(fileInput)) {
      return refuse(
        ctx,
        'unchanged',
        `${fileName(uri)} already matches the deployed ${match.label}: nothing to send.`,
        kind,
      );
    }
    const base = `${match.ref.id}.${kind === 'identity-source-update' ? 'identity-source' : 'trust-provider'}.${format}`;
    const after = afterApply(kind, deployedRequest, fileInput);
    const left = aws.previews.create(
      'deployed',
      base,
      renderRequest(maskSecrets(alignKeys(deployedRequest, after)), format),
    );
    const right = aws.previews.create('after', base, renderRequest(maskSecrets(after), format));
    const verb = kind === 'identity-source-update' ? 'Update' : 'Modify';
    await aws.previews.showDiff(left, right, `${verb} ${match.ref.id}: deployed ↔ ${fileName(uri)}`);
    const changed = diffs.map(d => d.path).slice(0, 8);
    const ok = await aws.prompts.confirm(
      `${verb} ${match.label} with ${fileName(uri)}?`,
      `Profile ${state.connection.label}. ${
        changed.length ? `Changes: ${changed.join(', ')}${diffs.length > changed.length ? ', …' : ''}.` : ''
      }${setsSecret(fileInput) ? ' The client secret is sent again (AWS never returns it, so it cannot be compared).' : ''}`,
      verb,
    );
    if (!ok) return refuse(ctx, 'cancelled', `${verb} cancelled: nothing was sent.`, kind);
  }

  // Secrets: literal ones and resolved references never reach the log.
  for (const s of literalSecrets(fileInput)) ctx.log.addSecret(s);
  let input: Record<string, unknown>;
  try {
    const resolved = await resolveSecretReferences(fileInput, ctx.extension.secrets);
    for (const s of resolved.secrets) ctx.log.addSecret(s);
    input = resolved.value;
  } catch (e) {
    if (e instanceof MissingSecretError) return refuse(ctx, 'secret', e.message, kind);
    throw e;
  }

  const attempt: ApplyAttempt = {
    id: randomUUID(),
    kind,
    uri: uri.toString(),
    document,
    input,
    fileInput,
    clientToken: randomUUID(),
    connection: state.connection.label,
  };
  aws.remember(attempt);
  return send(ctx, attempt);
}

/** Sends an attempt (first time or Retry: same input, same token). */
async function send(ctx: ExtensionCtx, attempt: ApplyAttempt): Promise<ApplyOutcome> {
  const aws = ctx.aws;
  const uri = vscode.Uri.parse(attempt.uri);
  const state = await aws.session.state();
  const ops = await aws.session.operations();
  if (!state.connection || !ops) {
    return refuse(
      ctx,
      'no-connection',
      'Choose an AWS profile first (Verified Identity: Select Profile).',
      attempt.kind,
    );
  }
  if (state.connection.label !== attempt.connection) {
    return refuse(
      ctx,
      'retry-unknown',
      `The connection changed since that apply (${attempt.connection} → ${state.connection.label}); run the command again.`,
      attempt.kind,
    );
  }
  aws.diagnostics.clear(uri);
  const action = actionOf(attempt.kind);
  const token = tokenFor(attempt.kind, attempt.input, attempt.clientToken);
  ctx.log.info(
    `${action} from ${fileName(uri)} on ${state.connection.label}${token ? ` (idempotency token ${token})` : ''}.`,
  );
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Verified Identity: ${VERB[attempt.kind]} from ${fileName(uri)}…`,
        cancellable: false,
      },
      () => ops.apply(attempt.kind, attempt.input, attempt.clientToken, attempt.fileInput),
    );
    const { verb } = OPERATION_OF[attempt.kind];
    const message = `${verb} ${labelOf(result.resource)} from ${fileName(uri)}.`;
    ctx.log.info(message);
    void aws.views.changed(result.resource);
    // The drift lens of the file (and of any other open file about this resource) now says what is deployed.
    for (const doc of vscode.workspace.textDocuments) if (ctx.drift.current(doc.uri)) void ctx.drift.check(doc.uri);
    if (!ctx.drift.current(uri)) void ctx.drift.check(uri);
    void aws.prompts.notify('info', `Verified Identity: ${message}`, ['Reveal in Tree']).then(choice => {
      if (choice === 'Reveal in Tree') void aws.views.reveal(result.resource);
    });
    return {
      ok: true,
      kind: attempt.kind,
      action,
      message,
      applyId: attempt.id,
      ...(token ? { clientToken: token } : {}),
      resource: result.resource,
    };
  } catch (e) {
    return failed(ctx, attempt.kind, uri, attempt.document, attempt, e);
  }
}

async function failed(
  ctx: ExtensionCtx,
  kind: Kind,
  uri: vscode.Uri,
  document: number,
  attempt: ApplyAttempt | undefined,
  e: unknown,
): Promise<ApplyOutcome> {
  const failure = e instanceof AwsCallError ? e.failure : describeAwsError(e, actionOf(kind), { mutating: !!attempt });
  ctx.log.warn(
    `${failure.action} failed: ${failure.code}${failure.requestId ? ` (request id ${failure.requestId})` : ''}: ${failure.message}`,
  );
  const diagnostics = failure.kind === 'validation' ? await ctx.aws.diagnostics.report(uri, document, failure) : [];
  const actions = [
    ...(attempt && (failure.retryable || failure.outcomeUnknown) ? ['Retry'] : []),
    ...(diagnostics.length ? ['Show Problems'] : []),
    'Show Logs',
  ];
  void ctx.aws.prompts.notify('error', `Verified Identity: ${failure.message}`, actions).then(choice => {
    if (choice === 'Retry' && attempt)
      void vscode.commands.executeCommand(COMMAND_FOR_KIND[kind].id, { retry: attempt.id });
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Logs') ctx.log.show();
  });
  return {
    ok: false,
    kind,
    action: failure.action,
    message: failure.message,
    failure,
    diagnostics: diagnostics.length,
    ...(attempt ? { applyId: attempt.id } : {}),
    ...(attempt && tokenFor(kind, attempt.input, attempt.clientToken)
      ? { clientToken: tokenFor(kind, attempt.input, attempt.clientToken) }
      : {}),
  };
}
