/**
 * The server's side of the analysis worker: a worker thread running the same bundle, started when the first single
 * large document needs it and stopped a while after the last one is gone. Requests go to it as messages; the
 * semantic checks it runs call back for schemas, discovery documents and look-ups, which the server answers through
 * the document's semantic host (trust and online checks are decided here, never in the worker). Aborts travel both
 * ways. If the worker stops (a crash, memory), what waited on it fails, and the next request starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { LiveLookup, ServiceHost } from '../service';
import {
  WORKER_ROLE,
  type AnalysisInput,
  type AsyncOpName,
  type FromWorker,
  type HostMethod,
  type OpName,
  type ToWorker,
} from './analysis-ops';
import type { Log } from './log';
import { favourSpeed } from './memory';
import { AbortedError, Cancelled, unlessAborted } from './scheduler';

/** The young generation kept small, as on the server's thread (`launch.ts`): analyses allocate in bursts. */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 4 };
/** Stop the worker this long after the last large document is gone (a new one starts in ~100 ms). */
const IDLE_MS = 10_000;

/** One of the host's I/O methods, with the arguments the worker sent and the server's own abort signal. */
function callHost(host: ServiceHost | undefined, method: HostMethod, args: unknown[], signal: AbortSignal) {
  if (method === 'cedarSchema' && host?.cedarSchema)
    return host.cedarSchema(String(args[0]), typeof args[1] === 'string' ? args[1] : undefined, signal);
  if (method === 'fetchJson' && host?.fetchJson) return host.fetchJson(String(args[0]), signal);
  if (method === 'lookup' && host?.lookup) return host.lookup(args[0] as LiveLookup, signal);
  return Promise.reject(new Error(`the host has no ${method}`));
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  host?: ServiceHost;
}

export class WorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly hostCalls = new Map<number, AbortController>();
  private users = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: string,
    private readonly log: Log,
  ) {}

  /** A large document needs the worker (until `release`). */
  retain(): void {
    this.users++;
    clearTimeout(this.idle);
    this.idle = undefined;
  }

  release(): void {
    if (--this.users > 0 || !this.worker) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.stop(), IDLE_MS);
    this.idle.unref();
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  analyze(key: string, rev: number, input: AnalysisInput): Promise<void> {
    return this.request(id => ({ t: 'analyze', id, key, rev, input })) as Promise<void>;
  }

  call(key: string, rev: number, op: OpName, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    return unlessAborted(
      this.request(id => ({ t: 'call', id, key, rev, op, args })),
      signal,
    );
  }

  /** An answer that needs the host: the worker calls back for `cedarSchema`, `fetchJson` and `lookup`. */
  callAsync(
    key: string,
    rev: number,
    op: AsyncOpName,
    args: unknown[],
    host: ServiceHost,
    signal: AbortSignal,
  ): Promise<unknown> {
    const hosts = (['cedarSchema', 'fetchJson', 'lookup'] as const).filter(m => typeof host[m] === 'function');
    let id = 0;
    const result = this.request(i => {
      id = i;
      return { t: 'async', id: i, key, rev, op, args, hosts };
    }, host);
    const abort = () => this.post({ t: 'abort', id });
    signal.addEventListener('abort', abort, { once: true });
    return unlessAborted(result, signal).finally(() => signal.removeEventListener('abort', abort));
  }

  /** Drops what the worker keeps for `key` (below a revision: the older ones only). */
  forget(key: string, below?: number): void {
    if (this.worker) this.post({ t: 'forget', key, below });
  }

  /** Refresh Checks, settings or trust changed: the worker forgets its discovery documents too. */
  clear(): void {
    if (this.worker) this.post({ t: 'clear' });
  }

  private request(make: (id: number) => ToWorker, host?: ServiceHost): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, host });
      this.post(make(id));
    });
  }

  private post(message: ToWorker): void {
    this.ensure().postMessage(message);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // Before the worker's heap is made, which reads the flags of that moment (`memory.ts`); put back when it stops.
    const restore = favourSpeed();
    const w = new Worker(this.script, { workerData: { role: WORKER_ROLE }, resourceLimits: RESOURCE_LIMITS });
    this.worker = w;
    w.unref();
    w.on('message', (m: FromWorker) => this.received(m));
    w.on('error', e => this.log.error('analysis worker failed', e));
    w.on('exit', code => {
      restore();
      if (this.worker === w) this.worker = undefined;
      for (const c of this.hostCalls.values()) c.abort();
      this.hostCalls.clear();
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(new Error(`the analysis worker stopped (exit code ${code})`));
    });
    return w;
  }

  private received(m: FromWorker): void {
    if (m.t === 'reply') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(m.superseded ? new Cancelled() : new Error(m.error ?? 'analysis failed'));
    } else if (m.t === 'host') {
      void this.hostCall(m.id, m.op, m.method, m.args);
    } else if (m.t === 'host-abort') {
      this.hostCalls.get(m.id)?.abort();
    }
  }

  /** A host call from a semantic check in the worker, answered through the host of the request it belongs to. */
  private async hostCall(id: number, op: number, method: HostMethod, args: unknown[]): Promise<void> {
    const host = this.pending.get(op)?.host;
    const abort = new AbortController();
    this.hostCalls.set(id, abort);
    try {
      const value = await callHost(host, method, args, abort.signal);
      this.worker?.postMessage({ t: 'host-reply', id, ok: true, value } satisfies ToWorker);
    } catch (e) {
      const error = e instanceof AbortedError ? 'aborted' : e instanceof Error ? e.message : String(e);
      this.worker?.postMessage({ t: 'host-reply', id, ok: false, error } satisfies ToWorker);
    } finally {
      this.hostCalls.delete(id);
    }
  }
}
