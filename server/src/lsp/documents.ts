/**
 * Open documents (incremental sync) and their parse cache: one analyzed file per URI, keyed by version and the
 * associations in effect, evicted on close. Nothing is retained for a closed document.
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedFile, LanguageService } from '../service';
import type { Settings } from '../settings';
import type { Log } from './log';

interface CacheEntry {
  version: number;
  filesKey: string;
  file: AnalyzedFile | undefined;
}

/** An analyzed open document, as handlers get it, with the settings it was analyzed under. */
export interface Target {
  doc: TextDocument;
  file: AnalyzedFile;
  settings: Settings;
}

function isPosition(p: unknown): boolean {
  if (p === null || typeof p !== 'object') return false;
  const { line, character } = p as { line: unknown; character: unknown };
  return Number.isFinite(line) && Number.isFinite(character);
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
  readonly documents: TextDocuments<TextDocument>;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly service: () => LanguageService,
    log: Log,
  ) {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) =>
        TextDocument.create(
          String(uri),
          typeof languageId === 'string' ? languageId : '',
          Number.isFinite(version) ? version : 0,
          typeof content === 'string' ? content : '',
        ),
      update: (doc, changes, version) =>
        TextDocument.update(doc, wellFormedChanges(Array.isArray(changes) ? changes : [], log, doc.uri), version),
    });
    // Registered first, so that the cache is gone before anyone else hears of the close. A new version makes the
    // cached analysis garbage at once (not only when the next one is stored): one syntax tree alive, not two.
    this.documents.onDidClose(e => this.cache.delete(e.document.uri));
    this.documents.onDidChangeContent(e => {
      if (this.cache.get(e.document.uri)?.version !== e.document.version) this.cache.delete(e.document.uri);
    });
  }

  get(uri: string): TextDocument | undefined {
    return typeof uri === 'string' ? this.documents.get(uri) : undefined;
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** The analyzed file of an open document (cached per version), or undefined when it is not one of ours. */
  analyze(doc: TextDocument, settings: Settings): AnalyzedFile | undefined {
    const filesKey = JSON.stringify(settings.files);
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.filesKey === filesKey) return hit.file;
    const file = this.service().analyze(
      { uri: doc.uri, text: doc.getText(), languageId: doc.languageId },
      { settings: { files: settings.files } },
    );
    // Only open documents are cached (a late answer for a closed document must not resurrect an entry).
    if (this.documents.get(doc.uri) === doc) this.cache.set(doc.uri, { version: doc.version, filesKey, file });
    return file;
  }

  /** Drops every cached parse (e.g. `.git` appeared, settings changed). */
  clear(): void {
    this.cache.clear();
  }

  /** Number of cached parses (for tests and the memory benchmark). */
  get cacheSize(): number {
    return this.cache.size;
  }
}
