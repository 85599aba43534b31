/** What every handler module gets: the connection, the service, the open documents, settings, log, client caps. */
import type { Connection } from 'vscode-languageserver/node';
import type { LanguageService } from '../service';
import type { ClientCaps } from './capabilities';
import type { DocumentStore, Target } from './documents';
import type { Log } from './log';
import type { SemanticHosts } from './semantic-host';
import type { SettingsStore } from './settings';
import type { Inbox } from './transport';
import type { WorkerClient } from './worker-client';

export interface Context {
  readonly connection: Connection;
  readonly service: LanguageService;
  readonly documents: DocumentStore;
  readonly settings: SettingsStore;
  readonly log: Log;
  /** Messages arrived and not handled yet (superseded versions are not analyzed). */
  readonly inbox: Inbox;
  /** The worker that analyzes single large documents. */
  readonly worker: WorkerClient;
  /** The semantic checks' I/O (schemas, discovery, look-ups) and the service variants that use it. */
  hosts: SemanticHosts;
  /** Set by `initialize`; everything off before. */
  caps: ClientCaps;
  /**
   * Workspace trust (`initializationOptions.trusted`, `verifiedIdentity/didChangeTrust`). Untrusted: local checks
   * only, no network, no AWS look-ups, no schema named by a setting. Only an explicit `trusted: true` trusts: clients
   * that do not send it (other editors) are untrusted.
   */
  trusted: boolean;
}

/**
 * Look up the open document → its settings → the analysis of its current revision (started, not necessarily
 * finished: handlers await what they need of it). Undefined for unknown or unassociated URIs.
 */
export async function analyzed(ctx: Context, uri: unknown): Promise<Target | undefined> {
  if (typeof uri !== 'string' || !ctx.documents.get(uri)) return undefined;
  const settings = await ctx.settings.forUri(uri);
  const doc = ctx.documents.get(uri); // may have changed or closed while settings were fetched
  if (!doc) return undefined;
  const analysis = ctx.documents.analyze(doc, settings);
  return analysis ? { doc, revision: analysis.revision, analysis, settings } : undefined;
}
