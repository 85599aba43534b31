/**
 * Entry point. Thin on purpose: build the context (log, language client, status bar), register the command table,
 * and return the API that tests use. Every disposable goes into `context.subscriptions`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AwsFeatures } from './aws/features';
import { createClient, type AwsLookupProvider } from './client';
import { COMMANDS, registerCommands } from './commands';
import type { ExtensionCtx, TokenFeature } from './context';
import { DriftLens } from './drift/lens';
import { createLogger, type Logger } from './log';
import { createKindStatus, type KindStatus } from './status';
import { defaultTokenInput } from './token/input';
import { TokenResults } from './token/results';

/** What `activate()` returns (`vscode.extensions.getExtension(...).exports`). */
export interface VerifiedIdentityApi {
  readonly client: LanguageClient;
  /** Resolves once the language server is running. */
  readonly ready: Promise<void>;
  readonly status: KindStatus;
  readonly log: Logger;
  /** The ids of the commands the extension implements. */
  readonly commands: readonly string[];
  setAwsLookupProvider(provider: AwsLookupProvider | undefined): void;
  /** The AWS side: session, views, prompts (replaceable by tests), diagnostics, look-ups. */
  readonly aws: AwsFeatures;
  /** The drift CodeLens: `check(uri)` resolves with what the lens shows. */
  readonly drift: DriftLens;
  /** Check a Token…: `input` (replaceable by tests) and the result documents. */
  readonly token: TokenFeature;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): VerifiedIdentityApi {
  const log = createLogger();
  const handle = createClient(context, log);
  client = handle.client;
  const status = createKindStatus(handle.client, handle.ready, log);
  const aws = new AwsFeatures(context, log, handle.client);
  handle.setAwsLookupProvider(aws.lookupProvider);
  const drift = new DriftLens(handle.client, handle.ready, aws.session, log);
  const results = new TokenResults();
  const token: TokenFeature = { input: defaultTokenInput, results };
  const ctx: ExtensionCtx = {
    extension: context,
    client: handle.client,
    ready: handle.ready,
    log,
    status,
    aws,
    drift,
    token,
  };
  context.subscriptions.push(log, handle, status, aws, drift, results, ...registerCommands(ctx));
  return {
    client: handle.client,
    ready: handle.ready,
    status,
    log,
    commands: Object.keys(COMMANDS),
    setAwsLookupProvider: provider => handle.setAwsLookupProvider(provider),
    aws,
    drift,
    token,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}
