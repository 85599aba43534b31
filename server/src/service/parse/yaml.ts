/**
 * YAML 1.2 with the `yaml` library (core schema: `yes`/`on` stay strings), and scalars typed as the AWS CLI's own
 * loader types them (`cli-yaml.ts`: `2024-06-01` is a date, `1_000` an integer). Every document of a stream becomes
 * its own tree. Anchors and aliases are resolved by sharing the anchored node, and the size a document reaches
 * through aliases is bounded, so an alias bomb ends in a diagnostic instead of a hang.
 */
import {
  CST,
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
import type { Dialect, Node, ObjectNode, PropertyNode } from './ast';
import { cfnScalarNode, shortFormKey, unsupportedTagIssue, UNSUPPORTED_STANDARD_TAGS } from './cfn-yaml';
import { cliScalarNode, YAML_TAG, type YamlScalar, type YamlVersion } from './cli-yaml';
import { keyLabel, withinText, type ParseIssue } from './issues';
import { LIMITS } from './limits';
import { parseSimpleYaml } from './yaml-simple';
import { issueFrom, LOADER_TAG_PROBLEM, UNRESOLVED_TAG } from './yaml-issues';
import { yamlTokens } from './yaml-tokens';

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

/** How a dialect builds a scalar node (both YAML paths use the same one). */
export function scalarBuilder(dialect: Dialect): (s: YamlScalar) => ReturnType<typeof cliScalarNode> {
  return dialect === 'cloudformation' ? cfnScalarNode : cliScalarNode;
}

export function parseYaml(text: string, dialect: Dialect = 'cli'): YamlDocumentResult[] {
  // Plain documents are built straight from the CST; from the first one that is not, the composer takes over.
  const { docs, resume } = parseSimpleYaml(yamlTokens(text), PARSE_OPTIONS, keyString, scalarBuilder(dialect));
  if (resume) for (const d of composeTokens(resume, text, dialect)) docs.push(d);
  return docs;
}

/** The general path alone: the library's composer, then conversion (the tests compare both paths). */
export function composeYaml(text: string, dialect: Dialect = 'cli'): YamlDocumentResult[] {
  return [...composeTokens(yamlTokens(text), text, dialect)];
}

export function* composeTokens(
  tokens: Iterable<CST.Token>,
  text: string,
  dialect: Dialect = 'cli',
): Generator<YamlDocumentResult> {
  const composer = new Composer(PARSE_OPTIONS);
  // Each document is converted as soon as it is composed, so the parser's own objects for a long stream never all
  // live at once (the composer attaches a document's errors before yielding it).
  const docs = composer.compose(tokens, true, text.length);
  for (;;) {
    const r = withoutStacks(() => docs.next());
    if (r.done) return;
    yield convertDocument(r.value, text, dialect);
  }
}

/**
 * `f` with errors made without stack traces: the composer makes an `Error` for each of its warnings, and a template
 * has one per short-form tag (`Unresolved tag: !Ref`, read in `convertDocument`), whose stack V8 would capture and
 * nobody reads (in a profile of the cfn benchmark, about a fifth of the time composing a template took).
 */
function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

type Range = [number, number, number];

/** Text of a scalar key (`1: x` and `true: x` become "1" and "true"). */
export function keyString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

/** Where a short-form tag is written: the library's warning about it carries its range. */
interface TagAt {
  start: number;
  end: number;
  tag: string;
}

class Converter {
  readonly issues: ParseIssue[] = [];
  constructor(
    private readonly text: string,
    private readonly version: YamlVersion,
    private readonly dialect: Dialect = 'cli',
    /** Short-form tags by end offset (templates). */
    private readonly tags: readonly TagAt[] = [],
  ) {}

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
    const short = this.dialect === 'cloudformation' && !isAlias(n) ? shortFormKey(n.tag) : undefined;
    if (short) {
      out = this.shortForm(n, short, depth);
      if (n.anchor) this.anchors.set(n.anchor, out);
      return out;
    }
    if ((isMap(n) || isSeq(n)) && n.tag) this.collectionTag(n.tag, isMap(n), n.range);
    if (isAlias(n)) {
      out = this.alias(n.source, n.range ?? [0, 0, 0]);
    } else if (isMap(n)) {
      out = this.map(n, depth);
    } else if (isSeq(n)) {
      out = this.seq(n, depth);
    } else if (isScalar(n)) {
      out = this.scalar(n);
    }
    if (n.anchor && !isAlias(n)) this.anchors.set(n.anchor, out);
    return out;
  }

  private scalar(n: YamlNode, untagged = false): Node {
    const s = n as unknown as { value: unknown; source?: unknown; type?: string; tag?: string; range?: Range };
    const [start, valueEnd] = s.range ?? [0, 0, 0];
    const { node, issue } = scalarBuilder(this.dialect)({
      value: s.value,
      source: typeof s.source === 'string' ? s.source : keyString(s.value),
      plain: s.type === undefined || s.type === 'PLAIN',
      tag: untagged ? undefined : s.tag,
      version: this.version,
      start,
      end: valueEnd,
    });
    // A tagged scalar is resolved by its tag (a string for a short form, whatever its text says).
    if (untagged && node.type !== 'string') {
      return {
        type: 'string',
        value: typeof s.source === 'string' ? s.source : keyString(s.value),
        start,
        end: valueEnd,
        quoted: node.quoted,
      };
    }
    if (issue) this.issues.push(issue);
    return node;
  }

  /**
   * A short-form intrinsic function (`!Ref X`, `!GetAtt [A, B]`): the long form's one-property object, whose key range
   * is the tag's, so every later step sees JSON, long-form YAML and short-form YAML alike.
   */
  private shortForm(n: YamlNode | ParsedNode, key: string, depth: number): ObjectNode {
    let inner: Node | undefined;
    if (isMap(n)) inner = this.map(n, depth + 1);
    else if (isSeq(n)) inner = this.seq(n, depth + 1);
    else if (isScalar(n)) inner = this.scalar(n, true);
    const [valueStart] = n.range ?? [0, 0, 0];
    const tag = this.tagBefore(n.tag ?? '', valueStart);
    const start = tag?.start ?? valueStart;
    const keyEnd = tag?.end ?? valueStart;
    const end = inner ? Math.max(inner.end, keyEnd) : keyEnd;
    const prop: PropertyNode = { key, keyStart: start, keyEnd, value: inner, start, end };
    return { type: 'object', start, end, properties: [prop], flow: false, shortForm: n.tag };
  }

  /** The last tag `tag` that ends at or before `offset` (binary search over the tags in text order). */
  private tagBefore(tag: string, offset: number): TagAt | undefined {
    const tags = this.tags;
    let lo = 0;
    let hi = tags.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tags[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && i >= lo - 4; i--) if (tags[i].tag === tag) return tags[i];
    return undefined;
  }

  private seq(n: YamlNode, depth: number): Node {
    const s = n as unknown as { items: unknown[]; range?: Range; flow?: boolean };
    const [start] = s.range ?? [0, 0, 0];
    const items: Node[] = [];
    for (const item of s.items) {
      const c = this.node(item as YamlNode, depth + 1);
      if (c) items.push(c);
      else if (item && isScalar(item)) items.push(this.scalar(item));
    }
    return { type: 'array', start, end: trimEnd(s.range), items, flow: s.flow === true };
  }

  /** The loader builds mappings as maps or sets and sequences as lists, ordered maps or pairs; any other tag fails. */
  private collectionTag(tag: string, mapping: boolean, range: Range | null | undefined): void {
    const name = tag.startsWith(YAML_TAG) ? tag.slice(YAML_TAG.length) : undefined;
    if (this.dialect === 'cloudformation') {
      const [start] = range ?? [0, 0, 0];
      if (name !== undefined && UNSUPPORTED_STANDARD_TAGS.has(name))
        this.issues.push(unsupportedTagIssue(name, start, start + 1));
      return;
    }
    if (name === undefined || (mapping ? ['map', 'set'] : ['seq', 'omap', 'pairs']).includes(name)) return;
    const [start] = range ?? [0, 0, 0];
    this.issues.push({
      code: 'cli-yaml-unreadable',
      severity: 'error',
      message: `The AWS CLI cannot read this ${mapping ? 'mapping' : 'list'}: its YAML loader cannot build a !!${name} from it, so \`--cli-input-yaml\` rejects the file.`,
      start,
      end: start + 1,
    });
  }

  private map(n: YamlNode, depth: number): ObjectNode {
    const m = n as unknown as { items: unknown[]; range?: [number, number, number]; flow?: boolean };
    const [start] = m.range ?? [0, 0, 0];
    const obj: ObjectNode = { type: 'object', start, end: trimEnd(m.range), properties: [], flow: m.flow === true };
    let merges = 0;
    for (const pair of m.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const keyRange = (key?.range as [number, number, number] | undefined) ?? [start, start, start];
      if (key && isScalar(key) && typeof key.value === 'symbol') {
        // Merge key `<<: *a` or `<<: [*a, *b]`: copy the anchored mappings' properties in, explicit keys win later.
        if (this.dialect === 'cloudformation' && merges === 0) {
          this.issues.push({
            code: 'cfn-yaml-alias',
            severity: 'warning',
            message:
              'CloudFormation does not support merge keys (<<): only `aws cloudformation package` and AWS SAM resolve them before the template reaches CloudFormation.',
            start: keyRange[0],
            end: Math.max(keyRange[1], keyRange[0] + 1),
          });
        }
        if (++merges === 2) {
          this.issues.push({
            code: 'duplicate-key',
            severity: 'error',
            message: 'A second merge key in the same mapping: the AWS CLI rejects the file (merge a list instead)',
            start: keyRange[0],
            end: Math.max(keyRange[1], keyRange[0] + 1),
          });
        }
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
      if (!m.flow) this.colonOnKeyLine(keyRange);
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
    if (merges > 0) this.lastWins(obj);
    return obj;
  }

  /**
   * In a mapping with a merge key, the AWS CLI's loader does not check for repeated keys: the last value wins, as in
   * JSON. The earlier ones are superseded (and not reported again as duplicates).
   */
  private lastWins(obj: ObjectNode): void {
    const last = new Map<string, PropertyNode>();
    for (const p of obj.properties) {
      if (p.merged) continue;
      const before = last.get(p.key);
      if (before) {
        before.superseded = true;
        this.issues.push({
          code: 'duplicate-key',
          severity: 'warning',
          message: `Duplicate member '${keyLabel(p.key)}': beside a merge key the AWS CLI keeps only the last value, so this one is ignored`,
          start: before.keyStart,
          end: before.keyEnd,
        });
      }
      last.set(p.key, p);
    }
  }

  /**
   * The library takes an implicit key whose `:` is on a later line (`a\n  : b`), which YAML does not allow and the
   * AWS CLI rejects. Explicit keys (`? a`) may do so.
   */
  private colonOnKeyLine([start, end]: Range): void {
    const text = this.text;
    let i = end;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') return;
    let b = start - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
    if (text[b] === '?') return;
    this.issues.push({
      code: 'syntax',
      severity: 'error',
      message: "A key's ':' must be on the same line as the key",
      start,
      end: Math.max(end, start + 1),
    });
  }

  private merge(obj: ObjectNode, source: YamlNode | null, depth: number): void {
    const sources = source && isSeq(source) ? (source.items as YamlNode[]) : source ? [source] : [];
    for (const s of sources) {
      const resolved = this.node(s, depth + 1);
      if (resolved?.type !== 'object') {
        const [start, end] = s?.range ?? source?.range ?? [0, 0, 0];
        this.issues.push({
          code: 'cli-yaml-unreadable',
          severity: 'error',
          message: 'Only mappings can be merged into a mapping: the AWS CLI rejects the file.',
          start,
          end: Math.max(end, start + 1),
        });
        continue;
      }
      for (const p of resolved.properties) obj.properties.push({ ...p, merged: true });
    }
  }

  private alias(name: string, range: [number, number, number]): Node | undefined {
    const target = this.anchors.get(name);
    if (!target) {
      // The library leaves an alias without an anchor before it to `toJS`; the AWS CLI rejects the file.
      if (!this.anchors.has(name)) {
        this.issues.push({
          code: 'syntax',
          severity: 'error',
          message: `Unknown alias *${keyLabel(name)}: no anchor &${keyLabel(name)} comes before it`,
          start: range[0],
          end: Math.max(range[1], range[0] + 1),
        });
      }
      return undefined;
    }
    if (this.dialect === 'cloudformation') {
      this.issues.push({
        code: 'cfn-yaml-alias',
        severity: 'warning',
        message: `CloudFormation rejects YAML aliases (*${name}): only \`aws cloudformation package\` and AWS SAM resolve them before the template reaches CloudFormation.`,
        start: range[0],
        end: Math.max(range[1], range[0] + 1),
      });
    }
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

function convertDocument(doc: Document.Parsed, text: string, dialect: Dialect): YamlDocumentResult {
  const tags: TagAt[] = [];
  if (dialect === 'cloudformation') {
    for (const w of doc.warnings) {
      const tag = w.code === 'TAG_RESOLVE_FAILED' ? UNRESOLVED_TAG.exec(w.message)?.[1] : undefined;
      if (tag && shortFormKey(tag)) tags.push({ start: w.pos[0], end: w.pos[1], tag });
    }
    tags.sort((a, b) => a.end - b.end);
  }
  const conv = new Converter(text, doc.directives?.yaml.version === '1.1' ? '1.1' : '1.2', dialect, tags);
  const c = doc.contents as { value?: unknown; range?: [number, number, number] } | null;
  // `---` followed by nothing: an empty document, not an explicit null.
  const empty = c !== null && isScalar(c) && c.value === null && c.range !== undefined && c.range[0] === c.range[1];
  const root = empty ? undefined : conv.node(doc.contents, 0);
  const own = (e: YAMLError | YAMLWarning) => {
    if (e.code !== 'TAG_RESOLVE_FAILED') return true;
    if (dialect === 'cloudformation') {
      // Short forms are read above; standard tags are judged by the scalar and collection readers.
      const tag = UNRESOLVED_TAG.exec(e.message)?.[1];
      return !shortFormKey(tag) && !LOADER_TAG_PROBLEM.test(e.message);
    }
    return !LOADER_TAG_PROBLEM.test(e.message);
  };
  // A problem at the very end of the text (an unclosed flow collection, say) covers no character past it.
  const issues: ParseIssue[] = [
    ...doc.errors.filter(own).map(e => issueFrom(e, 'error', dialect)),
    ...doc.warnings.filter(own).map(w => issueFrom(w, 'warning', dialect)),
    ...conv.issues,
  ].map(i => withinText(text, i));
  const [start, , end] = doc.range;
  return { root, start, end, issues };
}
