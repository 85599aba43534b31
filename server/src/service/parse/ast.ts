/**
 * The format-neutral syntax tree that every rule and feature works on. JSON and YAML parsers both produce it, with
 * offsets into the original text. YAML aliases resolve to the anchored node itself (shared, never copied).
 */

export type Node = ObjectNode | ArrayNode | ScalarNode;

interface NodeBase {
  start: number;
  end: number;
}

export interface ObjectNode extends NodeBase {
  type: 'object';
  properties: PropertyNode[];
  /** YAML flow (`{}`) or JSON; false for YAML block mappings. */
  flow: boolean;
}

export interface PropertyNode {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Undefined when the value is missing entirely (JSON error recovery). */
  value: Node | undefined;
  /** From the key's start to the value's end. */
  start: number;
  end: number;
  /** Set for properties that came in through a YAML merge key (`<<: *anchor`). */
  merged?: boolean;
  /**
   * Set on a property that a later one with the same key overrides: the AWS CLI sends only the last value of a JSON
   * member, so checks and `findProperty` skip this one.
   */
  superseded?: boolean;
}

export interface ArrayNode extends NodeBase {
  type: 'array';
  items: Node[];
  flow: boolean;
}

/** The scalar types the AWS CLI can hand to botocore: JSON's, plus the dates and bytes of its YAML loader. */
export type ScalarType = 'string' | 'number' | 'boolean' | 'null' | 'date' | 'bytes';

/**
 * What the AWS CLI's YAML loader makes of a scalar, where that is not what YAML 1.2's core schema makes of it
 * (`parse/cli-yaml.ts`): `1_000` is an integer, `0b101` a binary integer, `2024-06-01` a date,
 * `2024-06-01T10:00:00Z` a date and time, `!!binary aGk=` bytes, `.5e3` a string.
 */
export type CliYamlType =
  'string' | 'boolean' | 'null' | 'integer' | 'binary integer' | 'float' | 'date' | 'datetime' | 'bytes';

export interface ScalarNode extends NodeBase {
  /** The type the AWS CLI reads: JSON's type, or for YAML what its loader builds (see `cli`). */
  type: ScalarType;
  /** The value as read; dates and bytes keep their text. */
  value: string | number | boolean | null;
  /** True for YAML quoted or block scalars and all JSON strings. */
  quoted: boolean;
  /** YAML: the scalar's explicit tag, resolved (`tag:yaml.org,2002:binary` for `!!binary`), when it has one. */
  tag?: string;
  /**
   * YAML: set only where the AWS CLI's loader reads the scalar as another type than the YAML library does (its
   * YAML 1.2 core schema); `type` and `value` are then the CLI's reading, and this says which of its types it is.
   */
  cli?: CliYamlType;
}

export function isObject(n: Node | undefined): n is ObjectNode {
  return n?.type === 'object';
}

export function isArray(n: Node | undefined): n is ArrayNode {
  return n?.type === 'array';
}

export function isScalar(n: Node | undefined): n is ScalarNode {
  return n !== undefined && n.type !== 'object' && n.type !== 'array';
}

/** The member `key` of an object: the last one when the key repeats (the value the AWS CLI sends). */
export function findProperty(obj: ObjectNode, key: string): PropertyNode | undefined {
  for (const p of obj.properties) if (p.key === key && p.superseded !== true) return p;
  return undefined;
}

export function getValue(obj: Node | undefined, key: string): Node | undefined {
  return isObject(obj) ? findProperty(obj, key)?.value : undefined;
}

/** The scalar that starts at `offset`, if any (parse problems carry a range, not a member path). */
export function scalarStartingAt(root: Node | undefined, offset: number): ScalarNode | undefined {
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): ScalarNode | undefined => {
    if (!n || seen.has(n) || offset < n.start || offset > n.end) return undefined;
    seen.add(n);
    if (n.type === 'object') {
      for (const p of n.properties) {
        const found = walk(p.value);
        if (found) return found;
      }
      return undefined;
    }
    if (n.type === 'array') {
      for (const i of n.items) {
        const found = walk(i);
        if (found) return found;
      }
      return undefined;
    }
    return n.start === offset ? n : undefined;
  };
  return walk(root);
}

/** Plain JavaScript value of a node (used for comparisons and export). Bounded by the tree size. */
export function toJs(n: Node | undefined): unknown {
  if (!n) return undefined;
  if (n.type === 'object') {
    const o: Record<string, unknown> = {};
    for (const p of n.properties) {
      // A `__proto__` member is data like any other: assigning it would replace the object's prototype instead.
      if (p.key === '__proto__')
        Object.defineProperty(o, p.key, { value: toJs(p.value), enumerable: true, writable: true, configurable: true });
      else o[p.key] = toJs(p.value);
    }
    return o;
  }
  if (n.type === 'array') return n.items.map(toJs);
  return n.value;
}

/** Member path syntax of SPEC §3: `a.b[0].c`. */
export function joinPath(parent: string, segment: string | number): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  return parent ? `${parent}.${segment}` : segment;
}
