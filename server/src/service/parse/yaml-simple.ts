/**
 * A fast path for plain request files: builds our tree straight from the `yaml` library's CST when every document of
 * the stream uses only block mappings and sequences of single-line keys and plain or quoted scalars, with no anchors,
 * aliases, tags, flow collections, block scalars, empty values or directives. For such streams the library's composer
 * (about a third of the time YAML parsing takes) would report nothing and build the same tree; scalar values still go
 * through the library (`CST.resolveAsScalar` and the core schema's own tag tests), then through the same typing as
 * the AWS CLI's loader as on the composer path (`cli-yaml.ts`, which may report a value it cannot read). From the
 * first document that uses anything else, or anything the composer could object to (tabs, a comment touching a token,
 * a key over 1,024 characters, a key whose `:` is on a later line…), the caller composes the rest of the same token
 * stream (`resume`). `test/unit/yaml-simple.test.ts`
 * compares both paths on every fixture, on mutations of them and on mixed streams.
 */
import { CST, Document, isScalar } from 'yaml';
import type { Node, ObjectNode, PropertyNode } from './ast';
import { cliScalarNode, type YamlScalar } from './cli-yaml';
import type { ParseIssue } from './issues';
import { LIMITS } from './limits';
import type { YamlDocumentResult } from './yaml';

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type ScalarToken = CST.FlowScalar;

/** Thrown (and caught below) when the stream needs the full composer. */
class NotSimple extends Error {}
const NOT_SIMPLE = new NotSimple();
function bail(): never {
  throw NOT_SIMPLE;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (s: string, onError: () => void, o: unknown) => unknown;
}
interface CoreSchema {
  tags: ScalarTag[];
  options: unknown;
}
let core: CoreSchema | undefined;

/** The schema's tags and the options the composer would use (one set of parse options, so made once). */
function coreSchema(options: Record<string, unknown>): CoreSchema {
  if (!core) {
    const doc = new Document(undefined, options);
    core = { tags: (doc.schema as unknown as { tags: ScalarTag[] }).tags, options: doc.options };
  }
  return core;
}

export interface SimpleResult {
  /** Documents built on the fast path, in stream order. */
  docs: YamlDocumentResult[];
  /**
   * When the stream needs the composer from some point on: the tokens to compose (the rest of the stream, starting
   * with the stream-level tokens since the last fast document, or with that document itself when what follows it can
   * change it, like a `...` marker). Their documents come after `docs`. The CST is never parsed twice.
   */
  resume?: Iterable<Token>;
}

/** Builds a scalar node from the library's reading (the AWS CLI's typing by default; templates pass their own). */
export type ScalarBuilder = (s: YamlScalar) => ReturnType<typeof cliScalarNode>;

export function parseSimpleYaml(
  tokens: Iterable<Token>,
  options: Record<string, unknown>,
  keyString: (v: unknown) => string,
  scalarNode: ScalarBuilder = cliScalarNode,
): SimpleResult {
  const builder = new Builder(coreSchema(options), keyString, scalarNode);
  const docs: YamlDocumentResult[] = [];
  const it = tokens[Symbol.iterator]();
  /** Stream-level tokens since the last document (comments, blank lines). */
  let pending: Token[] = [];
  let last: CST.Document | undefined;
  for (let r = it.next(); !r.done; r = it.next()) {
    const token = r.value;
    if (
      token.type === 'comment' ||
      token.type === 'newline' ||
      token.type === 'space' ||
      token.type === 'byte-order-mark'
    ) {
      pending.push(token);
      continue;
    }
    if (token.type === 'document') {
      const doc = tryBuild(builder, token);
      if (doc) {
        docs.push(doc);
        last = token;
        pending = [];
        continue;
      }
      return { docs, resume: rest([...pending, token], it) };
    }
    // Anything else at stream level (a `...` marker, a directive, an error) may decorate the
    // document before it: that one is composed again.
    if (!last) return { docs, resume: rest([...pending, token], it) };
    docs.pop();
    return { docs, resume: rest([last, ...pending, token], it) };
  }
  return docs.length ? { docs } : { docs, resume: pending };
}

function tryBuild(builder: Builder, token: CST.Document): YamlDocumentResult | undefined {
  try {
    return builder.document(token);
  } catch (e) {
    if (e === NOT_SIMPLE) return undefined;
    throw e;
  }
}

function* rest(first: Token[], it: Iterator<Token>): Generator<Token> {
  yield* first;
  for (let r = it.next(); !r.done; r = it.next()) yield r.value;
}

/** Where a document ends: its content's end plus the spaces, comments and line breaks after it. */
function documentEnd(offset: number, end: SourceToken[] | undefined): number {
  let o = offset;
  for (const t of end ?? []) {
    if (t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment') bail();
    o += t.source.length;
  }
  return o;
}

/**
 * The checks of the composer's property resolution for the tokens before a key, after a `:` or `-`, or at a document
 * start, limited to spaces, line breaks, comments and the one indicator. Returns the indicator, whether a line break
 * was seen and the offset after the last token.
 */
function props(
  tokens: SourceToken[],
  indicator: string | undefined,
  startOnNewline: boolean,
  offset: number,
): { found: SourceToken | undefined; hasNewline: boolean; end: number } {
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let found: SourceToken | undefined;
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        if (t.source.includes('\t')) bail();
        hasSpace = true;
        break;
      case 'newline':
        hasSpace = true;
        hasNewline = true;
        break;
      case 'comment':
        if (!hasSpace) bail();
        break;
      default:
        if (t.type !== indicator || found) bail();
        found = t;
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  return { found, hasNewline, end: last ? last.offset + last.source.length : offset };
}

class Builder {
  /** Problems of the document being built: values the AWS CLI's loader cannot read. */
  private issues: ParseIssue[] = [];

  constructor(
    private readonly schema: CoreSchema,
    private readonly keyString: (v: unknown) => string,
    private readonly scalarNode: ScalarBuilder,
  ) {}

  document(doc: CST.Document): YamlDocumentResult {
    const start = props(doc.start, 'doc-start', true, doc.offset);
    const value = doc.value;
    if (!value) bail();
    if (start.found && (value.type === 'block-map' || value.type === 'block-seq') && !start.hasNewline) bail();
    const issues: ParseIssue[] = (this.issues = []);
    const { node, end } = this.node(value, 0);
    return { root: node, start: doc.offset, end: documentEnd(end, doc.end), issues };
  }

  /** A node and the offset where it ends, trailing comments and line breaks included (the composer's `range[2]`). */
  private node(token: Token, depth: number): { node: Node; end: number } {
    if (depth > LIMITS.maxDepth) bail();
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.scalar(token);
      case 'block-map':
        return this.map(token, depth);
      case 'block-seq':
        return this.seq(token, depth);
      default:
        return bail();
    }
  }

  /**
   * The value as the composer resolves it (strict), the text it was resolved from, its value end and its node end
   * (`range[1]`, `range[2]`).
   */
  private resolve(token: ScalarToken): {
    value: unknown;
    source: string;
    quoted: boolean;
    valueEnd: number;
    end: number;
  } {
    if (token.source === '') bail();
    const r = CST.resolveAsScalar(token, true, () => bail());
    if (!r) bail();
    let value: unknown = r.value;
    if (token.type === 'scalar') {
      const tag = this.schema.tags.find(t => t.default === true && t.test?.test(r.value));
      if (tag) {
        let res: unknown;
        try {
          res = tag.resolve(r.value, () => bail(), this.schema.options);
        } catch {
          bail();
        }
        value = isScalar(res) ? res.value : res;
      }
    }
    return { value, source: r.value, quoted: r.type !== 'PLAIN', valueEnd: r.range[1], end: r.range[2] };
  }

  /** A scalar as the AWS CLI reads it (the composer path builds it with the same function). */
  private scalar(token: ScalarToken): { node: Node; end: number } {
    const { value, source, quoted, valueEnd, end } = this.resolve(token);
    const { node, issue } = this.scalarNode({
      value,
      source,
      plain: !quoted,
      tag: undefined,
      version: '1.2',
      start: token.offset,
      end: valueEnd,
    });
    if (issue) this.issues.push(issue);
    return { node, end };
  }

  private map(bm: CST.BlockMap, depth: number): { node: Node; end: number } {
    const obj: ObjectNode = { type: 'object', start: bm.offset, end: bm.offset, properties: [], flow: false };
    let offset = bm.offset;
    for (const { start, key, sep, value } of bm.items) {
      const keyProps = props(start, undefined, true, offset);
      if (!key || !sep || !value) bail();
      if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') bail();
      if (key.indent !== bm.indent || key.source.includes('\n') || key.source.includes('\r')) bail();
      if (key.end?.some(t => t.type === 'newline')) bail();
      if (key.type === 'scalar' && key.source === '<<') bail(); // a merge key
      const k = this.resolve(key);
      // A `:` on a later line than its key: the composer path reports it.
      for (const t of sep) {
        if (t.type === 'map-value-ind') break;
        if (t.type === 'newline') bail();
      }
      const valueProps = props(sep, 'map-value-ind', false, k.valueEnd);
      if (!valueProps.found || keyProps.end < valueProps.found.offset - 1024) bail();
      if (value.type === 'block-map' && !valueProps.hasNewline) bail();
      const v = this.node(value, depth + 1);
      offset = v.end;
      const keyStart = key.offset;
      const keyEnd = k.valueEnd;
      const prop: PropertyNode = {
        key: this.keyString(k.value),
        keyStart,
        keyEnd,
        value: v.node,
        start: keyStart,
        end: Math.max(v.node.end, keyEnd),
      };
      obj.properties.push(prop);
    }
    obj.end = offset;
    return { node: obj, end: offset };
  }

  private seq(bs: CST.BlockSequence, depth: number): { node: Node; end: number } {
    let offset = bs.offset;
    const items: Node[] = [];
    for (const { start, value } of bs.items) {
      if (!props(start, 'seq-item-ind', true, offset).found || !value) bail();
      const v = this.node(value, depth + 1);
      offset = v.end;
      items.push(v.node);
    }
    return { node: { type: 'array', start: bs.offset, end: offset, items, flow: false }, end: offset };
  }
}
