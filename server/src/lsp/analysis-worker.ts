/**
 * The analysis worker (a worker thread of the language server, started by `worker-client.ts`): analyzes single
 * large documents and answers requests about them with the same functions as the server's thread
 * (`analysis-ops.ts`). It keeps the latest analyzed revision of each document it was given. Messages that arrive
 * together are taken together, so an analysis superseded by a newer revision still waiting is skipped. The semantic
 * checks get their schemas, discovery documents and look-ups from the server; the Cedar engine is loaded here.
 */
import type { MessagePort } from 'node:worker_threads';
import { loadCedar } from '../host/cedar-engine';
import type { AnalyzedFile, LanguageService, ServiceHost } from '../service';
import type { BaseFileKind, Position } from '../service/types';
import { OPS, type AnalysisInput, type FromWorker, type HostMethod, type ToWorker } from './analysis-ops';
import { serviceModule } from './lazy';

interface Entry {
  rev: number;
  file: AnalyzedFile | undefined;
}

export function runAnalysisWorker(port: MessagePort): void {
  const files = new Map<string, Entry>();
  /** A document's latest analysis after the server moved past it, until its next revision is analyzed. */
  const previous = new Map<string, AnalyzedFile>();
  /** The newest revision seen per document, and revisions forgotten below it. */
  const floor = new Map<string, number>();
  const running = new Map<number, AbortController>();
  const hostReplies = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextHostCall = 1;
  let queue: ToWorker[] = [];
  let scheduled = false;
  const service: LanguageService = serviceModule().createLanguageService();

  const post = (m: FromWorker) => port.postMessage(m);
  const reply = (id: number, value: unknown) => post({ t: 'reply', id, ok: true, value });
  const fail = (id: number, e: unknown, superseded = false) =>
    post({ t: 'reply', id, ok: false, error: e instanceof Error ? e.message : String(e), superseded });

  const stale = (key: string, rev: number) => rev < (floor.get(key) ?? 0);

  const analyzed = (key: string, rev: number): AnalyzedFile | undefined => {
    const entry = files.get(key);
    if (!entry || entry.rev !== rev) throw new Error('not analyzed');
    return entry.file;
  };

  const analyze = (key: string, rev: number, input: AnalysisInput): void => {
    const entry = files.get(key);
    if (entry?.rev === rev) return;
    // The server decided "likely committed" (it owns the cache behind it); the file's checks read it from here.
    const committed = input.committed;
    // The document's last analysis, superseded: what the edit left of its syntax tree is reused.
    const before = (entry && entry.rev < rev ? entry.file : undefined) ?? previous.get(key);
    previous.delete(key);
    const file = serviceModule()
      .createLanguageService({ isLikelyCommitted: () => committed })
      .analyze(
        { uri: input.uri, text: input.text, languageId: input.languageId },
        { settings: { files: input.files as Record<string, BaseFileKind> }, previous: before },
      );
    files.set(key, { rev, file });
    if (file) service.validate(file);
  };

  /** A host whose methods ask the server, for one request. */
  const hostFor = (op: number, methods: HostMethod[]): ServiceHost => {
    const call =
      (method: HostMethod) =>
      (...args: unknown[]): Promise<never> => {
        const last = args[args.length - 1];
        const signal = last instanceof AbortSignal ? last : undefined;
        const plain = signal ? args.slice(0, -1) : args;
        const id = nextHostCall++;
        return new Promise<never>((resolve, reject) => {
          hostReplies.set(id, { resolve: resolve as (v: unknown) => void, reject });
          signal?.addEventListener('abort', () => post({ t: 'host-abort', id }), { once: true });
          post({ t: 'host', id, op, method, args: plain });
        });
      };
    const host: ServiceHost = { cedar: loadCedar };
    for (const m of methods) (host as Record<HostMethod, unknown>)[m] = call(m);
    return host;
  };

  const runAsync = async (m: Extract<ToWorker, { t: 'async' }>): Promise<void> => {
    const abort = new AbortController();
    running.set(m.id, abort);
    try {
      const file = analyzed(m.key, m.rev);
      if (!file) return reply(m.id, []);
      const hosted = serviceModule().createLanguageService(hostFor(m.id, m.hosts));
      const value =
        m.op === 'semantic'
          ? await hosted.validateSemantic(file, abort.signal)
          : await hosted.completeLive(file, m.args[0] as Position, abort.signal);
      reply(m.id, value);
    } catch (e) {
      fail(m.id, e);
    } finally {
      running.delete(m.id);
    }
  };

  const handle = (m: ToWorker): void => {
    switch (m.t) {
      case 'analyze':
        if (stale(m.key, m.rev)) return fail(m.id, 'superseded', true);
        try {
          analyze(m.key, m.rev, m.input);
          reply(m.id, undefined);
        } catch (e) {
          fail(m.id, e);
        }
        return;
      case 'call':
        try {
          const file = analyzed(m.key, m.rev);
          const fn = OPS[m.op] as (s: LanguageService, f: AnalyzedFile, ...a: unknown[]) => unknown;
          reply(m.id, file ? fn(service, file, ...m.args) : undefined);
        } catch (e) {
          fail(m.id, e, stale(m.key, m.rev));
        }
        return;
      case 'async':
        void runAsync(m);
        return;
      case 'abort':
        running.get(m.id)?.abort();
        return;
      case 'forget':
        if (m.below === undefined) {
          files.delete(m.key);
          floor.delete(m.key);
          previous.delete(m.key);
        } else {
          floor.set(m.key, Math.max(floor.get(m.key) ?? 0, m.below));
          const entry = files.get(m.key);
          if (entry && entry.rev < m.below) {
            files.delete(m.key);
            if (entry.file) previous.set(m.key, entry.file);
          }
        }
        return;
      case 'host-reply': {
        const r = hostReplies.get(m.id);
        hostReplies.delete(m.id);
        if (m.ok) r?.resolve(m.value);
        else r?.reject(new Error(m.error ?? 'host call failed'));
        return;
      }
      case 'clear':
        serviceModule().clearDiscoveryCache();
        return;
    }
  };

  /** Everything that has arrived, in order, except analyses a newer revision of the same document replaces. */
  const drain = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const newest = new Map<string, number>();
    for (const m of batch) if (m.t === 'analyze') newest.set(m.key, Math.max(newest.get(m.key) ?? 0, m.rev));
    for (const m of batch) {
      if (m.t === 'analyze' && m.rev < (newest.get(m.key) ?? 0)) fail(m.id, 'superseded', true);
      else handle(m);
    }
  };

  port.on('message', (m: ToWorker) => {
    // Replies to host calls and aborts are handled at once: they unblock work already under way.
    if (m.t === 'host-reply' || m.t === 'abort') return handle(m);
    queue.push(m);
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  });
}
