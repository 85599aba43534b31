/**
 * YAML 1.2 (core schema, as the AWS CLI reads `--cli-input-yaml`): `yes`/`on` stay strings. Every document of a
 * stream becomes its own tree. Anchors and aliases are resolved by sharing the anchored node, and the size a
 * document reaches through aliases is bounded, so an alias bomb ends in a diagnostic instead of a hang.
 */
import {
  CST,
  Parser,
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
  type YAMLError,
  type YAMLWarning,
} from 'yaml';
import type { Node, ObjectNode, PropertyNode } from './ast';
import type { ParseIssue } from './issues';
import { LIMITS } from './limits';
import { parseSimpleYaml } from './yaml-simple';

export interface YamlDocumentResult {
  root: Node | undefined;
  start: number;
  end: number;
  issues: ParseIssue[];
}

export const PARSE_OPTIONS = {
  version: '1.2',
  uniqueKeys: false, // duplicates are reported by our own check, with the key's range
  prettyErrors: false,
  merge: true,
  strict: true,
  keepSourceTokens: false,
} as const;

export function parseYaml(text: string): YamlDocumentResult[] {
  // Plain documents are built straight from the CST; from the first one that is not, the composer takes over.
  const { docs, resume } = parseSimpleYaml(new Parser().parse(text), PARSE_OPTIONS, keyString);
  if (resume) for (const d of composeTokens(resume, text.length)) docs.push(d);
  return docs;
}

/** The general path alone: the library's composer, then conversion (the tests compare both paths). */
export function composeYaml(text: string): YamlDocumentResult[] {
  return [...composeTokens(new Parser().parse(text), text.length)];
}

export function* composeTokens(tokens: Iterable<CST.Token>, length: number): Generator<YamlDocumentResult> {
  const composer = new Composer(PARSE_OPTIONS);
  // Each document is converted as soon as it is composed, so the parser's own objects for a long stream never all
  // live at once (the composer attaches a document's errors before yielding it).
  for (const d of composer.compose(tokens, true, length)) yield convertDocument(d);
}

function issueFrom(e: YAMLError | YAMLWarning, severity: 'error' | 'warning'): ParseIssue {
  const [start, end] = e.pos;
  if (e.code === 'TAG_RESOLVE_FAILED') {
    return {
      code: 'yaml-tag',
      severity: 'error',
      message: `${e.message.replace(/^Unresolved tag/, 'Unsupported tag')}: the AWS CLI reads plain YAML without custom tags`,
      start,
      end: Math.max(end, start + 1),
    };
  }
  if (/Maximum call stack/.test(e.message)) {
    return {
      code: 'too-deep',
      severity: 'error',
      message: 'Nesting too deep to check',
      start,
      end: Math.max(end, start + 1),
    };
  }
  return { code: 'syntax', severity, message: firstLine(e.message), start, end: Math.max(end, start + 1) };
}

/** Text of a scalar key (`1: x` and `true: x` become "1" and "true"). */
export function keyString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

class Converter {
  readonly issues: ParseIssue[] = [];
  private readonly anchors = new Map<string, Node | undefined>();
  /** Expanded size of nodes reached through aliases, memoized per shared node. */
  private readonly sizes = new WeakMap<Node, number>();
  private expanded = 0;
  private bombReported = false;
  private deepReported = false;

  node(n: YamlNode | ParsedNode | null | undefined, depth: number): Node | undefined {
    if (!n) return undefined;
    if (depth > LIMITS.maxDepth) {
      if (!this.deepReported) {
        this.deepReported = true;
        const [s, e] = n.range ?? [0, 0];
        this.issues.push({
          code: 'too-deep',
          severity: 'error',
          message: `Nesting deeper than ${LIMITS.maxDepth} levels is not checked`,
          start: s,
          end: Math.max(e, s + 1),
        });
      }
      return undefined;
    }
    let out: Node | undefined;
    if (isAlias(n)) {
      out = this.alias(n.source, n.range ?? [0, 0, 0]);
    } else if (isMap(n)) {
      out = this.map(n, depth);
    } else if (isSeq(n)) {
      const [start, , end] = n.range ?? [0, 0, 0];
      const items: Node[] = [];
      for (const item of n.items) {
        const c = this.node(item as YamlNode, depth + 1);
        if (c) items.push(c);
        else if (item && isScalar(item)) items.push(this.scalar(item));
      }
      out = { type: 'array', start, end: trimEnd(n.range), items, flow: n.flow === true };
      void end;
    } else if (isScalar(n)) {
      out = this.scalar(n);
    }
    if (out && n.anchor && !isAlias(n)) this.anchors.set(n.anchor, out);
    return out;
  }

  private scalar(n: YamlNode): Node {
    const s = n as unknown as { value: unknown; type?: string; range?: [number, number, number] };
    const [start, valueEnd] = s.range ?? [0, 0, 0];
    const v = s.value;
    const quoted = s.type !== undefined && s.type !== 'PLAIN';
    if (v === null || v === undefined) return { type: 'null', value: null, start, end: valueEnd, quoted };
    if (typeof v === 'string') return { type: 'string', value: v, start, end: valueEnd, quoted };
    if (typeof v === 'number') return { type: 'number', value: v, start, end: valueEnd, quoted };
    if (typeof v === 'bigint') return { type: 'number', value: Number(v), start, end: valueEnd, quoted };
    if (typeof v === 'boolean') return { type: 'boolean', value: v, start, end: valueEnd, quoted };
    // Timestamps and binary are not in the 1.2 core schema; anything else is shown as its text.
    return {
      type: 'string',
      value: typeof v === 'symbol' ? v.toString() : (JSON.stringify(v) ?? ''),
      start,
      end: valueEnd,
      quoted,
    };
  }

  private map(n: YamlNode, depth: number): ObjectNode {
    const m = n as unknown as { items: unknown[]; range?: [number, number, number]; flow?: boolean };
    const [start] = m.range ?? [0, 0, 0];
    const obj: ObjectNode = { type: 'object', start, end: trimEnd(m.range), properties: [], flow: m.flow === true };
    for (const pair of m.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const keyRange = (key?.range as [number, number, number] | undefined) ?? [start, start, start];
      if (key && isScalar(key) && typeof key.value === 'symbol') {
        // Merge key `<<: *a` or `<<: [*a, *b]`: copy the anchored mappings' properties in, explicit keys win later.
        this.merge(obj, pair.value as YamlNode | null, depth);
        continue;
      }
      let keyText: string;
      if (!key) keyText = '';
      else if (isScalar(key)) keyText = keyString(key.value);
      else {
        this.issues.push({
          code: 'syntax',
          severity: 'error',
          message: 'Complex mapping keys are not supported: member names must be plain strings',
          start: keyRange[0],
          end: Math.max(keyRange[1], keyRange[0] + 1),
        });
        continue;
      }
      const value = this.node(pair.value as YamlNode | null, depth + 1);
      const keyStart = keyRange[0];
      const keyEnd = keyRange[1];
      const prop: PropertyNode = {
        key: keyText,
        keyStart,
        keyEnd,
        value,
        start: keyStart,
        end: value ? Math.max(value.end, keyEnd) : keyEnd,
      };
      obj.properties.push(prop);
    }
    if (obj.properties.some(p => p.merged)) obj.properties = resolveMerged(obj.properties);
    return obj;
  }

  private merge(obj: ObjectNode, source: YamlNode | null, depth: number): void {
    const sources = source && isSeq(source) ? (source.items as YamlNode[]) : source ? [source] : [];
    for (const s of sources) {
      const resolved = this.node(s, depth + 1);
      if (resolved?.type !== 'object') continue;
      for (const p of resolved.properties) obj.properties.push({ ...p, merged: true });
    }
  }

  private alias(name: string, range: [number, number, number]): Node | undefined {
    const target = this.anchors.get(name);
    if (!target) return undefined; // the parser already reported an unknown alias
    this.expanded += this.sizeOf(target);
    if (this.expanded > LIMITS.maxAliasExpansion) {
      if (!this.bombReported) {
        this.bombReported = true;
        this.issues.push({
          code: 'alias-limit',
          severity: 'error',
          message: `Aliases expand this document past ${LIMITS.maxAliasExpansion.toLocaleString('en-US')} nodes; the rest of the aliases are not expanded`,
          start: range[0],
          end: Math.max(range[1], range[0] + 1),
        });
      }
      return { type: 'null', value: null, start: range[0], end: range[1], quoted: false };
    }
    return target;
  }

  private sizeOf(n: Node): number {
    const known = this.sizes.get(n);
    if (known !== undefined) return known;
    let size = 1;
    if (n.type === 'object') for (const p of n.properties) size += p.value ? this.sizeOf(p.value) : 0;
    else if (n.type === 'array') for (const i of n.items) size += this.sizeOf(i);
    this.sizes.set(n, size);
    return size;
  }
}

/** YAML merge semantics: explicit keys override merged ones; among merged keys the first source wins. */
function resolveMerged(props: PropertyNode[]): PropertyNode[] {
  const explicit = new Set(props.filter(p => !p.merged).map(p => p.key));
  const seenMerged = new Set<string>();
  return props.filter(p => {
    if (!p.merged) return true;
    if (explicit.has(p.key) || seenMerged.has(p.key)) return false;
    seenMerged.add(p.key);
    return true;
  });
}

/** End offset of a node's value, without the trailing whitespace/comment the parser includes in the range. */
function trimEnd(range: [number, number, number] | null | undefined): number {
  return range ? range[1] : 0;
}

function convertDocument(doc: Document.Parsed): YamlDocumentResult {
  const conv = new Converter();
  const c = doc.contents as { value?: unknown; range?: [number, number, number] } | null;
  // `---` followed by nothing: an empty document, not an explicit null.
  const empty = c !== null && isScalar(c) && c.value === null && c.range !== undefined && c.range[0] === c.range[1];
  const root = empty ? undefined : conv.node(doc.contents, 0);
  const issues: ParseIssue[] = [
    ...doc.errors.map(e => issueFrom(e, 'error')),
    ...doc.warnings.map(w => issueFrom(w, 'warning')),
    ...conv.issues,
  ];
  const [start, , end] = doc.range;
  return { root, start, end, issues };
}
