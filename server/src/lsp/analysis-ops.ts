/**
 * What the server asks of an analyzed document, as plain functions over the service, and the messages between the
 * server and its analysis worker. The same functions answer on the server's thread (`LocalAnalysis`) and in the
 * worker (`analysis-worker.ts`), so both give the same answers; arguments and results are plain data.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { RangeOfPathResult } from '../protocol';
import type { AnalyzedFile, LanguageService, RequestOptions, ResourceOptions } from '../service';
import type { Position, Range } from '../service/types';
import { fromDiagnostics } from './convert';
import { serviceModule } from './lazy';
import { rangeOfPath } from './range-of-path';

/** Answers from an analyzed file (synchronous once the file is analyzed). */
export const OPS = {
  diagnostics: (s: LanguageService, f: AnalyzedFile) => s.validate(f),
  kinds: (_s: LanguageService, f: AnalyzedFile) => f.results().map(r => r.kind),
  kindOf: (_s: LanguageService, f: AnalyzedFile, index: number) => f.results().find(r => r.index === index)?.kind,
  documentCount: (_s: LanguageService, f: AnalyzedFile) => f.parsed.documents.length,
  hover: (s: LanguageService, f: AnalyzedFile, position: Position) => s.hover(f, position),
  complete: (s: LanguageService, f: AnalyzedFile, position: Position) => s.complete(f, position),
  codeActions: (s: LanguageService, f: AnalyzedFile, range: Range, shown: LspDiagnostic[]) =>
    s.codeActions(f, range, fromDiagnostics(f, shown)),
  symbols: (s: LanguageService, f: AnalyzedFile) => s.symbols(f),
  requestInput: (s: LanguageService, f: AnalyzedFile, index: number) => s.requestInput(f, index),
  rangeOfPath: (_s: LanguageService, f: AnalyzedFile, path: string, index: number): RangeOfPathResult | null =>
    rangeOfPath(f, path, index),
  /** Convert to CloudFormation Resource: the request of the document at `position`. */
  toResource: (_s: LanguageService, f: AnalyzedFile, position: Position, options: ResourceOptions) =>
    serviceModule().requestDocumentToResource(
      f.parsed,
      i => f.results().find(r => r.index === i)?.kind,
      f.lines.offsetAt(position),
      options,
    ),
  /** Convert to Request File: the template's resource at `position` (or named by `logicalId`). */
  toRequest: (
    _s: LanguageService,
    f: AnalyzedFile,
    at: { position: Position } | { logicalId: string },
    options: RequestOptions,
  ) => {
    const { documentAt, templateResourceToRequest } = serviceModule();
    const offset = 'position' in at ? f.lines.offsetAt(at.position) : 0;
    const doc = documentAt(f.parsed, offset);
    if (!doc) return { error: 'The file is empty.' };
    return templateResourceToRequest(doc, 'position' in at ? { offset } : at, options);
  },
};

export type OpName = keyof typeof OPS;
type Rest<F> = F extends (s: LanguageService, f: AnalyzedFile, ...args: infer A) => unknown ? A : never;
export type OpArgs<K extends OpName> = Rest<(typeof OPS)[K]>;
export type OpResult<K extends OpName> = ReturnType<(typeof OPS)[K]>;

/** Answers that need the outside world (schemas, discovery documents, look-ups): through the host. */
export type AsyncOpName = 'semantic' | 'completeLive';

/** The host methods the worker may call back (the Cedar engine it loads itself). */
export type HostMethod = 'cedarSchema' | 'fetchJson' | 'lookup';

/** What the worker needs to analyze a document as the server would. */
export interface AnalysisInput {
  uri: string;
  text: string;
  languageId?: string;
  files: Record<string, string>;
  /** `isLikelyCommitted(uri)`, decided by the server (it owns the cache behind it). */
  committed: boolean;
}

export type ToWorker =
  | { t: 'analyze'; id: number; key: string; rev: number; input: AnalysisInput }
  | { t: 'call'; id: number; key: string; rev: number; op: OpName; args: unknown[] }
  | { t: 'async'; id: number; key: string; rev: number; op: AsyncOpName; args: unknown[]; hosts: HostMethod[] }
  | { t: 'abort'; id: number }
  | { t: 'forget'; key: string; below?: number }
  | { t: 'host-reply'; id: number; ok: boolean; value?: unknown; error?: string }
  | { t: 'clear' };

export type FromWorker =
  | { t: 'reply'; id: number; ok: boolean; value?: unknown; error?: string; superseded?: boolean }
  | { t: 'host'; id: number; op: number; method: HostMethod; args: unknown[] }
  | { t: 'host-abort'; id: number };

export const WORKER_ROLE = 'verified-identity-analysis';
