/**
 * The composition root: builds the service and the handler modules around one connection. Handlers are registered
 * at once; client capabilities and fallback settings arrive with `initialize`. `inbox` (from `transport.ts`) says
 * which messages have arrived and are not handled yet; `workerScript` is the bundle the analysis worker runs.
 */
import { DidChangeConfigurationNotification, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import {
  DidChangeTrustNotification,
  RefreshChecksNotification,
  type DidChangeTrustParams,
  type InitializationOptions,
} from '../protocol';
import { SECTION } from '../settings';
import type { LanguageService } from '../service';
import { NO_CAPS, clientCaps, serverCapabilities } from './capabilities';
import type { Context } from './context';
import { Diagnostics } from './diagnostics';
import { DocumentStore } from './documents';
import { registerConversions } from './conversions';
import { registerFeatures } from './features';
import { createCommitCheck } from './files';
import { safely } from './guard';
import { createLog } from './log';
import { serviceModule } from './lazy';
import { createReleaser } from './memory';
import { registerRequests } from './requests';
import { configureRuleDocs } from './rule-docs';
import { Scheduler } from './scheduler';
import { SemanticHosts } from './semantic-host';
import { SettingsStore } from './settings';
import type { Inbox } from './transport';
import { registerValidateFiles } from './validate-files';
import { WorkerClient } from './worker-client';

export const SERVER_NAME = 'verified-identity-language-server';

export interface ServerOptions {
  inbox: Inbox;
  workerScript: string;
}

export function startServer(connection: Connection, version: string, options: ServerOptions): void {
  const log = createLog(connection);
  const commits = createCommitCheck();
  let service: LanguageService | undefined;
  const getService = () =>
    (service ??= serviceModule().createLanguageService({ isLikelyCommitted: uri => commits.isLikelyCommitted(uri) }));
  const worker = new WorkerClient(options.workerScript, log);
  const deps = {
    service: getService,
    scheduler: new Scheduler(options.inbox),
    worker,
    likelyCommitted: (uri: string) => commits.isLikelyCommitted(uri),
    trace: (line: string) => log.trace(line),
  };
  const ctx = {
    connection,
    get service() {
      return getService();
    },
    log,
    inbox: options.inbox,
    worker,
    documents: new DocumentStore(deps, log),
    settings: new SettingsStore(connection, log, false),
    caps: NO_CAPS,
    // Untrusted until the client says otherwise: no network, no AWS look-ups, no schema named by a setting.
    trusted: false,
  } as Context;
  ctx.hosts = new SemanticHosts(ctx);
  const diagnostics = new Diagnostics(ctx);
  diagnostics.register();
  registerFeatures(ctx);
  registerRequests(ctx, diagnostics);
  registerConversions(ctx);
  registerValidateFiles(ctx, diagnostics);

  let initialized = false;
  connection.onInitialize((params): InitializeResult => {
    if (!initialized) {
      initialized = true;
      try {
        ctx.caps = clientCaps(params);
        const options = params.initializationOptions as Partial<InitializationOptions> | null | undefined;
        // Only an explicit `trusted: true` opens the network and the cedarSchema setting; a client that sends nothing
        // (any editor that does not know this server) gets local checks only.
        ctx.trusted = options?.trusted === true;
        configureRuleDocs(options?.ruleDocs);
        const folders = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map(f => f?.uri) : [];
        ctx.hosts.folders.set(folders.length ? folders : [params.rootUri ?? '']);
        ctx.settings.initialize(ctx.caps.configuration, options?.settings);
      } catch (e) {
        log.error('initialize: unusable client capabilities or options; continuing with defaults', e);
      }
    }
    return { capabilities: serverCapabilities(ctx.caps), serverInfo: { name: SERVER_NAME, version } };
  });

  connection.onInitialized(() =>
    safely(log, 'initialized', async () => {
      // Loaded once the client has its answer to `initialize` (loading it earlier delayed that answer by ~15 ms: it
      // ran before the reply was written), and before the first document needs it.
      setImmediate(() => safely(log, 'loading the language service', () => void getService()));
      if (ctx.caps.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(() =>
          safely(log, 'workspace/didChangeWorkspaceFolders', async () => {
            ctx.hosts.folders.set(((await connection.workspace.getWorkspaceFolders()) ?? []).map(f => f.uri));
            diagnostics.refreshAll();
          }),
        );
      }
      if (ctx.caps.configuration && ctx.caps.configurationChangeRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      }
      await ctx.settings.refreshTraceLevel();
    }),
  );

  connection.onDidChangeConfiguration(params =>
    safely(log, 'workspace/didChangeConfiguration', () => {
      commits.reset();
      ctx.settings.changed(params?.settings);
    }),
  );
  connection.onNotification(DidChangeTrustNotification, (params: DidChangeTrustParams) =>
    safely(log, DidChangeTrustNotification, () => {
      if (typeof params?.trusted !== 'boolean' || params.trusted === ctx.trusted) return;
      ctx.trusted = params.trusted;
      diagnostics.refreshAll();
    }),
  );
  connection.onNotification(RefreshChecksNotification, () =>
    safely(log, RefreshChecksNotification, () => diagnostics.refreshAll()),
  );
  const release = createReleaser(e => log.error('idle garbage collection failed', e));
  ctx.documents.documents.onDidClose(e => {
    ctx.settings.forget(e.document.uri);
    release(e.document.getText().length);
  });
  connection.onShutdown(async () => {
    ctx.documents.clear();
    await worker.stop();
  });

  ctx.documents.documents.listen(connection);
  connection.listen();
}
