/**
 * Public value types of the language service. They mirror the LSP shapes structurally (0-based lines, UTF-16
 * characters) but are declared here so that the service has no dependency on any protocol library.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The four request shapes the service understands (SPEC §2). */
export type Kind = 'identity-source' | 'identity-source-update' | 'trust-provider' | 'trust-provider-update';

/** What a file is associated with before its content decides create vs update. */
export type BaseKind = 'identity-source' | 'trust-provider';

/** A CloudFormation template that declares identity sources, trust providers or policy stores (SPEC §9). */
export type TemplateKind = 'cloudformation';

/** The kind of a whole file: one of the four request kinds, or a template. */
export type FileKind = Kind | TemplateKind;

/** What a file is associated with: a request file's base kind, or a template. */
export type BaseFileKind = BaseKind | TemplateKind;

export type Format = 'json' | 'yaml';

export interface Diagnostic {
  /** Index of the YAML document in a stream (always 0 for JSON). */
  document: number;
  /** Member path (`configuration.openIdConnectConfiguration.issuer`, `TagSpecifications[0].Tags[1].Key`). */
  path: string;
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Start and end offsets of `range` in the text. */
  offset: number;
  length: number;
  /** Machine-readable details that quick fixes use (never secret values). */
  data?: DiagnosticData;
  /** Where the check got its facts from (for semantic checks: which schema, which discovery document). */
  source?: string;
}

export interface DiagnosticData {
  suggestion?: string;
  member?: string;
  members?: string[];
  [key: string]: unknown;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type CompletionKind = 'property' | 'value' | 'enum' | 'template' | 'keyword';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Snippet syntax (`$1`, `${1:x}`) when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** The text the item replaces. */
  range: Range;
  sortText?: string;
  filterText?: string;
  deprecated?: boolean;
}

export interface Hover {
  markdown: string;
  range: Range;
}

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite' | 'source';
  /** Codes of the diagnostics this action fixes. */
  diagnostics: Diagnostic[];
  edits: TextEdit[];
  isPreferred?: boolean;
  /** A command the editor runs after the edits (e.g. store a secret); arguments never carry secret values. */
  command?: { command: string; title: string; arguments: unknown[] };
}

export type SymbolKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'document';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}
