/**
 * The language service façade: one factory, verb-named methods, all I/O injected (style guide habit 1). The LSP
 * server (`server.ts`) and the CLI (`cli.ts`) are its only callers; neither validates on its own.
 */
import { associate, sniffBaseKind, TEMPLATE_KIND, type Association } from './association';
import { complete } from './features/completion';
import { completeLive } from './features/live-completion';
import { semanticDiagnostics } from './semantic';
import type { SemanticHost } from './semantic/host';
import { codeActions } from './features/actions';
import { hover } from './features/hover';
import { symbols } from './features/symbols';
import { completeTemplate } from './features/template-completion';
import { hoverTemplate } from './features/template-hover';
import { templateSymbols } from './features/template-symbols';
import { templateCodeActions } from './features/template-actions';
import { TEMPLATES, type Template } from './features/templates';
import { jsonSchema } from './features/json-schema';
import { isBaseKind, isKind, KINDS } from './model/kinds';
import { formatOf, parseFile, type ParsedFile } from './parse';
import { LineIndex } from './parse/line-index';
import { diffRegion, reparseJson } from './parse/json-reparse';
import { toJs } from './parse/ast';
import { RULES, type RuleInfo } from './rules/registry';
import type {
  BaseFileKind,
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
  TemplateKind,
} from './types';
import { parseFileSteps } from './stepwise';
import type { TemplateAnalysis } from './template/types';
import {
  checkFileSteps,
  checkTemplateSteps,
  drain,
  toDiagnosticsSteps,
  type DocumentResult,
  type RequestDocumentResult,
} from './validate';
import { LIMITS } from './parse/limits';

export interface ServiceSettings {
  /** Extra associations (glob → base kind or `cloudformation`), from `verifiedIdentity.files`. */
  files: Record<string, BaseFileKind>;
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
  kind?: Kind | BaseKind | TemplateKind;
  /** For explicit CLI paths: fall back to guessing the kind from the content. */
  sniff?: boolean;
  /**
   * The analysis of an earlier text of the same document (an editor's previous revision): what an edit left unchanged
   * of its syntax tree is reused (JSON request files, `parse/json-reparse.ts`); the result is the same either way.
   */
  previous?: AnalyzedFile;
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
  /**
   * Per document: its kind and findings (computed on first use). A template has one result (kind `cloudformation`),
   * or none when it declares none of the three resource types.
   */
  results(): DocumentResult[];
  diagnostics(): Diagnostic[];
  /** A template's analysis: its model and per-resource results (undefined for request files and other templates). */
  template(): TemplateAnalysis | undefined;
  /**
   * The work behind `parsed`, `results()` and `diagnostics()`, one document of a stream per step, for a caller that
   * spreads a long stream over several turns of its event loop. Once it is done they return at once, with the same
   * values as when called directly; what is already computed is not computed again.
   */
  analyzeInSteps(): Generator<void, void>;
  /** The syntax trees if they are parsed already (never parses). */
  parsedSoFar(): ParsedFile | undefined;
}

/** A request file (not a template): what the request-file features take. */
export interface RequestFile extends AnalyzedFile {
  readonly association: Association & { base: BaseKind };
  results(): RequestDocumentResult[];
}

export function isRequestFile(file: AnalyzedFile): file is RequestFile {
  return file.association.base !== TEMPLATE_KIND;
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
    previous?: AnalyzedFile,
  ): AnalyzedFile => {
    let parsed = parsedAlready;
    let results: DocumentResult[] | undefined;
    let template: TemplateAnalysis | undefined;
    let diags: Diagnostic[] | undefined;
    const lines = parsedAlready?.lines ?? new LineIndex(text);
    const isTemplate = association.base === TEMPLATE_KIND;
    const dialect = isTemplate ? 'cloudformation' : 'cli';
    const options = () => ({ likelyCommitted: likelyCommitted(uri) });
    // An earlier text of the document: its line starts are moved past the edit rather than found again.
    const edit = previous?.uri === uri ? diffRegion(previous.text, text) : undefined;
    if (previous && edit) lines.follow(previous.lines, edit);
    /** The parse of the previous text, re-parsed where the edit was (once; the previous analysis is let go). */
    const reparsed = (): ParsedFile | undefined => {
      const before = previous?.uri === uri && !isTemplate ? previous.parsedSoFar() : undefined;
      previous = undefined;
      return before && format === 'json' ? reparseJson(before, text, lines, edit) : undefined;
    };
    function* check(p: ParsedFile): Generator<void, DocumentResult[]> {
      if (!isTemplate) return yield* checkFileSteps(p, association as Association & { base: BaseKind }, options());
      const done = yield* checkTemplateSteps(p, association, options());
      template = done.analysis;
      return done.results;
    }
    function* diagnose(p: ParsedFile, r: DocumentResult[]): Generator<void, Diagnostic[]> {
      // A template found by its content that cannot be read (too large, binary) was never shown to be ours.
      if (isTemplate && p.refusal && association.by === 'content') return [];
      return yield* toDiagnosticsSteps(p, r);
    }
    const file: AnalyzedFile = {
      uri,
      text,
      format,
      lines,
      association,
      get parsed() {
        return (parsed ??= reparsed() ?? parseFile(uri, text, format, lines, dialect));
      },
      parsedSoFar: () => parsed,
      results: () => (results ??= drain(check(file.parsed))),
      diagnostics: () => (diags ??= drain(diagnose(file.parsed, file.results()))),
      template: () => {
        file.results();
        return template;
      },
      *analyzeInSteps() {
        parsed ??= reparsed();
        if (!parsed) {
          const done = yield* parseFileSteps(uri, text, format, lines, dialect);
          parsed ??= done;
        }
        if (!results) {
          const done = yield* check(parsed);
          results ??= done;
        }
        if (!diags) {
          // Positions need the line table (a scan of the whole text): a step of its own.
          if (lines.lineCount > 0) yield;
          const done = yield* diagnose(parsed, results);
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
      if (options.kind === TEMPLATE_KIND) {
        association = { base: TEMPLATE_KIND, by: 'option' };
      } else if (options.kind && isKind(options.kind)) {
        association = {
          base: KINDS[options.kind].base,
          forced: isBaseKind(options.kind) ? undefined : options.kind,
          by: 'option',
        };
      } else {
        // Any JSON or YAML text may be a template; one over the size limit is never taken for one by its content.
        const content = doc.text.length <= LIMITS.maxFileBytes;
        association = associate(doc.uri, doc.text, settings.files, format === 'yaml', content);
      }
      if (association) return makeFile(doc.uri, doc.text, format, association, undefined, options.previous);
      if (!options.sniff) return undefined;
      const parsed = parseFile(doc.uri, doc.text, format);
      const base = sniffBaseKind(parsed.documents.find(d => d.root)?.root);
      if (!base) return undefined;
      return makeFile(doc.uri, doc.text, format, { base, by: 'content' }, parsed);
    },

    validate: file => file.diagnostics(),
    validateSemantic: (file, signal) => semanticDiagnostics(file, host, signal),
    // Templates: the features of the three types (`features/template-*.ts`), nothing elsewhere in the template.
    completeLive: (file, position, signal) =>
      isRequestFile(file) ? completeLive(file, position, host, signal) : Promise.resolve([]),
    complete: (file, position) =>
      isRequestFile(file) ? complete(file, position) : completeTemplate(file, file.lines.offsetAt(position)),
    hover: (file, position) =>
      isRequestFile(file) ? hover(file, position) : hoverTemplate(file, file.lines.offsetAt(position)),
    codeActions: (file, range, diagnostics) =>
      isRequestFile(file)
        ? codeActions(file, range, diagnostics ?? file.diagnostics())
        : templateCodeActions(file, range, diagnostics ?? []),
    symbols: file => (isRequestFile(file) ? symbols(file) : templateSymbols(file)),

    requestInput(file, document = 0) {
      if (!isRequestFile(file)) return undefined;
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
