/** What command handlers get: built once in `activate()` and passed to every handler from the command table. */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AwsFeatures } from './aws/features';
import type { DriftLens } from './drift/lens';
import type { Logger } from './log';
import type { KindStatus } from './status';
import type { TokenInput } from './token/input';
import type { TokenResults } from './token/results';

/** Check a Token…: where the token comes from (replaceable by tests) and the result documents. */
export interface TokenFeature {
  input: TokenInput;
  readonly results: TokenResults;
}

export interface ExtensionCtx {
  readonly extension: vscode.ExtensionContext;
  readonly client: LanguageClient;
  /**
   * Resolves once the language server is running. Reading it starts the server when it was not started yet (the
   * server starts lazily: client/src/server-start.ts), so read it only where the server is needed.
   */
  readonly ready: Promise<void>;
  readonly log: Logger;
  readonly status: KindStatus;
  /** The AWS side: connection, views, apply commands' services (client/src/aws/features.ts). */
  readonly aws: AwsFeatures;
  /** The drift CodeLens (client/src/drift/lens.ts). */
  readonly drift: DriftLens;
  readonly token: TokenFeature;
}
