/**
 * A template's syntax tree as plain data for the conversions: literals as they are, intrinsic functions replaced by
 * placeholders (recorded with their paths), `Ref: AWS::NoValue` removed, `Fn::Sub` without variables as its string.
 * Duplicate keys: the last one counts (as elsewhere in the service).
 */
import { joinPath, type Node } from '../parse/ast';
import { intrinsicOf, isNoValue, type Intrinsic } from '../template/intrinsics';
import type { Placeholder } from './types';

const NO_VALUE = Symbol('no value');

/** A name from the template (logical ID, parameter, attribute) safe to show in a placeholder, else undefined. */
function name(n: Node | undefined): string | undefined {
  return n && n.type === 'string' && typeof n.value === 'string' && /^[A-Za-z0-9:._-]{1,128}$/.test(n.value)
    ? n.value
    : undefined;
}

/** The text written in place of an intrinsic's value: `<Ref Store>`, `<Fn::GetAtt Store.Arn>`, `<Fn::Sub>`. */
function placeholderText(i: Intrinsic): string {
  let target: string | undefined;
  if (i.name === 'Ref' || i.name === 'Fn::ImportValue') target = name(i.arg);
  else if (i.name === 'Fn::GetAtt') {
    if (i.arg?.type === 'array' && i.arg.items.length === 2) {
      const [a, b] = i.arg.items.map(name);
      target = a && b ? `${a}.${b}` : undefined;
    } else target = name(i.arg);
  }
  return target ? `<${i.name} ${target}>` : `<${i.name}>`;
}

/**
 * The literal an intrinsic stands for when it has one: `Fn::Sub` of a string without variables (`${!x}` is the
 * literal `${x}`).
 */
function literalOf(i: Intrinsic): { value: unknown } | undefined {
  if (i.name !== 'Fn::Sub' || i.arg?.type !== 'string' || typeof i.arg.value !== 'string') return undefined;
  const s = i.arg.value;
  if (/\$\{(?!!)/.test(s)) return undefined;
  return { value: s.replace(/\$\{!/g, '${') };
}

export function plainOf(node: Node | undefined, placeholders: Placeholder[], path = ''): unknown {
  const v = walk(node, placeholders, path);
  return v === NO_VALUE ? undefined : v;
}

function walk(node: Node | undefined, placeholders: Placeholder[], path: string): unknown {
  if (!node) return null;
  const intrinsic = intrinsicOf(node);
  if (intrinsic) {
    if (isNoValue(node)) return NO_VALUE;
    const literal = literalOf(intrinsic);
    if (literal) return literal.value;
    const placeholder = placeholderText(intrinsic);
    placeholders.push({ path, fn: intrinsic.name, text: placeholder });
    return placeholder;
  }
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (p.superseded === true) continue;
      const v = walk(p.value, placeholders, joinPath(path, p.key));
      if (v === NO_VALUE) continue;
      // A `__proto__` member is data like any other (assigning it would replace the prototype).
      Object.defineProperty(out, p.key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.type === 'array') {
    const items: unknown[] = [];
    for (const item of node.items) {
      const v = walk(item, placeholders, joinPath(path, items.length));
      if (v !== NO_VALUE) items.push(v);
    }
    return items;
  }
  return node.value;
}
