/**
 * What the shape walk of a request file found in each item of its top-level lists (each tag specification, say),
 * kept with the document's tree so that the walk after an edit can take over the findings of the items the edit did
 * not touch, moved by the change in length, instead of walking them again. Used only when the new tree came from the
 * old one by `parse/json-reparse.ts` (both parsed without an issue): an item outside the edited region then has the
 * same text, so the same subtree; its findings also depend on its path (its index) and its shape, which must match.
 * `test/unit/reparse.test.ts` holds the result to a full analysis.
 */
import type { ParsedDocument, ParsedFile } from '../parse';
import type { Node } from '../parse/ast';
import type { TextEdit } from '../parse/json-reparse';
import type { Shape } from '../model/shapes';
import type { Finding } from './context';

interface ItemRecord {
  end: number;
  path: string;
  shape: Shape;
  findings: Finding[];
}

const CACHES = new WeakMap<ParsedDocument, WalkCache>();

export class WalkCache {
  private readonly items = new Map<number, ItemRecord>();

  private constructor(private prior: { cache: WalkCache; edit: TextEdit } | undefined) {}

  /** The cache of a document's walk, with the walk of the text before the edit to take findings from. */
  static of(file: ParsedFile, doc: ParsedDocument): WalkCache {
    const edited = file.edited;
    const before = edited && edited.from.documents.length === 1 ? CACHES.get(edited.from.documents[0]) : undefined;
    const cache = new WalkCache(before && edited ? { cache: before, edit: edited.edit } : undefined);
    CACHES.set(doc, cache);
    return cache;
  }

  /** The findings of an item the edit left alone, moved to where it is now; undefined when it must be walked. */
  reuse(n: Node, path: string, shape: Shape): Finding[] | undefined {
    const prior = this.prior;
    if (!prior) return undefined;
    const { start, oldEnd, newEnd } = prior.edit;
    const delta = newEnd - oldEnd;
    let old: number;
    if (n.end <= start) old = n.start;
    else if (n.start >= newEnd) old = n.start - delta;
    else return undefined;
    const record = prior.cache.items.get(old);
    if (!record || record.end !== n.end - (old === n.start ? 0 : delta) || record.path !== path) return undefined;
    if (record.shape !== shape) return undefined;
    if (old === n.start) return record.findings;
    return record.findings.map(f => {
      const s = f.start >= oldEnd ? f.start + delta : f.start;
      const e = f.end >= oldEnd && f.end > start ? f.end + delta : f.end;
      return { ...f, start: s, end: Math.max(e, s) };
    });
  }

  record(n: Node, path: string, shape: Shape, findings: Finding[]): void {
    this.items.set(n.start, { end: n.end, path, shape, findings });
  }

  /** The walk is done: the walk before it is no longer needed. */
  done(): void {
    this.prior = undefined;
  }
}
