/**
 * Incremental JSON parsing: the tree of a new text from the tree of the text before an edit, re-parsing only the
 * smallest object or array that holds the edited region (found by comparing the two texts: their common prefix and
 * suffix). Nodes wholly before the edit are shared with the old tree, nodes after it are copies moved by the length
 * change, the containers around the edit are new; the old tree is never changed.
 *
 * It answers only where the result is certainly the one `parseFile` gives the new text, else undefined (the caller then
 * parses in full): a request file (`cli` dialect) whose old parse had no issue at all (error recovery depends on the
 * context, duplicate keys on siblings), no byte-order mark, an edit strictly inside the container's brackets, and a
 * re-parse of the container's new text that is one complete value with no error, no `NaN`/`Infinity` (read
 * specially), within the depth limit, in a text the size and binary checks still pass. The container's brackets and
 * everything outside it are unchanged text that was valid before, and JSON's tokens do not reach across a bracket, so
 * the whole text parses to the same tree. `test/unit/reparse.test.ts` holds it to a full parse on seeded edits.
 */
import type { ArrayNode, Node, ObjectNode, PropertyNode } from './ast';
import { duplicateKeys, type ParsedFile } from './index';
import { parseJson } from './json';
import { LIMITS, looksBinary } from './limits';
import type { LineIndex } from './line-index';

type Container = ObjectNode | ArrayNode;

/** The edited region: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The region where two texts differ (their common prefix and suffix excluded); undefined when they are equal. */
export function diffRegion(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const n = Math.min(before.length, after.length);
  // Whole blocks first (string comparison is native), then character by character in the first block that differs.
  const BLOCK = 1024;
  let p = 0;
  while (p + BLOCK <= n && before.slice(p, p + BLOCK) === after.slice(p, p + BLOCK)) p += BLOCK;
  while (p < n && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  const room = n - p;
  while (
    s + BLOCK <= room &&
    before.slice(before.length - s - BLOCK, before.length - s) ===
      after.slice(after.length - s - BLOCK, after.length - s)
  ) {
    s += BLOCK;
  }
  while (s < room && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, oldEnd: before.length - s, newEnd: after.length - s };
}

/** `parseFile(uri, text, 'json', lines)` from the parse of an earlier text of the file, when it can be done in part. */
export function reparseJson(
  previous: ParsedFile,
  text: string,
  lines: LineIndex,
  /** `diffRegion(previous.text, text)`, when the caller has it already. */
  known?: TextEdit,
): ParsedFile | undefined {
  const doc = previous.documents[0];
  if (
    previous.format !== 'json' ||
    (previous.dialect ?? 'cli') !== 'cli' ||
    previous.refusal ||
    previous.documents.length !== 1 ||
    !doc?.root ||
    doc.issues.length > 0 ||
    text.charCodeAt(0) === 0xfeff ||
    previous.text.charCodeAt(0) === 0xfeff ||
    text.length > LIMITS.maxFileBytes
  ) {
    return undefined;
  }
  const edit = known ?? diffRegion(previous.text, text);
  if (!edit) return { ...previous, text, lines, documents: [{ ...doc, end: text.length }], edited: undefined };
  // The chain of containers from the root down to the smallest one whose brackets enclose the edit.
  const chain: { node: Container; child: number }[] = [];
  let node: Node = doc.root;
  if (node.type !== 'object' && node.type !== 'array') return undefined;
  for (;;) {
    const container: Container = node;
    if (!(container.start < edit.start && edit.oldEnd < container.end)) return undefined;
    let next = -1;
    const count = container.type === 'object' ? container.properties.length : container.items.length;
    for (let i = 0; i < count; i++) {
      const v = container.type === 'object' ? container.properties[i].value : container.items[i];
      if (v && (v.type === 'object' || v.type === 'array') && v.start < edit.start && edit.oldEnd < v.end) {
        next = i;
        break;
      }
    }
    chain.push({ node: container, child: next });
    if (next < 0) break;
    node = (container.type === 'object' ? container.properties[next].value : container.items[next]) as Container;
  }
  const target = chain[chain.length - 1].node;
  const delta = edit.newEnd - edit.oldEnd;
  const sub = text.slice(target.start, target.end + delta);
  if (sub.includes('NaN') || sub.includes('Infinity')) return undefined;
  if (looksBinary(text)) return undefined;
  const depthBefore = chain.length - 1;
  if (bracketDepthOver(sub, LIMITS.maxDepth - depthBefore)) return undefined;
  const parsed = parseJson(sub, 'cli');
  const root = parsed.root;
  if (parsed.issues.length > 0 || !root || root.type !== target.type || root.start !== 0 || root.end !== sub.length) {
    return undefined;
  }
  moveInPlace(root, target.start);
  const issues = duplicateKeys(root, 'json', 'cli');
  // Rebuild the chain bottom-up: each container is a new node with its child replaced and what follows moved.
  let replacement: Container = root;
  for (let k = chain.length - 2; k >= 0; k--) {
    const { node: parent, child } = chain[k];
    replacement = withChild(parent, child, replacement, delta);
  }
  // Only one step back is ever looked at: no chain of earlier trees is kept alive.
  previous.edited = undefined;
  return {
    uri: previous.uri,
    text,
    format: 'json',
    lines,
    documents: [{ index: 0, root: replacement, start: 0, end: text.length, issues }],
    dialect: previous.dialect,
    edited: { from: previous, edit },
  };
}

/** `bracketDepthExceeds` as a yes or no (the offset is the full parse's to report). */
function bracketDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return false;
}

/** A copy of `parent` whose child `index` is `value` and whose later children are moved by `delta`. */
function withChild(parent: Container, index: number, value: Container, delta: number): Container {
  if (parent.type === 'array') {
    const items = parent.items.slice();
    items[index] = value;
    for (let i = index + 1; i < items.length; i++) items[i] = moved(items[i], delta);
    return { ...parent, end: parent.end + delta, items };
  }
  const properties = parent.properties.slice();
  const p = properties[index];
  properties[index] = { ...p, value, end: p.end + delta };
  for (let i = index + 1; i < properties.length; i++) properties[i] = movedProperty(properties[i], delta);
  return { ...parent, end: parent.end + delta, properties };
}

/**
 * A copy of a subtree moved by `delta` (the subtree itself when `delta` is 0: nodes are never changed). Written out
 * member by member: the copies keep the shapes `parseJson` gives its nodes (a JSON tree has no YAML fields).
 */
function moved(n: Node, delta: number): Node {
  if (delta === 0) return n;
  if (n.type === 'object') {
    const properties = new Array<PropertyNode>(n.properties.length);
    for (let i = 0; i < properties.length; i++) properties[i] = movedProperty(n.properties[i], delta);
    return { type: 'object', start: n.start + delta, end: n.end + delta, properties, flow: n.flow };
  }
  if (n.type === 'array') {
    const items = new Array<Node>(n.items.length);
    for (let i = 0; i < items.length; i++) items[i] = moved(n.items[i], delta);
    return { type: 'array', start: n.start + delta, end: n.end + delta, items, flow: n.flow };
  }
  return { type: n.type, value: n.value, start: n.start + delta, end: n.end + delta, quoted: n.quoted };
}

function movedProperty(p: PropertyNode, delta: number): PropertyNode {
  if (delta === 0) return p;
  const copy: PropertyNode = {
    key: p.key,
    keyStart: p.keyStart + delta,
    keyEnd: p.keyEnd + delta,
    value: p.value && moved(p.value, delta),
    start: p.start + delta,
    end: p.end + delta,
  };
  if (p.superseded) copy.superseded = true;
  return copy;
}

/** Moves a freshly parsed subtree (nobody else holds it) by `delta`, in place. */
function moveInPlace(n: Node, delta: number): void {
  n.start += delta;
  n.end += delta;
  if (n.type === 'object') {
    for (const p of n.properties) {
      p.keyStart += delta;
      p.keyEnd += delta;
      p.start += delta;
      p.end += delta;
      if (p.value) moveInPlace(p.value, delta);
    }
  } else if (n.type === 'array') for (const i of n.items) moveInPlace(i, delta);
}
