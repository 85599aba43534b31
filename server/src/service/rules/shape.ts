/** Shape: unknown members (with "did you mean"), types, required members, enums, lengths, patterns, list sizes, unions. */
import { joinPath, type Node, type ObjectNode, type PropertyNode, type ScalarNode } from '../parse/ast';
import { KINDS } from '../model/kinds';
import { YAML_TAG } from '../parse/cli-yaml';
import { fullMatch, PATTERN_HINTS } from '../model/pattern-hints';
import type { Shape, StringShape, StructureShape } from '../model/shapes';
import { suggest } from '../suggest';
import type { CheckContext, Reporter } from './context';
import { codePointLength, describeValue, keyLabel, quote } from './describe';
import { checkPlaceholder } from './hygiene';
import { R } from './shape-registry';
import { R as TEMPLATE } from './template';
import { WalkCache } from './shape-cache';

const CLI_READS: Record<NonNullable<ScalarNode['cli']>, string> = {
  string: 'a string',
  boolean: 'a boolean',
  null: 'null (no value)',
  integer: 'an integer',
  'binary integer': 'a binary integer',
  float: 'a floating-point number',
  date: 'a date',
  datetime: 'a date and time',
  bytes: 'bytes (binary data)',
};

/** A scalar's text as written, on one line and cut short; with its tag when it has one. */
function writtenText(text: string, n: ScalarNode): string {
  const raw = text.slice(n.start, n.end).replace(/\s+/g, ' ');
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return n.tag?.startsWith(YAML_TAG) ? `!!${n.tag.slice(YAML_TAG.length)} ${shown}` : shown;
}

/** Where a missing member or a union problem is shown: the parent's key, or the first key of the document. */
function anchorOf(obj: ObjectNode, owner: PropertyNode | undefined): [number, number] {
  if (owner) return [owner.keyStart, owner.keyEnd];
  const first = obj.properties[0];
  return first ? [first.keyStart, first.keyEnd] : [obj.start, Math.min(obj.start + 1, obj.end)];
}

const REQUIRED = new WeakMap<StructureShape, string[]>();

/** The required members of a structure, in the model's order (worked out once per shape, not per object). */
function requiredOf(shape: StructureShape): string[] {
  let names = REQUIRED.get(shape);
  if (!names) {
    names = Object.entries(shape.members)
      .filter(([, m]) => m.required)
      .map(([k]) => k);
    REQUIRED.set(shape, names);
  }
  return names;
}

/** The same structure in the sibling kind (create ↔ update), to explain members that belong to the other one. */
function counterpartMember(counterpart: StructureShape | undefined, key: string): StructureShape | undefined {
  const m = counterpart?.members[key] ?? counterpart?.members[key === 'updateConfiguration' ? 'configuration' : key];
  return m?.shape.type === 'structure' ? m.shape : undefined;
}

/**
 * What a template walk adds (`template/shape-hooks.ts`): values the walker cannot judge by itself (intrinsic
 * functions, dynamic references) and keys that are not properties (read-only ones, request members CloudFormation has
 * no property for).
 */
export interface WalkHooks {
  /** True when the hook judged the value (the walker then leaves it alone). */
  value(n: Node, shape: Shape, path: string, memberName: string): boolean;
  /** True when the hook reported the key (at the top of the properties, `depth` 0). */
  unknown(prop: PropertyNode, path: string, depth: number): boolean;
}

/** How a walk names things and where its paths start. */
export interface WalkOptions {
  /** Prepended to every path (`Resources.Okta.Properties`); '' for request files. */
  prefix: string;
  /** The whole value, for messages: `The CreateIdentitySource request`, `Resource 'Okta'`. */
  rootLabel: string;
  /** What holds the top-level members, for messages: `CreateIdentitySource`, `AWS::…::IdentitySource`. */
  rootOf: string;
  /** `member` (requests) or `property` (templates). */
  term: 'member' | 'property';
  casing: string;
  /** The key that holds the root (a template's `Properties`): missing members and unions are reported there. */
  rootOwner?: PropertyNode;
  /** The sibling kind (create ↔ update), to explain members that belong to it. */
  counterpart?: StructureShape;
  counterpartOp?: string;
  /** CloudFormation's reading: numbers and booleans pass to strings as text, "true" to booleans, "5" to integers. */
  coerce?: boolean;
  hooks?: WalkHooks;
}

export class ShapeWalker {
  private readonly counterpartOp: string | undefined;
  /** Request files: findings per item of the top-level lists, reused after an edit (`shape-cache.ts`). */
  private items: { cache: WalkCache; sink: CheckContext } | undefined;

  constructor(
    private readonly ctx: Reporter,
    private readonly options: WalkOptions,
  ) {
    this.counterpartOp = options.counterpartOp;
  }

  /** Entry: the document root against the kind's request shape. */
  static run(ctx: CheckContext, root: Node): void {
    const info = ctx.kind;
    const siblingKind = Object.values(KINDS).find(k => k.base === info.base && k.kind !== info.kind);
    const walker = new ShapeWalker(ctx, {
      prefix: '',
      rootLabel: `The ${info.operation} request`,
      rootOf: info.operation,
      term: 'member',
      casing: info.casing,
      counterpart: siblingKind?.shape,
      counterpartOp: siblingKind?.operation,
    });
    walker.items = { cache: WalkCache.of(ctx.file, ctx.doc), sink: ctx };
    walker.node(root, info.shape, '', undefined, siblingKind?.shape, info.shape.name);
    walker.items.cache.done();
    ctx.file.edited = undefined;
  }

  /** Entry: any value against any structure (a template resource's `Properties`). */
  static walk(reporter: Reporter, root: Node, shape: StructureShape, options: WalkOptions): void {
    const walker = new ShapeWalker(reporter, options);
    walker.node(
      root,
      shape,
      options.prefix,
      options.rootOwner,
      options.counterpart,
      options.rootOwner?.key ?? shape.name,
    );
  }

  /** A path without the prefix, for messages. */
  private rel(path: string): string {
    const p = this.options.prefix;
    return p && path.startsWith(p) ? path.slice(p.length).replace(/^\./, '') : path;
  }

  private node(
    n: Node,
    shape: Shape,
    path: string,
    owner: PropertyNode | undefined,
    counterpart: StructureShape | undefined,
    memberName: string,
    required = false,
  ): void {
    if (this.options.hooks?.value(n, shape, path, memberName)) return;
    switch (shape.type) {
      case 'structure':
        if (n.type !== 'object') return this.typeError(n, path, memberName, 'an object');
        return this.structure(n, shape, path, owner, counterpart);
      case 'list': {
        if (n.type !== 'array') return this.typeError(n, path, memberName, 'a list');
        const count = n.items.length;
        if ((shape.min !== undefined && count < shape.min) || (shape.max !== undefined && count > shape.max)) {
          const msg =
            shape.min !== undefined && count < shape.min
              ? `'${memberName}' needs at least ${shape.min} ${shape.min === 1 ? 'entry' : 'entries'}; it has ${count}.`
              : `'${memberName}' allows at most ${shape.max} entries; it has ${count}.`;
          this.ctx.report(R.listLength, n.start, n.end, path, msg, { data: { min: shape.min, max: shape.max } });
        }
        const items = n.items;
        // Only items that are structures are worth a record (a list of thousands of strings is walked faster).
        const cached = shape.member.type === 'structure' ? this.items : undefined;
        const outer = this.items;
        // Inside a cached item its lists are walked as part of it.
        this.items = undefined;
        for (let i = 0; i < items.length; i++) {
          const itemPath = `${path}[${i}]`;
          const reused = cached?.cache.reuse(items[i], itemPath, shape.member);
          if (cached && reused) {
            for (const f of reused) cached.sink.findings.push(f);
            cached.cache.record(items[i], itemPath, shape.member, reused);
            continue;
          }
          const from = cached?.sink.findings.length ?? 0;
          this.node(items[i], shape.member, itemPath, owner, undefined, `${memberName}[${i}]`);
          if (cached) cached.cache.record(items[i], itemPath, shape.member, cached.sink.findings.slice(from));
        }
        this.items = outer;
        return;
      }
      case 'string':
        if (n.type !== 'string') {
          if (this.options.coerce && (n.type === 'number' || n.type === 'boolean'))
            return this.coercedString(n, shape, path, memberName, required);
          if (n.type !== 'object' && n.type !== 'array' && n.cli) return this.cliType(n, shape, path, memberName);
          return this.typeError(n, path, memberName, 'a string', '', shape.sensitive);
        }
        return this.string(n.value as string, n, shape, path, memberName, required);
      case 'boolean':
        if (this.options.coerce && n.type === 'string' && /^(true|false)$/i.test(n.value as string)) return;
        if (n.type !== 'boolean') {
          const yamlHint =
            !this.options.coerce && n.type === 'string' && /^(yes|no|on|off|y|n)$/i.test(n.value as string)
              ? ` In YAML 1.2 (what the AWS CLI reads) ${quote(n.value as string)} is a string, not a boolean.`
              : '';
          return this.typeError(n, path, memberName, 'a boolean (true or false)', yamlHint);
        }
        return;
      case 'integer':
        if (this.options.coerce && n.type === 'string' && /^-?\d+$/.test(n.value as string)) return;
        if (n.type !== 'number' || !Number.isInteger(n.value)) return this.typeError(n, path, memberName, 'an integer');
        return;
    }
  }

  /**
   * A number or boolean given to a string property of a template: CloudFormation passes it on as text, so the text is
   * checked. A YAML 1.1 boolean (`OFF`) becomes "false", which is rarely what was meant.
   */
  private coercedString(n: ScalarNode, shape: StringShape, path: string, memberName: string, required: boolean): void {
    const text = n.type === 'boolean' ? String(n.value) : this.ctx.file.text.slice(n.start, n.end);
    if (n.yaml11Boolean) {
      const written = this.ctx.file.text.slice(n.start, n.end);
      const sink = new FindingCounter(this.ctx);
      const quiet = new ShapeWalker(sink, { ...this.options, hooks: undefined });
      quiet.string(text, n, shape, path, memberName, required);
      const broken = sink.count > 0;
      this.ctx.report(
        TEMPLATE.yamlBoolean,
        n.start,
        n.end,
        path,
        `'${memberName}' gets ${JSON.stringify(text)}: CloudFormation reads YAML 1.1, where an unquoted ${written} is the boolean ${text}${broken ? `, and ${JSON.stringify(text)} is not ${shape.enum ? `one of ${shape.enum.map(e => e.value).join(', ')}` : 'a valid value here'}` : ''}. Quote it to keep ${JSON.stringify(written)}.`,
        { severity: broken ? 'error' : 'warning', data: { suggestion: written } },
      );
      return;
    }
    this.string(text, n, shape, path, memberName, required);
  }

  private typeError(n: Node, path: string, memberName: string, expected: string, hint = '', sensitive = false): void {
    const scalar = n.type !== 'object' && n.type !== 'array';
    const what =
      scalar && n.cli
        ? this.asCliReads(n, sensitive)
        : scalar && sensitive
          ? `a value of type ${n.type}`
          : describeValue(n);
    this.ctx.report(R.wrongType, n.start, n.end, path, `'${memberName}' must be ${expected}, not ${what}.${hint}`, {
      data: { expected },
    });
  }

  /** A YAML scalar as written, and what the AWS CLI's loader makes of it. */
  private asCliReads(n: ScalarNode, sensitive = false): string {
    const written = sensitive ? 'this value' : writtenText(this.ctx.file.text, n);
    return `${written}, which the AWS CLI reads as ${CLI_READS[n.cli!]}`;
  }

  /** A string member given a YAML scalar that YAML 1.2 reads as a string but the AWS CLI does not. */
  private cliType(n: ScalarNode, shape: StringShape, path: string, memberName: string): void {
    const written = shape.sensitive ? 'this value' : writtenText(this.ctx.file.text, n);
    const fix = !n.quoted && n.tag === undefined ? ' Quote it to send it as a string.' : '';
    this.ctx.report(
      R.cliYamlType,
      n.start,
      n.end,
      path,
      `'${memberName}' must be a string, but the AWS CLI reads ${written} as ${CLI_READS[n.cli!]}, not a string.${fix}`,
      { data: { reads: n.cli } },
    );
  }

  private structure(
    obj: ObjectNode,
    shape: StructureShape,
    path: string,
    owner: PropertyNode | undefined,
    counterpart: StructureShape | undefined,
  ): void {
    const present = new Set<string>();
    const members = shape.members;
    const properties = obj.properties;
    for (let i = 0; i < properties.length; i++) {
      const prop = properties[i];
      if (prop.superseded) continue; // the AWS CLI sends the later value only
      const member = Object.prototype.hasOwnProperty.call(members, prop.key) ? members[prop.key] : undefined;
      const childPath = path ? `${path}.${prop.key}` : prop.key;
      if (!member) {
        if (this.options.hooks?.unknown(prop, childPath, path === this.options.prefix ? 0 : 1)) continue;
        this.unknown(prop, shape, childPath, path, present, counterpart);
        continue;
      }
      present.add(prop.key);
      if (prop.value === undefined) continue; // JSON recovery: the parser already reported the missing value
      const childCounterpart = counterpartMember(counterpart, prop.key);
      this.node(prop.value, member.shape, childPath, prop, childCounterpart, prop.key, member.required === true);
    }
    if (shape.union) return this.union(obj, shape, path, owner, present);
    const required = requiredOf(shape);
    if (required.every(k => present.has(k))) return;
    const missing = required.filter(k => !present.has(k));
    const [s, e] = anchorOf(obj, owner);
    for (const name of missing) {
      const where = owner ? `'${owner.key}'` : this.options.rootLabel;
      this.ctx.report(
        R.missingRequired,
        s,
        e,
        joinPath(path, name),
        `${where} is missing the required ${this.options.term} '${name}'.`,
        {
          data: { member: name, members: [...missing] },
        },
      );
    }
  }

  private union(
    obj: ObjectNode,
    shape: StructureShape,
    path: string,
    owner: PropertyNode | undefined,
    present: Set<string>,
  ): void {
    const names = Object.keys(shape.members);
    const label = owner ? `'${owner.key}'` : this.options.rootLabel;
    if (present.size === 0) {
      const [s, e] = anchorOf(obj, owner);
      this.ctx.report(
        R.unionNone,
        s,
        e,
        path,
        `${label} must set exactly one of ${names.map(n => `'${n}'`).join(', ')}; it sets none.`,
        {
          data: { members: names },
        },
      );
      return;
    }
    if (present.size > 1) {
      const set = obj.properties.filter(p => present.has(p.key));
      for (const extra of set.slice(1)) {
        this.ctx.report(
          R.unionMultiple,
          extra.keyStart,
          extra.keyEnd,
          path,
          `${label} must set exactly one of ${names.map(n => `'${n}'`).join(', ')}; it sets ${set.map(p => `'${p.key}'`).join(' and ')}.`,
          { data: { member: extra.key, members: set.map(p => p.key) } },
        );
      }
    }
  }

  private unknown(
    prop: PropertyNode,
    shape: StructureShape,
    path: string,
    /** The path of the object holding it (the key itself may hold dots). */
    parentPath: string,
    present: Set<string>,
    counterpart: StructureShape | undefined,
  ): void {
    const names = Object.keys(shape.members);
    const candidates = names.filter(n => !present.has(n) && !prop.key.startsWith('__'));
    const suggestion = suggest(prop.key, candidates);
    const parent = this.rel(parentPath);
    const where = parent ? `'${parent}'` : this.options.rootOf;
    let message = `'${keyLabel(prop.key)}' is not a ${this.options.term} of ${where}`;
    const data: Record<string, unknown> = {};
    if (suggestion) {
      const caseOnly = suggestion.toLowerCase() === prop.key.toLowerCase();
      message += caseOnly
        ? `. Did you mean '${suggestion}'? ${this.options.term === 'member' ? 'Member' : 'Property'} names are case-sensitive (${this.options.casing}).`
        : `. Did you mean '${suggestion}'?`;
      data.suggestion = suggestion;
    } else if (counterpart?.members[prop.key] && this.counterpartOp) {
      const fixed = counterpart.members[prop.key].createOnly;
      message += fixed
        ? `: it cannot be changed after creation (only ${this.counterpartOp} takes it).`
        : `: only ${this.counterpartOp} takes it.`;
      data.otherKind = true;
    } else {
      message += `. Expected one of: ${names.join(', ')}.`;
    }
    this.ctx.report(R.unknownMember, prop.keyStart, prop.keyEnd, path, message, { data });
  }

  string(value: string, n: Node, shape: StringShape, path: string, memberName: string, required: boolean): void {
    if (checkPlaceholder(this.ctx, value, n, shape, path, memberName, required)) return;
    if (shape.enum) {
      const ok = shape.enum.some(e => e.value === value);
      if (!ok) {
        const allowed = shape.allowed ?? shape.enum.map(e => e.value);
        const suggestion = suggest(value, allowed);
        const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
        this.ctx.report(
          R.enumValue,
          n.start,
          n.end,
          path,
          `'${memberName}' must be one of ${list}; got ${quote(value)}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
          { data: suggestion ? { suggestion } : {} },
        );
        return;
      }
    }
    if (shape.min !== undefined || shape.max !== undefined) {
      const len =
        value.length <= (shape.max ?? Infinity) && value.length >= (shape.min ?? 0)
          ? value.length
          : codePointLength(value);
      if ((shape.min !== undefined && len < shape.min) || (shape.max !== undefined && len > shape.max)) {
        const bounds =
          shape.max === undefined
            ? `at least ${shape.min}`
            : shape.min === undefined
              ? `at most ${shape.max}`
              : `${shape.min}–${shape.max}`;
        this.ctx.report(
          R.length,
          n.start,
          n.end,
          path,
          `'${memberName}' must be ${bounds} characters long; it has ${len}.`,
          {
            data: { min: shape.min, max: shape.max },
          },
        );
        return;
      }
    }
    if (shape.pattern !== undefined && !fullMatch(shape.pattern).test(value)) {
      const hint = PATTERN_HINTS[shape.pattern];
      this.ctx.report(
        R.pattern,
        n.start,
        n.end,
        path,
        `'${memberName}' must be ${hint ?? 'a string'} (pattern ${shape.pattern}, full match); got ${quote(value)}.`,
        { data: { pattern: shape.pattern } },
      );
    }
  }
}

/** Counts what would be reported, without reporting it (to ask whether a value passes). */
class FindingCounter implements Reporter {
  count = 0;
  constructor(private readonly inner: Reporter) {}
  get file() {
    return this.inner.file;
  }
  report(): void {
    this.count++;
  }
}
