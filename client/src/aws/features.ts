/**
 * Everything the AWS side of the extension holds, built once in `activate()`: the session (connection, clients), the
 * views, the connection status item, the look-up answering the language server, the diagnostics and preview
 * documents of the apply commands, the prompt service and the apply attempts that Retry can repeat.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AwsDiagnostics } from '../apply/diagnostics';
import { PreviewDocuments } from '../apply/preview';
import { defaultPrompts, type Prompts } from '../apply/prompts';
import type { AwsLookupProvider } from '../client';
import type { Logger } from '../log';
import { AwsViews } from '../views';
import { AwsLookup } from './lookup';
import { AwsSession } from './session';
import { createConnectionStatus, type ConnectionStatus } from './status-item';
import type { Kind } from '../../../server/src/service/types';

/** One logical apply: what Retry sends again, with the same idempotency token. */
export interface ApplyAttempt {
  id: string;
  kind: Kind;
  uri: string;
  document: number;
  /** Secret references resolved (kept in memory only, for Retry). */
  input: Record<string, unknown>;
  /** As the file has it (references intact), for error paths and logs. */
  fileInput: Record<string, unknown>;
  clientToken: string;
  /** The connection it was made for (a retry on another connection is refused). */
  connection: string;
}

const MAX_ATTEMPTS = 20;

export class AwsFeatures implements vscode.Disposable {
  readonly session: AwsSession;
  readonly views: AwsViews;
  readonly status: ConnectionStatus;
  readonly lookup: AwsLookup;
  readonly diagnostics: AwsDiagnostics;
  readonly previews = new PreviewDocuments();
  /** Replaceable by tests (the test driver cancels modal dialogs). */
  prompts: Prompts = defaultPrompts;
  private readonly attempts = new Map<string, ApplyAttempt>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, log: Logger, client: LanguageClient) {
    this.session = new AwsSession(context.globalState, log);
    this.views = new AwsViews(this.session, log);
    this.status = createConnectionStatus(this.session);
    this.lookup = new AwsLookup(() => this.session.listing());
    this.diagnostics = new AwsDiagnostics(client);
    this.disposables.push(this.session.onDidChange(() => this.lookup.clear()));
  }

  /** The handler of the server's `verifiedIdentity/awsLookup` (client.ts answers in Restricted Mode itself). */
  readonly lookupProvider: AwsLookupProvider = params => this.lookup.answer(params);

  remember(attempt: ApplyAttempt): void {
    this.attempts.set(attempt.id, attempt);
    while (this.attempts.size > MAX_ATTEMPTS) this.attempts.delete(this.attempts.keys().next().value as string);
  }

  attempt(id: string): ApplyAttempt | undefined {
    return this.attempts.get(id);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.attempts.clear();
    this.previews.dispose();
    this.diagnostics.dispose();
    this.status.dispose();
    this.views.dispose();
    this.session.dispose();
  }
}
