/** The document, member path and node under an offset (hover, code actions). */
import { documentKind } from '../association';
import type { ParsedDocument } from '../parse';
import type { Node, PropertyNode } from '../parse/ast';
import type { RequestFile } from '../service';
import type { Kind } from '../types';
import type { PathSegment } from './shape-path';

export interface Located {
  doc: ParsedDocument;
  kind: Kind;
  path: PathSegment[];
  /** The value node at `path` (undefined when the offset is on a key whose value is missing). */
  node?: Node;
  /** The property whose key or value holds the offset. */
  prop?: PropertyNode;
  onKey: boolean;
}

/**
 * The document at `offset` and its kind as the checks decide it (`checkFileSteps`: from the root's members, for the
 * documents checked), read from the syntax tree without running the checks.
 */
export function documentAt(file: RequestFile, offset: number): { doc: ParsedDocument; kind: Kind } | undefined {
  const docs = file.parsed.documents;
  for (const doc of docs) {
    if (offset >= doc.start && offset <= doc.end) {
      const { base, forced } = file.association;
      const checked =
        doc.root !== undefined ||
        doc.issues.length > 0 ||
        (doc === docs[0] && docs.every(d => d.root === undefined && d.issues.length === 0));
      return { doc, kind: checked ? documentKind(base, doc.root, forced) : base };
    }
  }
  return undefined;
}

export function locate(file: RequestFile, offset: number): Located | undefined {
  const at = documentAt(file, offset);
  if (!at?.doc.root) return undefined;
  const path: PathSegment[] = [];
  let node: Node | undefined = at.doc.root;
  let prop: PropertyNode | undefined;
  let onKey = false;
  for (let depth = 0; node && depth < 256; depth++) {
    let next: Node | undefined;
    if (node.type === 'object') {
      for (const p of node.properties) {
        if (p.merged) continue;
        if (offset >= p.keyStart && offset <= p.keyEnd) {
          path.push(p.key);
          return { ...at, path, node: p.value, prop: p, onKey: true };
        }
        if (p.value && offset >= p.value.start && offset <= p.value.end) {
          path.push(p.key);
          prop = p;
          next = p.value;
          break;
        }
      }
    } else if (node.type === 'array') {
      const i = node.items.findIndex(item => offset >= item.start && offset <= item.end);
      if (i >= 0) {
        path.push(i);
        next = node.items[i];
        prop = undefined;
      }
    }
    if (!next) break;
    node = next;
    onKey = false;
  }
  return { ...at, path, node, prop, onKey };
}
