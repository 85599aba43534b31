/**
 * A template's syntax tree as plain data for the conversions: literals as they are, intrinsic functions replaced by
 * placeholders (recorded with their paths), `Ref: AWS::NoValue` removed, `Fn::Sub` without variables as its string.
 * Duplicate keys: the last one counts (as elsewhere in the service).
 */
import { joinPath, type Node } from '../parse/ast';
import { intrinsicOf, isNoValue, literalOf, placeholderText } from './intrinsics';
import type { Placeholder } from './types';

const NO_VALUE = Symbol('no value');

export function plainOf(node: Node | undefined, text: string, placeholders: Placeholder[], path = ''): unknown {
  const v = walk(node, text, placeholders, path);
  return v === NO_VALUE ? undefined : v;
}

function walk(node: Node | undefined, text: string, placeholders: Placeholder[], path: string): unknown {
  if (!node) return null;
  const intrinsic = intrinsicOf(node, text);
  if (intrinsic) {
    if (isNoValue(intrinsic)) return NO_VALUE;
    const literal = literalOf(intrinsic);
    if (literal) return literal.value;
    const placeholder = placeholderText(intrinsic);
    placeholders.push({ path, fn: intrinsic.fn, text: placeholder });
    return placeholder;
  }
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (p.superseded === true) continue;
      const v = walk(p.value, text, placeholders, joinPath(path, p.key));
      if (v === NO_VALUE) continue;
      // A `__proto__` member is data like any other (assigning it would replace the prototype).
      Object.defineProperty(out, p.key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (node.type === 'array') {
    const items: unknown[] = [];
    for (const item of node.items) {
      const v = walk(item, text, placeholders, joinPath(path, items.length));
      if (v !== NO_VALUE) items.push(v);
    }
    return items;
  }
  return node.value;
}
