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
}

export interface ArrayNode extends NodeBase {
  type: 'array';
  items: Node[];
  flow: boolean;
}

export type ScalarType = 'string' | 'number' | 'boolean' | 'null';

export interface ScalarNode extends NodeBase {
  type: ScalarType;
  value: string | number | boolean | null;
  /** True for YAML quoted or block scalars and all JSON strings. */
  quoted: boolean;
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

export function findProperty(obj: ObjectNode, key: string): PropertyNode | undefined {
  for (const p of obj.properties) if (p.key === key) return p;
  return undefined;
}

export function getValue(obj: Node | undefined, key: string): Node | undefined {
  return isObject(obj) ? findProperty(obj, key)?.value : undefined;
}

/** Plain JavaScript value of a node (used for comparisons and export). Bounded by the tree size. */
export function toJs(n: Node | undefined): unknown {
  if (!n) return undefined;
  if (n.type === 'object') {
    const o: Record<string, unknown> = {};
    for (const p of n.properties) o[p.key] = toJs(p.value);
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
