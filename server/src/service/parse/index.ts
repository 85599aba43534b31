/**
 * Entry point of the parse layer: text → `ParsedFile` (one tree per document, syntax problems, refusals). Nothing
 * here knows about AWS shapes.
 */
import type { Format } from '../types';
import { LineIndex } from './line-index';
import { type Node } from './ast';
import type { ParseIssue } from './issues';
import { parseJson } from './json';
import { parseYaml } from './yaml';
import { LIMITS, blockDepthExceeds, bracketDepthExceeds, looksBinary } from './limits';

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

export function parseFile(uri: string, text: string, format: Format, lines = new LineIndex(text)): ParsedFile {
  const refusal = refuse(text, format);
  if (refusal) return { uri, text, format, lines, documents: [], refusal };

  let documents: ParsedDocument[];
  try {
    if (format === 'json') {
      const { root, issues } = parseJson(text);
      documents = [{ index: 0, root, start: 0, end: text.length, issues }];
    } else {
      documents = parseYaml(text).map((d, index) => ({ index, ...d }));
    }
  } catch (e) {
    // A stack overflow in a third-party parser on hostile input becomes a refusal, never a crash.
    const message = e instanceof RangeError ? 'nested too deeply to check' : `could not be parsed (${String(e)})`;
    return {
      uri,
      text,
      format,
      lines,
      documents: [],
      refusal: { code: 'too-deep', severity: 'error', message: `The file is ${message}`, start: 0, end: 0 },
    };
  }
  for (const d of documents) for (const issue of duplicateKeys(d.root)) d.issues.push(issue);
  return { uri, text, format, lines, documents };
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

/** Duplicate keys in any object of the tree (JSON: the CLI silently keeps the last; YAML: the CLI rejects them). */
export function duplicateKeys(root: Node | undefined): ParseIssue[] {
  const issues: ParseIssue[] = [];
  // A node reached twice is an alias of an anchored one (a plain Set: WeakSet lookups cost several times more, and
  // the set dies with the call).
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    if (n.type === 'object') {
      const first = new Map<string, number>();
      for (const p of n.properties) {
        if (p.merged) continue;
        if (first.has(p.key)) {
          issues.push({
            code: 'duplicate-key',
            severity: 'error',
            message: `Duplicate member '${p.key}': only one value can be sent`,
            start: p.keyStart,
            end: p.keyEnd,
          });
        } else first.set(p.key, p.keyStart);
        walk(p.value);
      }
    } else if (n.type === 'array') for (const i of n.items) walk(i);
  };
  walk(root);
  return issues;
}
