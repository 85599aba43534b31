/**
 * Entry point. Thin on purpose: build the context (log, language client, status bar), register the command table,
 * and return the API that tests use. Every disposable goes into `context.subscriptions`. Activation starts no
 * process: the language server starts when a file of ours is open or in the workspace, or something needs it
 * (client/src/server-start.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AwsFeatures } from './aws/features';
import { createClient, type AwsLookupProvider } from './client';
import { COMMANDS, registerCommands } from './commands';
import type { ExtensionCtx, TokenFeature } from './context';
import { DriftLens } from './drift/lens';
import { createLogger, type Logger } from './log';
import { RuleDocs } from './rule-docs';
import { createLazyServer, type LazyServer } from './server-start';
import { createKindStatus, type KindStatus } from './status';
import { defaultTokenInput } from './token/input';
import { TokenResults } from './token/results';

/** `performance.now()` when the bundle started loading (esbuild.mjs puts it at the top of client/out/extension.js). */
declare const VI_BUNDLE_START: number | undefined;

/** What `activate()` returns (`vscode.extensions.getExtension(...).exports`). */
export interface VerifiedIdentityApi {
  readonly client: LanguageClient;
  /** Resolves once the language server is running; reading it starts the server when it was not started. */
  readonly ready: Promise<void>;
  /** The lazy start: whether and why the server started, and the search of the workspace after activation. */
  readonly server: LazyServer;
  /** What activation cost, in ms: loading the bundle (undefined when not bundled) and `activate()` itself. */
  readonly activation: { readonly loadMs: number | undefined; readonly activateMs: number };
  readonly status: KindStatus;
  readonly log: Logger;
  /** The ids of the commands the extension implements. */
  readonly commands: readonly string[];
  setAwsLookupProvider(provider: AwsLookupProvider | undefined): void;
  /** The AWS side: session, views, prompts (replaceable by tests), diagnostics, look-ups. */
  readonly aws: AwsFeatures;
  /** The drift CodeLens: `check(uri)` resolves with what the lens shows. */
  readonly drift: DriftLens;
  /** The rule documentation that diagnostic code links open. */
  readonly ruleDocs: RuleDocs;
  /** Check a Token…: `input` (replaceable by tests) and the result documents. */
  readonly token: TokenFeature;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): VerifiedIdentityApi {
  const started = performance.now();
  const loadMs = typeof VI_BUNDLE_START === 'number' ? started - VI_BUNDLE_START : undefined;
  const log = createLogger();
  const handle = createClient(context, log);
  client = handle.client;
  const server = createLazyServer(() => handle.start(), log);
  const status = createKindStatus(handle.client, server, log);
  const aws = new AwsFeatures(context, log, handle.client);
  handle.setAwsLookupProvider(aws.lookupProvider);
  const drift = new DriftLens(handle.client, server, aws.session, log);
  const ruleDocs = new RuleDocs(context, log);
  const results = new TokenResults();
  const token: TokenFeature = { input: defaultTokenInput, results };
  const ctx: ExtensionCtx = {
    extension: context,
    client: handle.client,
    get ready() {
      return server.start('a command needs it');
    },
    log,
    status,
    aws,
    drift,
    token,
  };
  context.subscriptions.push(log, handle, server, status, aws, drift, ruleDocs, results, ...registerCommands(ctx));
  const activation = { loadMs, activateMs: performance.now() - started };
  log.info(
    `Activated in ${activation.activateMs.toFixed(1)} ms` +
      (loadMs === undefined ? '' : ` (bundle loaded in ${loadMs.toFixed(1)} ms)`) +
      (server.started ? '' : '; the language server starts when a request file is open or found in the workspace.'),
  );
  return {
    client: handle.client,
    get ready() {
      return server.start('the API was asked for it');
    },
    server,
    activation,
    status,
    log,
    commands: Object.keys(COMMANDS),
    setAwsLookupProvider: provider => handle.setAwsLookupProvider(provider),
    aws,
    drift,
    ruleDocs,
    token,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
}
