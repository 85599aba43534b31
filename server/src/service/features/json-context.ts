/**
 * Where the cursor is in a JSON document: the path, key or value position, and what to replace (jsonc-parser). With
 * the document's syntax tree, only the innermost object or array around the cursor is scanned, not the text before it.
 */
import { getLocation, type Location } from 'jsonc-parser';
import type { Node, PropertyNode } from '../parse/ast';
import type { ParseIssue } from '../parse/issues';
import type { PathSegment } from './shape-path';

export interface JsonKeyContext {
  mode: 'key';
  path: PathSegment[];
  replaceStart: number;
  replaceEnd: number;
  /** A comma is needed before / after the inserted member to keep the JSON valid. */
  commaBefore: boolean;
  commaAfter: boolean;
  /** The rest after the replaced key already has `:` (insert only the name). */
  hasColon: boolean;
}

export interface JsonValueContext {
  mode: 'value';
  path: PathSegment[];
  replaceStart: number;
  replaceEnd: number;
}

export type JsonContext = JsonKeyContext | JsonValueContext;

function prevSignificant(text: string, i: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) if (!/\s/.test(text[j])) return text[j];
  return undefined;
}

function nextSignificant(text: string, i: number): string | undefined {
  for (let j = i; j < text.length; j++) if (!/\s/.test(text[j])) return text[j];
  return undefined;
}

/** The syntax tree of the document (`ParsedDocument`): where it is missing, the whole text before the cursor is read. */
export interface JsonTree {
  root: Node | undefined;
  issues: readonly ParseIssue[];
}

/** The first index in `xs` (sorted by `start`) whose element starts at or after `offset`. */
function firstStartingFrom(xs: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The innermost object or array whose brackets hold `offset` (strictly inside), and its path from the root, in a
 * tree with no syntax problem before that container starts: from its opening bracket on, jsonc-parser reads the text
 * as it would from the file's start. Undefined when the root itself is the answer or no such container is known.
 */
function innermostContainer(tree: JsonTree, offset: number): { node: Node; path: PathSegment[] } | undefined {
  const root = tree.root;
  if (!root || (root.type !== 'object' && root.type !== 'array') || root.start >= offset) return undefined;
  let node: Node = root;
  const path: PathSegment[] = [];
  let found: { node: Node; path: PathSegment[] } | undefined;
  for (let depth = 0; depth < 512; depth++) {
    let next: Node | undefined;
    let seg: PathSegment | undefined;
    if (node.type === 'object') {
      const i: number = firstStartingFrom(node.properties, offset) - 1;
      const p: PropertyNode | undefined = i >= 0 ? node.properties[i] : undefined;
      if (p?.value && p.value.start < offset && offset < p.value.end) {
        next = p.value;
        seg = p.key;
      }
    } else if (node.type === 'array') {
      const i = firstStartingFrom(node.items, offset) - 1;
      const item = i >= 0 ? node.items[i] : undefined;
      if (item && item.start < offset && offset < item.end) {
        next = item;
        seg = i;
      }
    }
    if (!next || seg === undefined || (next.type !== 'object' && next.type !== 'array')) break;
    path.push(seg);
    node = next;
    found = { node, path: path.slice() };
  }
  if (!found) return undefined;
  const start = found.node.start;
  // Error recovery before the container may have read its brackets otherwise than jsonc-parser does.
  if (tree.issues.some(i => i.start < start)) return undefined;
  return found;
}

/** jsonc-parser's location of `offset`, read from the innermost container around it when the tree gives one. */
function locationAt(text: string, offset: number, tree: JsonTree | undefined): Location {
  const inner = tree && innermostContainer(tree, offset);
  if (!inner) return getLocation(text, offset);
  const start = inner.node.start;
  const loc = getLocation(text.slice(start), offset - start);
  const prev = loc.previousNode;
  return {
    ...loc,
    path: [...inner.path, ...loc.path],
    previousNode: prev && { ...prev, offset: prev.offset + start },
  };
}

/**
 * The last answer per tree: completion asks twice for the same position (its own items, then live ones). Held no
 * longer than the tree is.
 */
const last = new WeakMap<JsonTree, { text: string; offset: number; context: JsonContext | undefined }>();

export function jsonContext(text: string, offset: number, tree?: JsonTree): JsonContext | undefined {
  if (!tree) return contextAt(text, offset, undefined);
  let known = last.get(tree);
  if (known?.offset !== offset || known.text !== text) {
    known = { text, offset, context: contextAt(text, offset, tree) };
    last.set(tree, known);
  }
  return known.context && { ...known.context, path: known.context.path.slice() };
}

function contextAt(text: string, offset: number, tree: JsonTree | undefined): JsonContext | undefined {
  const loc = locationAt(text, offset, tree);
  const prev = loc.previousNode;
  const path = loc.path.slice() as PathSegment[];
  if (loc.isAtPropertyKey) {
    let start = offset;
    let end = offset;
    if (prev && prev.type === 'property' && prev.offset <= offset && offset <= prev.offset + prev.length) {
      start = prev.offset;
      end = prev.offset + prev.length;
    } else {
      while (start > 0 && /[A-Za-z0-9_-]/.test(text[start - 1])) start--;
    }
    const before = prevSignificant(text, start);
    const after = nextSignificant(text, end);
    return {
      mode: 'key',
      path: path.slice(0, -1),
      replaceStart: start,
      replaceEnd: end,
      commaBefore: before !== undefined && before !== '{' && before !== ',',
      commaAfter: after === '"',
      hasColon: after === ':',
    };
  }
  if (path.length === 0) return undefined;
  // After a complete value (`"a": "x" |`, `"a": 1 Pol|`): a new member of the enclosing object is being started.
  const insideToken = prev !== undefined && prev.offset <= offset && offset <= prev.offset + prev.length;
  let wordStart = offset;
  while (wordStart > 0 && /[A-Za-z0-9_-]/.test(text[wordStart - 1])) wordStart--;
  const beforeWord = prevSignificant(text, wordStart);
  if (
    !insideToken &&
    beforeWord !== undefined &&
    !':,[{'.includes(beforeWord) &&
    typeof path[path.length - 1] === 'string'
  ) {
    return {
      mode: 'key',
      path: path.slice(0, -1),
      replaceStart: wordStart,
      replaceEnd: offset,
      commaBefore: true,
      commaAfter: nextSignificant(text, offset) === '"',
      hasColon: false,
    };
  }
  let start = offset;
  let end = offset;
  if (
    prev &&
    prev.type !== 'property' &&
    prev.type !== 'object' &&
    prev.type !== 'array' &&
    prev.offset <= offset &&
    offset <= prev.offset + prev.length
  ) {
    start = prev.offset;
    end = prev.offset + prev.length;
  } else {
    while (start > 0 && /[A-Za-z0-9_.:-]/.test(text[start - 1])) start--;
    while (end < text.length && /[A-Za-z0-9_.:-]/.test(text[end])) end++;
  }
  return { mode: 'value', path, replaceStart: start, replaceEnd: end };
}
