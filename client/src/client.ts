/**
 * The language client. The server (`server/out/server.js`, over IPC) decides which files are ours — default globs,
 * `verifiedIdentity.files`, the YAML modeline — so the client hands it every JSON and YAML document and never
 * validates anything itself. The client is created at activation but the server process starts only when `start()`
 * is first called (client/src/server-start.ts decides when).
 *
 * Settings: the server pulls `workspace/configuration` per document; the middleware here answers those pulls through
 * `sanitizeConfiguration` (endpoint overrides and loopback from user settings only; nothing network-related in
 * Restricted Mode).
 * Changes to `verifiedIdentity.*` reach the server as `workspace/didChangeConfiguration`: the server registers for
 * the section dynamically and the client library forwards them. Workspace trust goes in `initializationOptions`
 * and, when it is granted later, as `verifiedIdentity/didChangeTrust`.
 */
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS, serverEnv } from '../../server/src/launch';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  RequestType,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  AwsLookupRequest,
  DidChangeTrustNotification,
  type AwsLookupParams,
  type AwsLookupResult,
  type DidChangeTrustParams,
  type InitializationOptions,
} from '../../server/src/protocol';
import { SECTION } from '../../server/src/settings';
import { readSettings, userLevelSettings } from './config';
import { sanitizeConfiguration } from './restricted';
import type { Logger } from './log';
import { ruleDocsBase } from './rule-docs';

export const CLIENT_ID = SECTION; // `verifiedIdentity.trace.server` is read by the client library under this id
export const CLIENT_NAME = 'Verified Identity Language Server';
export const SERVER_MODULE = 'server/out/server.js';

/** Every JSON and YAML document, saved or not; the server ignores the ones that are not associated. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'untitled', language: 'json' },
];

/**
 * Answers the server's `verifiedIdentity/awsLookup`. Until the AWS layer registers a provider, and always in
 * Restricted Mode, the answer is `available: false` (the server then skips live checks).
 */
export type AwsLookupProvider = (params: AwsLookupParams, token: vscode.CancellationToken) => Promise<AwsLookupResult>;

export interface ClientHandle extends vscode.Disposable {
  readonly client: LanguageClient;
  /**
   * Starts the server process unless it was started; resolves once it answered `initialize` (rejects when it could
   * not start). The same promise every time.
   */
  start(): Promise<void>;
  setAwsLookupProvider(provider: AwsLookupProvider | undefined): void;
}

export function createClient(context: vscode.ExtensionContext, log: Logger): ClientHandle {
  const module = context.asAbsolutePath(SERVER_MODULE);
  const env = serverEnv();
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env },
    },
  };
  const initializationOptions = (): InitializationOptions => ({
    trusted: vscode.workspace.isTrusted,
    settings: readSettings(undefined),
    // Diagnostic codes link to this extension's URI handler (client/src/rule-docs.ts).
    ruleDocs: ruleDocsBase(context),
  });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log.channel,
    initializationOptions,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          const trusted = vscode.workspace.isTrusted;
          const user = userLevelSettings();
          return answer.map((value: unknown, i) =>
            sanitizeConfiguration(params.items[i]?.section, value, trusted, user),
          );
        },
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);

  let lookup: AwsLookupProvider | undefined;
  const awsLookup = new RequestType<AwsLookupParams, AwsLookupResult, void>(AwsLookupRequest);
  client.onRequest(awsLookup, async (params, token): Promise<AwsLookupResult> => {
    if (!vscode.workspace.isTrusted) return { available: false, error: 'Restricted Mode: no AWS look-ups.' };
    if (!lookup) return { available: false };
    try {
      return await lookup(params, token);
    } catch (e) {
      log.warn(`AWS look-up ${params.what} failed:`, e);
      return { available: false, error: e instanceof Error ? e.message : String(e) };
    }
  });

  const disposables: vscode.Disposable[] = [
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: online checks and AWS features may now run.');
      if (!client.isRunning()) return;
      const params: DidChangeTrustParams = { trusted: true };
      // The server caches settings pulled while untrusted (sanitized by the middleware): have it pull them again.
      client
        .sendNotification(DidChangeTrustNotification, params)
        .catch((err: unknown) => log.error('didChangeTrust:', err));
      client
        .sendNotification(DidChangeConfigurationNotification.type, { settings: null })
        .catch((err: unknown) => log.error('didChangeConfiguration:', err));
    }),
  ];

  let ready: Promise<void> | undefined;
  const start = (): Promise<void> => {
    if (ready) return ready;
    log.info(
      `Starting the language server (${module}); workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}.`,
    );
    const t0 = Date.now();
    ready = client.start().then(
      () => log.info(`Language server ready (${Date.now() - t0} ms).`),
      (e: unknown) => {
        log.error('The language server could not start:', e);
        throw e;
      },
    );
    // Nobody may be awaiting `ready`; the failure is logged above and surfaces through the client's own UI.
    ready.catch(() => undefined);
    return ready;
  };

  return {
    client,
    start,
    setAwsLookupProvider: provider => {
      lookup = provider;
    },
    dispose: () => {
      for (const d of disposables) d.dispose();
    },
  };
}
