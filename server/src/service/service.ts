/**
 * The language service façade: one factory, verb-named methods, all I/O injected (style guide habit 1). The LSP
 * server (`server.ts`) and the CLI (`cli.ts`) are its only callers; neither validates on its own.
 */
import { associate, sniffBaseKind, type Association } from './association';
import { complete } from './features/completion';
import { completeLive } from './features/live-completion';
import { semanticDiagnostics } from './semantic';
import type { SemanticHost } from './semantic/host';
import { codeActions } from './features/actions';
import { hover } from './features/hover';
import { symbols } from './features/symbols';
import { TEMPLATES, type Template } from './features/templates';
import { jsonSchema } from './features/json-schema';
import { isBaseKind, isKind, KINDS } from './model/kinds';
import { formatOf, parseFile, type ParsedFile } from './parse';
import { LineIndex } from './parse/line-index';
import { toJs } from './parse/ast';
import { RULES, type RuleInfo } from './rules/registry';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Format,
  Hover,
  Kind,
  BaseKind,
  Position,
  Range,
} from './types';
import { parseFileSteps } from './stepwise';
import { checkFile, checkFileSteps, toDiagnostics, toDiagnosticsSteps, type DocumentResult } from './validate';

export interface ServiceSettings {
  /** Extra associations (glob → base kind), from `verifiedIdentity.files`. */
  files: Record<string, BaseKind>;
}

export interface ServiceHost extends SemanticHost {
  /** Whether a file is probably committed (drives the literal-secret warning). Default: always. */
  isLikelyCommitted?(uri: string): boolean;
}

export interface DocumentInput {
  uri: string;
  text: string;
  languageId?: string;
}

export interface AnalyzeOptions {
  settings?: ServiceSettings;
  /** Force a kind (CLI `--kind`): a base kind still lets the content choose create vs update. */
  kind?: Kind | BaseKind;
  /** For explicit CLI paths: fall back to guessing the kind from the content. */
  sniff?: boolean;
}

/** An associated document, parsed on first use: cache it by URI + version, evict it on close. */
export interface AnalyzedFile {
  readonly uri: string;
  readonly text: string;
  readonly format: Format;
  readonly lines: LineIndex;
  readonly association: Association;
  /** The syntax trees; parsed on first access (YAML completion never needs them). */
  readonly parsed: ParsedFile;
  /** Per document: its kind and findings (computed on first use). */
  results(): DocumentResult[];
  diagnostics(): Diagnostic[];
  /**
   * The work behind `parsed`, `results()` and `diagnostics()`, one document of a stream per step, for a caller that
   * spreads a long stream over several turns of its event loop. Once it is done they return at once, with the same
   * values as when called directly; what is already computed is not computed again.
   */
  analyzeInSteps(): Generator<void, void>;
}

export interface RequestProblem {
  path: string;
  code: string;
  severity: Diagnostic['severity'];
  message: string;
}

export interface LanguageService {
  configure(settings: Partial<ServiceSettings>): void;
  /** Undefined when the document is not one of ours (no association, no modeline, no forced kind). */
  analyze(doc: DocumentInput, options?: AnalyzeOptions): AnalyzedFile | undefined;
  validate(file: AnalyzedFile): Diagnostic[];
  /**
   * Checks against facts outside the file (Cedar schema, OIDC discovery), through the host's I/O. Resolves with only
   * these diagnostics; the editor shows them beside `validate`'s when they arrive.
   */
  validateSemantic(file: AnalyzedFile, signal?: AbortSignal): Promise<Diagnostic[]>;
  /** Completion items from outside the file: schema entity types, deployed policy stores and resources. */
  completeLive(file: AnalyzedFile, position: Position, signal?: AbortSignal): Promise<CompletionItem[]>;
  complete(file: AnalyzedFile, position: Position): CompletionItem[];
  hover(file: AnalyzedFile, position: Position): Hover | undefined;
  /** Quick fixes and refactorings for a range; `diagnostics` are the ones the editor shows there (default: computed). */
  codeActions(file: AnalyzedFile, range: Range, diagnostics?: Diagnostic[]): CodeAction[];
  symbols(file: AnalyzedFile): DocumentSymbol[];
  /** Plain data of one document of the file (for apply and compare commands). */
  requestInput(file: AnalyzedFile, document?: number): Record<string, unknown> | undefined;
  /** Check a request given as data (the emulator's validation, API payloads). */
  validateRequest(kind: Kind, input: unknown): RequestProblem[];
  /** Draft-07 JSON Schema of a kind (for other editors). */
  schema(kind: Kind): Record<string, unknown>;
  templates(base?: BaseKind): readonly Template[];
  rules(): readonly RuleInfo[];
}

export function createLanguageService(host: ServiceHost = {}): LanguageService {
  let defaults: ServiceSettings = { files: {} };
  const likelyCommitted = (uri: string) => host.isLikelyCommitted?.(uri) ?? true;

  const makeFile = (
    uri: string,
    text: string,
    format: Format,
    association: Association,
    parsedAlready?: ParsedFile,
  ): AnalyzedFile => {
    let parsed = parsedAlready;
    let results: DocumentResult[] | undefined;
    let diags: Diagnostic[] | undefined;
    const lines = parsedAlready?.lines ?? new LineIndex(text);
    const file: AnalyzedFile = {
      uri,
      text,
      format,
      lines,
      association,
      get parsed() {
        return (parsed ??= parseFile(uri, text, format, lines));
      },
      results: () => (results ??= checkFile(file.parsed, association, { likelyCommitted: likelyCommitted(uri) })),
      diagnostics: () => (diags ??= toDiagnostics(file.parsed, file.results())),
      *analyzeInSteps() {
        if (!parsed) {
          const done = yield* parseFileSteps(uri, text, format, lines);
          parsed ??= done;
        }
        if (!results) {
          const done = yield* checkFileSteps(parsed, association, { likelyCommitted: likelyCommitted(uri) });
          results ??= done;
        }
        if (!diags) {
          // Positions need the line table (a scan of the whole text): a step of its own.
          if (lines.lineCount > 0) yield;
          const done = yield* toDiagnosticsSteps(parsed, results);
          diags ??= done;
        }
      },
    };
    return file;
  };

  const service: LanguageService = {
    configure(settings) {
      defaults = { ...defaults, ...settings };
    },

    analyze(doc, options = {}) {
      const format = formatOf(doc.uri, doc.languageId, doc.text);
      const settings = options.settings ?? defaults;
      let association: Association | undefined;
      if (options.kind && isKind(options.kind)) {
        association = {
          base: KINDS[options.kind].base,
          forced: isBaseKind(options.kind) ? undefined : options.kind,
          by: 'option',
        };
      } else {
        association = associate(doc.uri, doc.text, settings.files, format === 'yaml');
      }
      if (association) return makeFile(doc.uri, doc.text, format, association);
      if (!options.sniff) return undefined;
      const parsed = parseFile(doc.uri, doc.text, format);
      const base = sniffBaseKind(parsed.documents.find(d => d.root)?.root);
      if (!base) return undefined;
      return makeFile(doc.uri, doc.text, format, { base, by: 'content' }, parsed);
    },

    validate: file => file.diagnostics(),
    validateSemantic: (file, signal) => semanticDiagnostics(file, host, signal),
    completeLive: (file, position, signal) => completeLive(file, position, host, signal),
    complete: (file, position) => complete(file, position),
    hover: (file, position) => hover(file, position),
    codeActions: (file, range, diagnostics) => codeActions(file, range, diagnostics ?? file.diagnostics()),
    symbols: file => symbols(file),

    requestInput(file, document = 0) {
      const doc = file.parsed.documents[document]; // a document's index is its position
      const value = toJs(doc?.root);
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    },

    validateRequest(kind, input) {
      const file = makeFile('request.json', JSON.stringify(input ?? null), 'json', {
        base: KINDS[kind].base,
        forced: kind,
        by: 'option',
      });
      return file.diagnostics().map(d => ({ path: d.path, code: d.code, severity: d.severity, message: d.message }));
    },

    schema: kind => jsonSchema(kind),
    templates: base => (base ? TEMPLATES.filter(t => t.base === base) : TEMPLATES),
    rules: () => RULES,
  };
  return service;
}

export type { Template };
