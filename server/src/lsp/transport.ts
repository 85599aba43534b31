/**
 * The connection, with two things the LSP library does not offer: the server knows which messages have arrived but
 * are not handled yet (the library handles one message per turn of the event loop, in order), and requests out of
 * the lifecycle get the errors the specification names.
 *
 * - `Inbox`: messages counted as they are read and again as the connection handles them. A document whose next
 *   `didChange` has already arrived is not analyzed (that version is superseded); a pull for it waits for the
 *   change; background analysis steps aside while requests are waiting.
 * - Lifecycle: before `initialize`, requests get `ServerNotInitialized` (-32002) and notifications are dropped
 *   (except `exit`); after `shutdown`, requests get `InvalidRequest` (-32600) and notifications are dropped (except
 *   `exit`). `exit` ends the process with 0 after `shutdown`, else 1 (the library's handler).
 *
 * The transports are those of `createConnection()` without arguments: `--node-ipc`, `--stdio`, `--socket=N`,
 * `--pipe=NAME`; over stdio the process ends when stdin closes, and `console` goes to the client's log.
 */
import { format } from 'node:util';
import {
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { jsonEncoder } from './json-encoder';

const SYNC = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose']);
/** Handled by the library as they arrive, never queued: not counted. */
const UNQUEUED = new Set(['$/cancelRequest']);

export type Lifecycle = 'new' | 'running' | 'shut down';

/** What has arrived and is not handled yet. */
export class Inbox {
  private waiting = 0;
  private readonly sync = new Map<string, number>();
  private readonly settledWaiters = new Map<string, (() => void)[]>();

  /** Requests and notifications read but not yet handled. */
  get queued(): number {
    return this.waiting;
  }

  /** Whether an open/change/close of this document has arrived and is not handled yet. */
  pending(uri: string): boolean {
    return (this.sync.get(uri) ?? 0) > 0;
  }

  /** Resolves once every open/change/close of this document that has arrived is handled. */
  settled(uri: string): Promise<void> {
    if (!this.pending(uri)) return Promise.resolve();
    return new Promise(resolve => {
      const list = this.settledWaiters.get(uri) ?? [];
      list.push(resolve);
      this.settledWaiters.set(uri, list);
    });
  }

  arrived(message: Message): void {
    const counted = counts(message);
    if (!counted) return;
    this.waiting++;
    const uri = syncUri(message);
    if (uri !== undefined) this.sync.set(uri, (this.sync.get(uri) ?? 0) + 1);
  }

  handled(message: Message): void {
    const counted = counts(message);
    if (!counted) return;
    this.waiting = Math.max(0, this.waiting - 1);
    const uri = syncUri(message);
    if (uri !== undefined) {
      const n = (this.sync.get(uri) ?? 1) - 1;
      if (n > 0) this.sync.set(uri, n);
      else {
        this.sync.delete(uri);
        const list = this.settledWaiters.get(uri);
        this.settledWaiters.delete(uri);
        for (const resolve of list ?? []) resolve();
      }
    }
  }
}

function isRequest(m: Message): m is RequestMessage {
  const r = m as Partial<RequestMessage>;
  return typeof r.method === 'string' && r.id !== undefined && r.id !== null;
}

function isNotification(m: Message): m is NotificationMessage {
  const n = m as Partial<RequestMessage>;
  return typeof n.method === 'string' && (n.id === undefined || n.id === null);
}

function counts(m: Message): boolean {
  return isRequest(m) || (isNotification(m) && !UNQUEUED.has(m.method));
}

function syncUri(m: Message): string | undefined {
  if (!isNotification(m) || !SYNC.has(m.method)) return undefined;
  const uri = (m.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** Reads through `inner`, counting messages into the inbox and answering the ones the lifecycle refuses. */
class GatedReader implements MessageReader {
  lifecycle: Lifecycle = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly inbox: Inbox,
  ) {}

  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen(message => {
      if (isRequest(message)) {
        if (this.lifecycle === 'new' && message.method !== 'initialize') {
          return this.refuse(message, ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
        }
        if (this.lifecycle === 'shut down') {
          return this.refuse(message, ErrorCodes.InvalidRequest, 'The server is shut down.');
        }
        if (message.method === 'initialize') this.lifecycle = 'running';
        else if (message.method === 'shutdown') this.lifecycle = 'shut down';
      } else if (isNotification(message) && message.method !== 'exit' && this.lifecycle !== 'running') {
        return; // dropped, as the specification asks
      }
      this.inbox.arrived(message);
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }

  private refuse(request: RequestMessage, code: number, text: string): void {
    this.writer.write({ jsonrpc: '2.0', id: request.id, error: { code, message: text } } as Message).catch(() => {
      // the client is gone
    });
  }
}

interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  stdio: boolean;
}

/** The transport named on the command line, as `createConnection()` picks it (stdio when none is named). */
function transport(argv: readonly string[]): Transport {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--node-ipc') {
      return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    }
    if (arg === '--stdio') break;
    const [name, value] = arg.includes('=') ? arg.split('=') : [arg, argv[i + 1]];
    if (name === '--socket' && Number.parseInt(value ?? '', 10)) {
      const [reader, writer] = createServerSocketTransport(Number.parseInt(value, 10));
      return { reader, writer, stdio: false };
    }
    if (name === '--pipe' && value) {
      const [reader, writer] = createServerPipeTransport(value);
      return { reader, writer, stdio: false };
    }
  }
  return {
    reader: new StreamMessageReader(process.stdin),
    writer: new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder }),
    stdio: true,
  };
}

export interface ServerConnection {
  connection: Connection;
  inbox: Inbox;
  lifecycle(): Lifecycle;
}

export function createServerConnection(argv: readonly string[] = process.argv.slice(2)): ServerConnection {
  const inbox = new Inbox();
  const { reader, writer, stdio } = transport(argv);
  const gated = new GatedReader(reader, writer, inbox);
  const connection = createConnection(gated, writer, {
    messageStrategy: {
      handleMessage(message, next) {
        try {
          return next(message);
        } finally {
          inbox.handled(message);
        }
      },
    },
  });
  if (stdio) {
    // As the library does for stdio: stdout carries the protocol, so `console` goes to the client's log.
    const toLog =
      (send: (m: string) => void) =>
      (...args: unknown[]) =>
        send(format(...args));
    console.log = console.info = toLog(m => connection.console.log(m));
    console.debug = toLog(m => connection.console.log(m));
    console.warn = toLog(m => connection.console.warn(m));
    console.error = console.trace = toLog(m => connection.console.error(m));
    const ended = () => process.exit(gated.lifecycle === 'shut down' ? 0 : 1);
    process.stdin.on('end', ended);
    process.stdin.on('close', ended);
  }
  return { connection, inbox, lifecycle: () => gated.lifecycle };
}
