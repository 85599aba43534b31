/**
 * `verifiedIdentity/rangeOfPath`: the range of a member path in a document, so the extension can put an AWS error
 * (a `ValidationException.fieldList` path, an EC2 parameter) on the node it is about. Value range for scalars, key
 * range for objects and lists; for a missing member, the key of its deepest existing ancestor. (The request is
 * registered in `requests.ts`.)
 */
import type { RangeOfPathResult } from '../protocol';
import type { AnalyzedFile } from '../service';
import { isArray, isObject, isScalar, joinPath, type Node, type PropertyNode } from '../service/parse/ast';

type Segment = string | number;

/** `a.b[0].c` → `['a', 'b', 0, 'c']`. */
export function parseMemberPath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function rangeOfPath(file: AnalyzedFile, path: string, index = 0): RangeOfPathResult | null {
  const docs = file.parsed.documents;
  const doc = docs[index] ?? docs[0]; // a document's index is its position
  const lines = file.lines;
  const toRange = (start: number, end: number): RangeOfPathResult['range'] => ({
    start: lines.positionAt(start),
    end: lines.positionAt(end),
  });
  if (!doc?.root) {
    const start = doc?.start ?? 0;
    const line = lines.positionAt(start).line;
    return { range: toRange(start, lines.lineEnd(line)), exact: path === '', found: '' };
  }
  let node: Node | undefined = doc.root;
  let key: [number, number] | undefined;
  let found = '';
  let exact = true;
  for (const segment of parseMemberPath(path)) {
    if (typeof segment === 'number' && isArray(node) && segment < node.items.length) {
      node = node.items[segment];
      key = undefined;
    } else if (typeof segment === 'string' && isObject(node)) {
      const prop: PropertyNode | undefined = node.properties.find(p => p.key === segment);
      if (!prop) {
        exact = false;
        break;
      }
      node = prop.value;
      key = [prop.keyStart, prop.keyEnd];
    } else {
      exact = false;
      break;
    }
    found = joinPath(found, segment);
  }
  if (exact && node && isScalar(node)) return { range: toRange(node.start, node.end), exact, found };
  if (key) return { range: toRange(key[0], key[1]), exact, found };
  // The root itself (or an array item that is a structure): its first line.
  const start = node?.start ?? doc.root.start;
  return {
    range: toRange(start, Math.min(lines.lineEnd(lines.positionAt(start).line), node?.end ?? start)),
    exact,
    found,
  };
}
