/**
 * Conversions between the service's value types and LSP types. The service mirrors LSP shapes structurally but
 * never depends on the protocol; this is the only place that knows both.
 */
import {
  CompletionItemKind,
  CompletionItemTag,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
  type Hover as LspHover,
  type Range as LspRange,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { AnalyzedFile } from '../service';
import type {
  CodeAction,
  CompletionItem,
  CompletionKind,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Range,
  Severity,
  SymbolKind as ServiceSymbolKind,
} from '../service/types';
import { codeDescription } from './rule-docs';

export const SOURCE = 'verified-identity';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const SEVERITY_BACK: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

export function toRange(r: Range): LspRange {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

/** `data` carries the service's data plus the member path and document index, for code actions and the client. */
export function toDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toRange(d.range),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    ...codeDescription(d.code),
    source: SOURCE,
    message: d.message,
    data: { ...d.data, path: d.path, document: d.document, ...(d.source ? { factsFrom: d.source } : {}) },
  };
}

function sameRange(a: Range, b: LspRange): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function messageText(m: unknown): string {
  if (typeof m === 'string') return m;
  const value = m !== null && typeof m === 'object' ? (m as { value?: unknown }).value : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * Back from what the editor shows (code action context) to service diagnostics. Ours only; when a client dropped
 * `data`, the computed diagnostic with the same code and range stands in.
 */
export function fromDiagnostics(file: AnalyzedFile, shown: readonly LspDiagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let computed: Diagnostic[] | undefined;
  for (const d of shown) {
    if (!d || d.source !== SOURCE || typeof d.code !== 'string' || !d.range) continue;
    const data = d.data !== null && typeof d.data === 'object' ? (d.data as Record<string, unknown>) : undefined;
    if (!data || typeof data.path !== 'string') {
      computed ??= file.diagnostics();
      const match = computed.find(c => c.code === d.code && sameRange(c.range, d.range));
      if (match) out.push(match);
      continue;
    }
    const { path, document, factsFrom, ...rest } = data;
    const lines = file.lines;
    const offset = lines.offsetAt(d.range.start);
    out.push({
      document: typeof document === 'number' ? document : 0,
      path,
      code: d.code,
      severity: SEVERITY_BACK[d.severity ?? 1] ?? 'error',
      message: messageText(d.message),
      range: toRange(d.range),
      offset,
      length: Math.max(0, lines.offsetAt(d.range.end) - offset),
      ...(Object.keys(rest).length ? { data: rest } : {}),
      ...(typeof factsFrom === 'string' ? { source: factsFrom } : {}),
    });
  }
  return out;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  template: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
};

/** Snippet syntax → plain text (placeholders keep their default text), for clients without snippet support. */
export function snippetToPlain(snippet: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    const rest = snippet.slice(i + 1, i + 12);
    let m: RegExpExecArray | null;
    if (c === '\\' && i + 1 < snippet.length) out += snippet[++i];
    else if (c === '$' && (m = /^\d+|^\{\d+\}/.exec(rest))) i += m[0].length;
    else if (c === '$' && (m = /^\{\d+\|([^|]*)\|\}/.exec(snippet.slice(i + 1)))) {
      out += m[1].split(',')[0];
      i += m[0].length;
    } else if (c === '$' && (m = /^\{\d+:/.exec(rest))) {
      i += m[0].length;
      open++;
    } else if (c === '}' && open > 0) open--;
    else out += c;
  }
  return out;
}

/** Documentation is left out: `completionItem/resolve` adds it. `data` locates the item in the cached list. */
export function toCompletionItem(item: CompletionItem, data: unknown, snippets: boolean): LspCompletionItem {
  const snippet = item.isSnippet && snippets;
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind] ?? CompletionItemKind.Text,
    ...(item.detail !== undefined ? { detail: item.detail } : {}),
    textEdit: {
      range: toRange(item.range),
      newText: item.isSnippet && !snippets ? snippetToPlain(item.insertText) : item.insertText,
    },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(item.sortText !== undefined ? { sortText: item.sortText } : {}),
    ...(item.filterText !== undefined ? { filterText: item.filterText } : {}),
    ...(item.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    data,
  };
}

export function toHover(h: Hover, markdown: boolean): LspHover {
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: h.markdown },
    range: toRange(h.range),
  };
}

export function toCodeAction(a: CodeAction, uri: string, version: number, documentChanges: boolean): LspCodeAction {
  const edits = a.edits.map(e => ({ range: toRange(e.range), newText: e.newText }));
  const edit: WorkspaceEdit = documentChanges
    ? { documentChanges: [{ textDocument: { uri, version }, edits }] }
    : { changes: { [uri]: edits } };
  return {
    title: a.title,
    kind: a.kind,
    diagnostics: a.diagnostics.map(toDiagnostic),
    ...(edits.length ? { edit } : {}),
    ...(a.isPreferred ? { isPreferred: true } : {}),
    ...(a.command ? { command: a.command } : {}),
  };
}

const SYMBOL_KIND: Record<ServiceSymbolKind, SymbolKind> = {
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  document: SymbolKind.File,
};

function before(a: LspRange['start'], b: LspRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Editors reject symbols with an empty name or a selection range outside the range: never send those. */
/**
 * The service's symbols are fresh objects per request with LSP-shaped ranges, so they are reused as they are (a
 * 5,000-line stream has thousands of symbols: copying every range doubled the request's memory). Leaves carry no
 * `children` (optional in LSP).
 */
export function toDocumentSymbol(s: DocumentSymbol): LspDocumentSymbol {
  const range = s.range;
  let selectionRange = s.selectionRange;
  if (before(selectionRange.start, range.start) || before(range.end, selectionRange.end)) {
    selectionRange = { start: range.start, end: range.start };
  }
  const out: LspDocumentSymbol = {
    name: s.name.trim() === '' ? JSON.stringify(s.name) : s.name,
    kind: SYMBOL_KIND[s.kind] ?? SymbolKind.Field,
    range,
    selectionRange,
  };
  if (s.detail !== undefined) out.detail = s.detail;
  if (s.children.length > 0) out.children = s.children.map(toDocumentSymbol);
  return out;
}

/** For clients without hierarchical symbols: a flat list with container names. */
export function flattenSymbols(symbols: LspDocumentSymbol[], uri: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const walk = (list: LspDocumentSymbol[], container: string | undefined) => {
    for (const s of list) {
      out.push({
        name: s.name,
        kind: s.kind,
        location: { uri, range: s.range },
        ...(container ? { containerName: container } : {}),
      });
      walk(s.children ?? [], container ? `${container}.${s.name}` : s.name);
    }
  };
  walk(symbols, undefined);
  return out;
}
