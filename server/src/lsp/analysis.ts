/**
 * One revision of a document, analyzed where it does not hold up the server: on the server's thread in slices of
 * a few milliseconds (`scheduler.ts`; a YAML stream one document at a time), or, when a single document is too large
 * for a slice or the file too large for the rest of the work on it (semantic checks, conversions), in the analysis
 * worker (`worker-client.ts`), which then answers every request about it. Both run the same service code
 * (`analysis-ops.ts`), so the answers are the same either way.
 *
 * The server's own `AnalyzedFile` (`file`) gives the text, the lines, the format and the association at once; its
 * syntax trees are only built here for a local analysis. YAML completion reads the text alone (it never waits for
 * an analysis), anywhere.
 *
 * An analysis nobody waits for any more (its revision was superseded, its document closed) is dropped between two
 * steps; one a request still waits for finishes first.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { RangeOfPathResult } from '../protocol';
import type {
  AnalyzedFile,
  ConversionError,
  LanguageService,
  RequestConversion,
  RequestOptions,
  ResourceConversion,
  ResourceOptions,
  ServiceHost,
} from '../service';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FileKind, Hover } from '../service/types';
import type { Position, Range } from '../service/types';
import { OPS, type AnalysisInput, type OpArgs, type OpName, type OpResult } from './analysis-ops';
import { Cancelled, unlessAborted, type Scheduler } from './scheduler';
import type { WorkerClient } from './worker-client';

/** A JSON file larger than this (UTF-16 units) is analyzed in the worker (one document: ~100 ms per MB to parse). */
export const WORKER_JSON_CHARS = 192 * 1024;
/** A YAML stream with a document larger than this is analyzed in the worker (~0.5 s per MB, in one piece). */
export const WORKER_YAML_DOCUMENT_CHARS = 32 * 1024;
/**
 * A YAML stream larger than this is analyzed in the worker even when its documents are small: its analysis would
 * take slices, but its semantic checks run as one piece (about 100 ms for 2 MB), and so do a few conversions.
 */
export const WORKER_YAML_CHARS = 256 * 1024;

/** The largest document of a YAML stream, by its `---` / `...` lines (an estimate: enough to choose a thread). */
export function largestYamlDocument(text: string): number {
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let largest = 0;
  let from = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    largest = Math.max(largest, m.index - from);
    from = m.index;
  }
  return Math.max(largest, text.length - from);
}

/** Whether work on this text would take long pieces on the server's thread (a large document, a large file). */
export function needsWorker(file: Pick<AnalyzedFile, 'text' | 'format'>): boolean {
  const n = file.text.length;
  if (file.format === 'json') return n > WORKER_JSON_CHARS;
  return (
    n > WORKER_YAML_CHARS ||
    (n > WORKER_YAML_DOCUMENT_CHARS && largestYamlDocument(file.text) > WORKER_YAML_DOCUMENT_CHARS)
  );
}

export interface Analysis {
  /** The server's view of the document: text, lines, format, association. */
  readonly file: AnalyzedFile;
  readonly revision: number;
  /** Analyzed in the worker. */
  readonly remote: boolean;
  /** Analyzed (resolves at once when it is); rejects with `Cancelled` or `AbortError`-like errors when given up. */
  ready(signal?: AbortSignal): Promise<void>;
  diagnostics(signal?: AbortSignal): Promise<Diagnostic[]>;
  kinds(signal?: AbortSignal): Promise<FileKind[]>;
  /** The kind of one document of the stream (undefined for an empty one). */
  kindOf(index: number, signal?: AbortSignal): Promise<FileKind | undefined>;
  documentCount(signal?: AbortSignal): Promise<number>;
  hover(position: Position, signal?: AbortSignal): Promise<Hover | undefined>;
  complete(position: Position, signal?: AbortSignal): Promise<CompletionItem[]>;
  codeActions(range: Range, shown: LspDiagnostic[], signal?: AbortSignal): Promise<CodeAction[]>;
  symbols(signal?: AbortSignal): Promise<DocumentSymbol[]>;
  requestInput(index: number, signal?: AbortSignal): Promise<Record<string, unknown> | undefined>;
  rangeOfPath(path: string, index: number, signal?: AbortSignal): Promise<RangeOfPathResult | null>;
  /** Convert to CloudFormation Resource (`convert/`): the request of the document at `position`. */
  toResource(
    position: Position,
    options: ResourceOptions,
    signal?: AbortSignal,
  ): Promise<ResourceConversion | ConversionError>;
  /** Convert to Request File: the template's resource at `position` or named `logicalId`. */
  toRequest(
    at: { position: Position } | { logicalId: string },
    options: RequestOptions,
    signal?: AbortSignal,
  ): Promise<RequestConversion | ConversionError>;
  /** Semantic diagnostics through `host` (the settings' semantic host). */
  semantic(host: HostedService, signal: AbortSignal): Promise<Diagnostic[]>;
  completeLive(host: HostedService, position: Position, signal: AbortSignal): Promise<CompletionItem[]>;
  /** Nobody will ask for more: drop the work that nobody waits for. */
  dispose(): void;
}

/** A service over a semantic host, and that host (for the worker to call back). */
export interface HostedService {
  service: LanguageService;
  host: ServiceHost;
}

/** Analyzed on the server's thread, in slices. */
/**
 * The requests every analysis answers the same way: each is one of the service operations (`analysis-ops.ts`), run
 * where the analysis lives (`op`). YAML completion reads the text alone, on the server's thread; JSON completion its
 * syntax tree.
 */
abstract class OpAnalysis {
  abstract readonly file: AnalyzedFile;
  abstract readonly remote: boolean;
  protected abstract readonly service: () => LanguageService;
  protected abstract op<K extends OpName>(
    name: K,
    signal: AbortSignal | undefined,
    ...args: OpArgs<K>
  ): Promise<OpResult<K>>;

  diagnostics(signal?: AbortSignal) {
    return this.op('diagnostics', signal);
  }
  kinds(signal?: AbortSignal) {
    return this.op('kinds', signal);
  }
  kindOf(index: number, signal?: AbortSignal) {
    return this.op('kindOf', signal, index);
  }
  documentCount(signal?: AbortSignal) {
    return this.op('documentCount', signal);
  }
  hover(position: Position, signal?: AbortSignal) {
    return this.op('hover', signal, position);
  }
  /**
   * Completion reads the text (YAML) or the syntax tree (JSON) alone, never the checks' results: it answers at once,
   * without waiting for the analysis under way. JSON on the server's thread is parsed here when the analysis has not
   * got that far (the analysis then uses that tree); in the worker it is answered there, once the tree is built.
   */
  complete(position: Position, signal?: AbortSignal) {
    if (this.file.format === 'yaml' || !this.remote) {
      return Promise.resolve(this.service().complete(this.file, position));
    }
    return this.op('complete', signal, position);
  }
  codeActions(range: Range, shown: LspDiagnostic[], signal?: AbortSignal) {
    return this.op('codeActions', signal, range, shown);
  }
  symbols(signal?: AbortSignal) {
    return this.op('symbols', signal);
  }
  requestInput(index: number, signal?: AbortSignal) {
    return this.op('requestInput', signal, index);
  }
  rangeOfPath(path: string, index: number, signal?: AbortSignal) {
    return this.op('rangeOfPath', signal, path, index);
  }
  toResource(position: Position, options: ResourceOptions, signal?: AbortSignal) {
    return this.op('toResource', signal, position, options);
  }
  toRequest(at: { position: Position } | { logicalId: string }, options: RequestOptions, signal?: AbortSignal) {
    return this.op('toRequest', signal, at, options);
  }
}

export class LocalAnalysis extends OpAnalysis implements Analysis {
  readonly remote = false;
  private done: Promise<void> | undefined;
  private waiters = 0;
  private disposed = false;

  constructor(
    readonly file: AnalyzedFile,
    readonly revision: number,
    protected readonly service: () => LanguageService,
    private readonly scheduler: Scheduler,
    private readonly trace?: (line: string) => void,
  ) {
    super();
  }

  private start(): Promise<void> {
    const started = performance.now();
    const done = this.scheduler
      .run(this.file.analyzeInSteps(), () => !this.disposed || this.waiters > 0)
      .then(stats => {
        const ms = (performance.now() - started).toFixed(1);
        const { steps, slices, longestSliceMs } = stats;
        this.trace?.(
          `analysis ${this.file.uri} r${this.revision}: ${ms} ms, ${steps} steps in ${slices} slices, longest ${longestSliceMs.toFixed(1)} ms`,
        );
      });
    // A request given up before it waited leaves nobody to see the job dropped: that is no unhandled rejection.
    done.catch(() => undefined);
    return done;
  }

  async ready(signal?: AbortSignal): Promise<void> {
    this.waiters++;
    try {
      for (;;) {
        this.done ??= this.start();
        const done = this.done;
        try {
          return await unlessAborted(done, signal);
        } catch (e) {
          // Dropped while nobody waited, then asked for again: start over.
          if (!(e instanceof Cancelled) || this.done !== done) throw e;
          this.done = undefined;
        }
      }
    } finally {
      this.waiters--;
    }
  }

  protected async op<K extends OpName>(name: K, signal: AbortSignal | undefined, ...args: OpArgs<K>) {
    await this.ready(signal);
    const fn = OPS[name] as unknown as (s: LanguageService, f: AnalyzedFile, ...a: OpArgs<K>) => OpResult<K>;
    return fn(this.service(), this.file, ...args);
  }

  async semantic(hosted: HostedService, signal: AbortSignal) {
    await this.ready(signal);
    return hosted.service.validateSemantic(this.file, signal);
  }
  async completeLive(hosted: HostedService, position: Position, signal: AbortSignal) {
    // JSON: the syntax tree alone, as `complete`; a YAML stream is parsed by the analysis, in slices.
    if (this.file.format !== 'json') await this.ready(signal);
    return hosted.service.completeLive(this.file, position, signal);
  }
  dispose(): void {
    this.disposed = true;
  }
}

/** Analyzed in the worker; every answer comes from there. */
export class RemoteAnalysis extends OpAnalysis implements Analysis {
  readonly remote = true;
  private done: Promise<void> | undefined;
  private disposed = false;

  constructor(
    readonly file: AnalyzedFile,
    readonly revision: number,
    private readonly key: string,
    private readonly input: () => AnalysisInput,
    private readonly worker: WorkerClient,
    protected readonly service: () => LanguageService,
    private readonly trace?: (line: string) => void,
  ) {
    super();
    worker.retain();
  }

  private start(): Promise<void> {
    const started = performance.now();
    const done = this.worker.analyze(this.key, this.revision, this.input());
    done.then(
      () =>
        this.trace?.(
          `analysis ${this.file.uri} r${this.revision}: ${(performance.now() - started).toFixed(1)} ms, in the worker`,
        ),
      () => undefined,
    );
    return done;
  }

  ready(signal?: AbortSignal): Promise<void> {
    if (this.disposed) return Promise.reject(new Cancelled());
    this.done ??= this.start();
    const done = this.done;
    // A failed analysis (the worker stopped) is tried again by the next request.
    done.catch(() => {
      if (this.done === done) this.done = undefined;
    });
    return unlessAborted(done, signal);
  }

  protected async op<K extends OpName>(name: K, signal: AbortSignal | undefined, ...args: OpArgs<K>) {
    await this.ready(signal);
    return (await this.worker.call(this.key, this.revision, name, args, signal)) as OpResult<K>;
  }

  async semantic(hosted: HostedService, signal: AbortSignal) {
    await this.ready(signal);
    return (await this.worker.callAsync(this.key, this.revision, 'semantic', [], hosted.host, signal)) as Diagnostic[];
  }
  async completeLive(hosted: HostedService, position: Position, signal: AbortSignal) {
    await this.ready(signal);
    const items = await this.worker.callAsync(this.key, this.revision, 'completeLive', [position], hosted.host, signal);
    return items as CompletionItem[];
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.forget(this.key, this.revision + 1);
    this.worker.release();
  }
}
