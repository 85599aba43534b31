/**
 * Open documents (incremental sync) and their analyses: one per URI, for the document's current revision and the
 * associations in effect, dropped when the text changes or the document closes. A revision counts every change the
 * server applied (a client may send the same version number twice with different text); nothing is kept for a
 * closed document.
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedFile, LanguageService } from '../service';
import type { Settings } from '../settings';
import { LocalAnalysis, RemoteAnalysis, needsWorker, type Analysis } from './analysis';
import type { Log } from './log';
import type { Scheduler } from './scheduler';
import { LineDocument } from './text-document';
import type { WorkerClient } from './worker-client';

interface CacheEntry {
  revision: number;
  filesKey: string;
  analysis: Analysis | undefined;
}

/** An analyzed open document, as handlers get it, with the settings it was analyzed under. */
export interface Target {
  doc: TextDocument;
  /** The change count of `doc` this analysis is of. */
  revision: number;
  analysis: Analysis;
  settings: Settings;
}

/** What the analyses need. */
export interface AnalysisDeps {
  service: () => LanguageService;
  scheduler: Scheduler;
  worker: WorkerClient;
  /** `isLikelyCommitted`, for analyses in the worker. */
  likelyCommitted: (uri: string) => boolean;
  /** A trace line per finished analysis. */
  trace?: (line: string) => void;
}

function isPosition(p: unknown): boolean {
  if (p === null || typeof p !== 'object') return false;
  const { line, character } = p as { line: unknown; character: unknown };
  return Number.isInteger(line) && Number.isInteger(character);
}

/** Drops malformed change events (no text, broken range) instead of corrupting or crashing the document. */
export function wellFormedChanges(changes: unknown[], log: Log, uri: string): TextDocumentContentChangeEvent[] {
  const ok: TextDocumentContentChangeEvent[] = [];
  for (const c of changes) {
    const change = c as { text?: unknown; range?: { start?: unknown; end?: unknown } } | null;
    if (!change || typeof change.text !== 'string') {
      log.error(`didChange for ${uri}: ignored a change without text`);
      continue;
    }
    if (change.range !== undefined && !(isPosition(change.range?.start) && isPosition(change.range?.end))) {
      log.error(`didChange for ${uri}: ignored a change with a malformed range`);
      continue;
    }
    ok.push(change as TextDocumentContentChangeEvent);
  }
  return ok;
}

export class DocumentStore {
  readonly documents: TextDocuments<LineDocument>;
  private readonly cache = new Map<string, CacheEntry>();
  /**
   * The last analyzed file of a document whose text changed since, until the next revision is analyzed: the service
   * reuses what the edit left of its syntax tree (JSON files only). Analyses in the worker keep their own.
   */
  private readonly previous = new Map<string, AnalyzedFile>();
  private readonly revisions = new Map<string, number>();
  private lastRevision = 0;
  private transients = 0;

  constructor(
    private readonly deps: AnalysisDeps,
    log: Log,
  ) {
    this.documents = new TextDocuments<LineDocument>({
      create: (uri, languageId, version, content) =>
        new LineDocument(
          String(uri),
          typeof languageId === 'string' ? languageId : '',
          Number.isFinite(version) ? version : 0,
          typeof content === 'string' ? content : '',
        ),
      update: (doc, changes, version) => {
        doc.update(wellFormedChanges(Array.isArray(changes) ? changes : [], log, doc.uri), version);
        return doc;
      },
    });
    // Registered first, so that the analysis is gone before anyone else hears of the change or the close: one
    // syntax tree alive per document, not two.
    // (`onDidChangeContent` fires for every open and every change.)
    this.documents.onDidChangeContent(e => {
      this.revisions.set(e.document.uri, ++this.lastRevision);
      const last = this.cache.get(e.document.uri)?.analysis;
      // JSON only: a YAML tree is never reused, and keeping it would raise the peak.
      if (last && !last.remote && last.file.format === 'json') this.previous.set(e.document.uri, last.file);
      this.drop(e.document.uri);
    });
    this.documents.onDidClose(e => {
      this.drop(e.document.uri);
      this.previous.delete(e.document.uri);
      this.revisions.delete(e.document.uri);
    });
  }

  get(uri: string): LineDocument | undefined {
    return typeof uri === 'string' ? this.documents.get(uri) : undefined;
  }

  all(): LineDocument[] {
    return this.documents.all();
  }

  /** The change count of an open document (0 when it is not open). */
  revision(uri: string): number {
    return this.revisions.get(uri) ?? 0;
  }

  /** The analysis of an open document's current revision; undefined when it is not one of ours (or not open). */
  analyze(doc: TextDocument, settings: Settings): Analysis | undefined {
    const filesKey = JSON.stringify(settings.files);
    const revision = this.revision(doc.uri);
    const hit = this.cache.get(doc.uri);
    if (hit && hit.revision === revision && hit.filesKey === filesKey) return hit.analysis;
    // Closed meanwhile: nothing (a late answer for a closed document must not resurrect an entry).
    if (this.documents.get(doc.uri) !== doc) return undefined;
    const previous = this.previous.get(doc.uri);
    this.previous.delete(doc.uri);
    const file = this.deps
      .service()
      .analyze(
        { uri: doc.uri, text: doc.getText(), languageId: doc.languageId },
        { settings: { files: settings.files }, previous },
      );
    const analysis = file && this.create(file, revision, doc.uri, doc.languageId, settings);
    this.drop(doc.uri);
    this.cache.set(doc.uri, { revision, filesKey, analysis });
    return analysis;
  }

  /** An analysis of a file that is not open (Validate Workspace, request payloads): dispose it when done. */
  transient(uri: string, text: string, settings: Settings): Analysis | undefined {
    const file = this.deps.service().analyze({ uri, text }, { settings: { files: settings.files } });
    return file && this.create(file, 0, `transient:${++this.transients}:${uri}`, undefined, settings);
  }

  private create(
    file: AnalyzedFile,
    revision: number,
    key: string,
    languageId: string | undefined,
    settings: Settings,
  ): Analysis {
    const { deps } = this;
    if (!needsWorker(file)) return new LocalAnalysis(file, revision, deps.service, deps.scheduler, deps.trace);
    const input = () => ({
      uri: file.uri,
      text: file.text,
      languageId,
      files: settings.files,
      committed: deps.likelyCommitted(file.uri),
    });
    return new RemoteAnalysis(file, revision, key, input, deps.worker, deps.service, deps.trace);
  }

  private drop(uri: string): void {
    this.cache.get(uri)?.analysis?.dispose();
    this.cache.delete(uri);
  }

  /** Drops every analysis (e.g. `.git` appeared, settings changed). */
  clear(): void {
    for (const uri of [...this.cache.keys()]) this.drop(uri);
    this.previous.clear();
  }

  /** Number of cached analyses (for tests and the memory benchmark). */
  get cacheSize(): number {
    return this.cache.size;
  }
}
