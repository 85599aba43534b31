/**
 * A small LSP test client: spawns the bundled server (`node server/out/server.js --stdio`) and talks JSON-RPC to it
 * with vscode-languageserver-protocol, no VS Code involved. It answers `workspace/configuration` from a settings
 * function, records logs, progress and published diagnostics, and waits on notifications with timeouts (no
 * sleeps). Used by the LSP tests and the LSP benchmark.
 */
import { SERVER_NODE_FLAGS, serverEnv } from '../../server/src/launch';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
  type ClientCapabilities,
  type ConfigurationItem,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The repository root, from `out/test/lsp/` (tests) or `out/bench/` (benchmark). */
export const ROOT = resolve(__dirname, /[\\/]bench$/.test(__dirname) ? '../..' : '../../..');
export const SERVER = resolve(ROOT, 'server/out/server.js');

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export interface ClientOptions {
  /** Declare `textDocument.diagnostic` (pull diagnostics). Default false: the server pushes. */
  pull?: boolean;
  /** Declare `workspace.configuration`. Default true. */
  configuration?: boolean;
  /** The answer to `workspace/configuration` for a scope (`verifiedIdentity` section). Default `{}`. */
  settings?: (scopeUri: string | undefined) => unknown;
  initializationOptions?: unknown;
  /** Workspace folders sent in `initialize` (file paths). Default none (`rootUri: null`). */
  workspaceFolders?: string[];
  /** Extra capabilities, merged over the defaults. */
  capabilities?: ClientCapabilities;
  /** Node.js flags for the server process (profiling, heap experiments). */
  nodeArgs?: string[];
  /** Transport arguments of the server. Default `['--stdio']`; `[]` checks that stdio is the default. */
  transport?: string[];
  /** Another server to run instead of ours (script and arguments for Node.js): the benchmark's peer. */
  command?: string[];
}

interface Waiter {
  uri: string;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly logs: { type: number; message: string }[] = [];
  readonly configurationRequests: ConfigurationItem[] = [];
  readonly progress: { token: string | number; value: unknown }[] = [];
  refreshRequests = 0;
  stderr = '';
  initializeResult!: InitializeResult;
  settings: (scopeUri: string | undefined) => unknown;
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  /** Conditions re-checked after every message from the server (see `until`). */
  private checks = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly connection: ProtocolConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? (() => ({}));
    this.exited = new Promise(res => proc.once('exit', code => res(code)));
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, p => {
      this.published.set(p.uri, p);
      const ready = this.waiters.filter(w => w.uri === p.uri && w.test(p));
      this.waiters = this.waiters.filter(w => !ready.includes(w));
      for (const w of ready) w.resolve(p);
      this.poke();
    });
    connection.onNotification(LogMessageNotification.type, p => {
      this.logs.push(p);
      this.poke();
    });
    connection.onNotification('$/progress', (p: { token: string | number; value: unknown }) => {
      this.progress.push(p);
      this.poke();
    });
    connection.onRequest(ConfigurationRequest.type, p => {
      this.configurationRequests.push(...p.items);
      setImmediate(() => this.poke());
      return p.items.map(i => this.settings(i.scopeUri) ?? null);
    });
    connection.onRequest(RegistrationRequest.type, () => {});
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => {});
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshRequests++;
      this.poke();
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Spawns the server and sends `initialize` + `initialized`. */
  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const client = TestClient.spawn(options);
    await client.initialize(options);
    return client;
  }

  static spawn(options: ClientOptions = {}): TestClient {
    // As the extension starts it (server/src/launch.ts), unless a test says otherwise.
    const nodeArgs = options.nodeArgs ?? SERVER_NODE_FLAGS;
    const args = options.command ?? [...nodeArgs, SERVER, ...(options.transport ?? ['--stdio'])];
    const proc = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...serverEnv() },
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout),
      new StreamMessageWriter(proc.stdin),
    );
    connection.listen();
    return new TestClient(proc, connection, options);
  }

  async initialize(options: ClientOptions = {}): Promise<InitializeResult> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.configuration ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        diagnostics: { refreshSupport: true },
      },
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      ...options.capabilities,
    };
    this.initializeResult = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      ...(options.workspaceFolders
        ? { workspaceFolders: options.workspaceFolders.map(f => ({ uri: fileUri(f), name: f })) }
        : {}),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return this.initializeResult;
  }

  async open(
    uri: string,
    text: string,
    languageId = /\.json$/.test(uri) ? 'json' : 'yaml',
    version = 1,
  ): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  /** Sends changes with the next version number; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    return token
      ? this.connection.sendRequest<R>(method, params, token.token)
      : this.connection.sendRequest<R>(method, params);
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.request('textDocument/diagnostic', {
      textDocument: { uri },
      ...(previousResultId ? { previousResultId } : {}),
    });
  }

  /** The last diagnostics published for a URI, if any. */
  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.published.get(uri);
  }

  /**
   * Diagnostics for a URI that satisfy `test` (default: published for the document's current version): the last
   * ones if they already do, else the next ones that do, within `timeoutMs`.
   */
  waitForDiagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean = p => p.version === this.version(uri),
    timeoutMs = 5000,
  ): Promise<PublishDiagnosticsParams> {
    const last = this.published.get(uri);
    if (last && test(last)) return Promise.resolve(last);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(w => w !== waiter);
        rej(
          new Error(
            `no matching diagnostics for ${uri} within ${timeoutMs} ms (last: ${JSON.stringify(this.published.get(uri))?.slice(0, 300)})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        test,
        resolve: p => {
          clearTimeout(timer);
          res(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private poke(): void {
    for (const check of [...this.checks]) check();
  }

  /** Resolves once `condition` holds, re-checking after every message from the server; rejects after the timeout. */
  until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((res, rej) => {
      const check = () => {
        if (!condition()) return;
        this.checks.delete(check);
        clearTimeout(timer);
        res();
      };
      const timer = setTimeout(() => {
        this.checks.delete(check);
        rej(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.checks.add(check);
    });
  }

  /** The next diagnostics published for a URI, whatever they are. */
  nextDiagnostics(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const before = this.published.get(uri);
    return this.waitForDiagnostics(uri, p => p !== before, timeoutMs);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** The process is running and answers a request. */
  async answers(timeoutMs = 5000): Promise<boolean> {
    if (!this.alive) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>(res => (timer = setTimeout(() => res(false), timeoutMs)));
    try {
      const answer = this.request<unknown[]>('verifiedIdentity/templates', {}).then(r => Array.isArray(r));
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `/proc/<pid>/status` memory figures in MB (Linux only). */
  memory(): { rss: number; hwm: number; anon: number; file: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  }

  /** shutdown + exit; kills the process if it does not exit within a second. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise(r => setTimeout(r, 1000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // the connection may already be gone
      }
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 1000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

export { CancellationTokenSource };
