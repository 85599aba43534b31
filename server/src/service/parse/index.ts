/**
 * Entry point of the parse layer: text → `ParsedFile` (one tree per document, syntax problems, refusals). Nothing
 * here knows about AWS shapes.
 */
import type { Format } from '../types';
import { LineIndex } from './line-index';
import { type Dialect, type Node, type PropertyNode } from './ast';
import { refusedTabs, streamIssue, tabIssue } from './cli-yaml-text';
import type { ParseIssue } from './issues';
import { parseJson } from './json';
import { parseYaml } from './yaml';
import { LIMITS, NestedTooDeep, blockDepthExceeds, bracketDepthExceeds, looksBinary } from './limits';

export interface ParsedDocument {
  index: number;
  root: Node | undefined;
  /** Offsets of the document in the file (the whole file for JSON). */
  start: number;
  end: number;
  issues: ParseIssue[];
}

export interface ParsedFile {
  uri: string;
  text: string;
  format: Format;
  lines: LineIndex;
  documents: ParsedDocument[];
  /** Set when the file is not checked at all (too large, binary, nested too deep); `documents` is then empty. */
  refusal?: ParseIssue;
  /** How the text was read: as the AWS CLI reads request files, or as CloudFormation reads templates. */
  dialect?: Dialect;
  /**
   * Set when this tree was made from the tree of an earlier text by re-parsing only where it was edited
   * (`json-reparse.ts`), until the checks have used it (`rules/shape-cache.ts`).
   */
  edited?: { from: ParsedFile; edit: import('./json-reparse').TextEdit };
}

/** JSON or YAML, from the language id when the editor knows it, else from the file name, else from the content. */
export function formatOf(uri: string, languageId?: string, text?: string): Format {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  const path = uri.toLowerCase().split(/[?#]/)[0] ?? '';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  return text !== undefined && /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

export function parseFile(
  uri: string,
  text: string,
  format: Format,
  lines = new LineIndex(text),
  dialect: Dialect = 'cli',
): ParsedFile {
  const refusal = refuse(text, format);
  if (refusal) return { uri, text, format, lines, documents: [], refusal, dialect };

  let documents: ParsedDocument[];
  try {
    if (format === 'json') {
      const { root, issues } = parseJson(text, dialect);
      documents = [{ index: 0, root, start: 0, end: text.length, issues }];
    } else {
      documents = parseYaml(text, dialect).map((d, index) => ({ index, ...d }));
    }
  } catch (e) {
    return { uri, text, format, lines, documents: [], refusal: overflowRefusal(e), dialect };
  }
  for (const d of documents) for (const issue of duplicateKeys(d.root, format, dialect)) d.issues.push(issue);
  if (format === 'yaml' && dialect === 'cli') cliYamlText(text, documents);
  return { uri, text, format, lines, documents, dialect };
}

/**
 * A parse that failed, as a refusal: a tree nested past the limits (`NestedTooDeep`), else a stack overflow or
 * another failure of a third-party parser on hostile input (never a crash).
 */
export function overflowRefusal(e: unknown): ParseIssue {
  if (e instanceof NestedTooDeep) {
    return { code: 'too-deep', severity: 'error', message: e.message, start: e.offset, end: e.offset + 1 };
  }
  const message = e instanceof RangeError ? 'nested too deeply to check' : `could not be parsed (${String(e)})`;
  return { code: 'too-deep', severity: 'error', message: `The file is ${message}`, start: 0, end: 0 };
}

/** Tabs and streams: what the AWS CLI's YAML reader refuses beyond single values (`cli-yaml-text.ts`). */
export function cliYamlText(text: string, documents: ParsedDocument[]): void {
  // Offsets come in text order and documents are in text order: one pass over both. Within a document, a tab the
  // parser already refused (as indentation, say) is covered by one of its issues: with the issues sorted by start,
  // the largest end among those that start at or before the tab tells (linear in tabs and issues).
  let d = -1;
  let covered: { start: number; end: number }[] = [];
  let next = 0;
  let maxEnd = -1;
  for (const offset of refusedTabs(text)) {
    let moved = false;
    while (d < documents.length - 1 && (d < 0 || offset >= documents[d].end)) {
      d++;
      moved = true;
    }
    const doc = documents[d];
    if (!doc) continue;
    if (moved) {
      covered = doc.issues.map(i => ({ start: i.start, end: i.end })).sort((a, b) => a.start - b.start);
      next = 0;
      maxEnd = -1;
    }
    while (next < covered.length && covered[next].start <= offset) maxEnd = Math.max(maxEnd, covered[next++].end);
    if (maxEnd <= offset) doc.issues.push(tabIssue(offset));
  }
  // A file of empty documents holds no request, which is reported instead.
  if (documents.length > 1 && documents.some(d => d.root !== undefined)) {
    documents[1].issues.push(streamIssue(text, documents[1]));
  }
}

export function refuse(text: string, format: Format): ParseIssue | undefined {
  const bytes = text.length; // UTF-16 units: an upper bound check that needs no encoding pass
  if (bytes > LIMITS.maxFileBytes) {
    return {
      code: 'too-large',
      severity: 'error',
      message: `File not checked: ${(bytes / 1048576).toFixed(1)} MB is over the ${LIMITS.maxFileBytes / 1048576} MB limit for request files`,
      start: 0,
      end: 0,
    };
  }
  if (looksBinary(text)) {
    return {
      code: 'binary',
      severity: 'error',
      message: 'File not checked: it contains binary data (NUL characters)',
      start: 0,
      end: 0,
    };
  }
  const deep = bracketDepthExceeds(text, LIMITS.maxDepth);
  if (deep !== undefined) {
    return {
      code: 'too-deep',
      severity: 'error',
      message: `File not checked: brackets nest deeper than ${LIMITS.maxDepth} levels`,
      start: deep,
      end: deep + 1,
    };
  }
  const block = format === 'yaml' ? blockDepthExceeds(text, LIMITS.maxDepth) : undefined;
  if (block !== undefined) {
    return {
      code: 'too-deep',
      severity: 'error',
      message: `File not checked: YAML blocks nest deeper than ${LIMITS.maxDepth} levels`,
      start: block,
      end: block + 1,
    };
  }
  return undefined;
}

/**
 * Duplicate keys in any object of the tree. Every occurrence but the last is marked superseded, so checks see the
 * value that is sent. JSON: the AWS CLI keeps the last value, so the ignored ones get a warning. YAML: its loader
 * rejects the file, so the repeats are errors.
 */
export function duplicateKeys(root: Node | undefined, format: Format, dialect: Dialect = 'cli'): ParseIssue[] {
  const issues: ParseIssue[] = [];
  // A node reached twice is an alias of an anchored one (a plain Set: WeakSet lookups cost several times more, and
  // the set dies with the call).
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (n.type === 'object') {
      const last = new Map<string, PropertyNode>();
      for (const p of n.properties) {
        if (p.merged || p.superseded) continue; // superseded: already reported beside a merge key
        const before = last.get(p.key);
        if (before) {
          before.superseded = true;
          issues.push(
            dialect === 'cloudformation'
              ? {
                  // The template format reference: CloudFormation may accept a repeated key, with undefined behaviour.
                  code: 'duplicate-key',
                  severity: 'warning',
                  message: `Duplicate key '${p.key}': what CloudFormation makes of a repeated key is undefined (it may use either value); this check uses the last one.`,
                  start: before.keyStart,
                  end: before.keyEnd,
                }
              : format === 'json'
                ? {
                    code: 'duplicate-key',
                    severity: 'warning',
                    message: `Duplicate member '${p.key}': the AWS CLI sends only the last value, so this one is ignored`,
                    start: before.keyStart,
                    end: before.keyEnd,
                  }
                : {
                    code: 'duplicate-key',
                    severity: 'error',
                    message: `Duplicate member '${p.key}': the AWS CLI rejects a mapping with a repeated key`,
                    start: p.keyStart,
                    end: p.keyEnd,
                  },
          );
        }
        last.set(p.key, p);
        walk(p.value);
      }
    } else if (n.type === 'array') for (const i of n.items) walk(i);
  };
  walk(root);
  return issues;
}
