/**
 * Code actions: the quick fixes of SPEC §3 (rename to the suggested member, remove an extra union member or a
 * misplaced one, insert missing required members, `DryRun: false`, fix an enum value, move a literal secret to
 * secret storage) and one refactoring (turn a create request into an update request).
 */
import { KINDS, updateKindOf } from '../model/kinds';
import type { Shape } from '../model/shapes';
import {
  findProperty,
  getValue,
  isArray,
  isObject,
  isScalar,
  scalarStartingAt,
  type Node,
  type ObjectNode,
  type PropertyNode,
} from '../parse/ast';
import type { ParsedDocument } from '../parse';
import { keyLabel, shorten } from '../rules/describe';
import { secretNameFor } from '../secrets';
import type { AnalyzedFile, RequestFile } from '../service';
import type { CodeAction, Diagnostic, Kind, Range } from '../types';
import {
  deleteProperty,
  insertMembers,
  quoteScalar,
  renameKey,
  replaceValue,
  scalarText,
  toTextEdits,
  type OffsetEdit,
} from './edits';
import { shapeAtPath, type PathSegment, type ShapeAt } from './shape-path';
import { SEMANTIC_RULES } from '../rules/semantic';

const SEMANTIC_CODES = new Set(SEMANTIC_RULES.map(r => r.code));

/** Parses a diagnostic path (`a.b[0].c`) back into segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function nodeAt(root: Node | undefined, path: readonly PathSegment[]): Node | undefined {
  let n = root;
  for (const seg of path) {
    n = typeof seg === 'number' ? (isArray(n) ? n.items[seg] : undefined) : getValue(n, seg);
    if (!n) return undefined;
  }
  return n;
}

/** The property at `path` (its last segment is a key) and the object holding it. */
function propertyAt(
  root: Node | undefined,
  path: readonly PathSegment[],
): { obj: ObjectNode; prop: PropertyNode } | undefined {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const obj = nodeAt(root, path.slice(0, -1));
  if (!isObject(obj)) return undefined;
  const prop = findProperty(obj, key);
  return prop ? { obj, prop } : undefined;
}

export function placeholderValue(_file: AnalyzedFile, shape: Shape | undefined): string {
  if (!shape) return '""';
  switch (shape.type) {
    case 'boolean':
      return 'false';
    case 'integer':
      return '0';
    case 'list':
      return '[]';
    case 'structure':
      return '{}';
    default:
      return '""';
  }
}

/** What the fixes work on: a document, the shapes of its paths, and the actions found so far. */
export interface Ctx {
  file: AnalyzedFile;
  doc: ParsedDocument;
  /** The request kind of the document (request files only: the create → update refactoring needs it). */
  kind?: Kind;
  /** The shape at a path of the document (from its root). */
  shapeAt(path: readonly PathSegment[]): ShapeAt | undefined;
  /** What the document calls its members in titles: `member` (requests, the default) or `property` (templates). */
  term?: 'member' | 'property';
  actions: CodeAction[];
}

export function push(
  ctx: Ctx,
  title: string,
  d: Diagnostic | undefined,
  edits: (OffsetEdit | undefined)[],
  preferred = false,
): void {
  const real = edits.filter((e): e is OffsetEdit => e !== undefined);
  if (real.length === 0) return;
  ctx.actions.push({
    title,
    kind: d ? 'quickfix' : 'refactor.rewrite',
    diagnostics: d ? [d] : [],
    edits: toTextEdits(ctx.file, real),
    ...(preferred ? { isPreferred: true } : {}),
  });
}

/** Inserting members into the object at `objPath` (or making the missing/null value at `objPath` an object). */
function insertAt(
  ctx: Ctx,
  objPath: PathSegment[],
  names: string[],
  values: Record<string, string> = {},
): OffsetEdit | undefined {
  const root = ctx.doc.root;
  const target = nodeAt(root, objPath);
  const at = ctx.shapeAt(objPath);
  const struct = at?.shape.type === 'structure' ? at.shape : undefined;
  const members = names.map(
    n => [n, values[n] ?? placeholderValue(ctx.file, struct?.members[n]?.shape)] as [string, string],
  );
  if (isObject(target)) return insertMembers(ctx.file, target, undefined, members);
  const owner = objPath.length ? propertyAt(root, objPath)?.prop : undefined;
  if (owner && (!owner.value || owner.value.type === 'null')) return insertMembers(ctx.file, undefined, owner, members);
  return undefined;
}

export function fixesFor(ctx: Ctx, d: Diagnostic): void {
  const root = ctx.doc.root;
  const path = parsePath(d.path);
  const data = d.data ?? {};
  const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
  switch (d.code) {
    case 'unknown-member':
    case 'duplicate-key': {
      const target = propertyAtRange(root, ctx.file, d);
      if (!target) return;
      if (suggestion && d.code === 'unknown-member') {
        push(
          ctx,
          `Rename '${keyLabel(target.prop.key)}' to '${suggestion}'`,
          d,
          [renameKey(ctx.file, target.prop, suggestion)],
          true,
        );
      }
      push(
        ctx,
        `Remove '${keyLabel(target.prop.key)}'`,
        d,
        [deleteProperty(ctx.file, target.obj, target.prop)],
        !suggestion && data.otherKind === true,
      );
      return;
    }
    case 'union-multiple':
    case 'provider-type-mismatch':
    case 'identity-center-options': {
      const target = propertyAtRange(root, ctx.file, d);
      if (target)
        push(
          ctx,
          `Remove '${keyLabel(target.prop.key)}'`,
          d,
          [deleteProperty(ctx.file, target.obj, target.prop)],
          true,
        );
      return;
    }
    case 'missing-required':
    case 'oidc-option-missing': {
      const member = typeof data.member === 'string' ? data.member : undefined;
      const all = Array.isArray(data.members) ? data.members : member ? [member] : [];
      if (!member) return;
      const objPath = path.slice(0, -1);
      const [one, many] = ctx.term === 'property' ? ['property', 'properties'] : ['member', 'members'];
      push(ctx, `Add missing ${one} '${member}'`, d, [insertAt(ctx, objPath, [member])], true);
      if (all.length > 1) push(ctx, `Add all missing ${many} (${all.join(', ')})`, d, [insertAt(ctx, objPath, all)]);
      return;
    }
    case 'user-type-required':
    case 'device-type-required':
    case 'device-options-required':
    case 'oidc-options-required':
    case 'tenant-id-required':
    case 'kms-key-arn':
    case 'tag-resource-type':
    case 'tag-key-required': {
      if (suggestion) {
        const node = nodeAt(root, path);
        if (node)
          push(
            ctx,
            `Change to '${shorten(suggestion)}'`,
            d,
            [replaceValue(node, scalarText(ctx.file, suggestion))],
            true,
          );
        return;
      }
      const member = typeof data.member === 'string' ? data.member : undefined;
      const known: Record<string, string> =
        member === 'ResourceType' ? { ResourceType: scalarText(ctx.file, 'verified-access-trust-provider') } : {};
      if (member) push(ctx, `Add '${member}'`, d, [insertAt(ctx, path.slice(0, -1), [member], known)], true);
      return;
    }
    case 'dry-run': {
      const node = nodeAt(root, path);
      if (node) push(ctx, 'Set DryRun to false', d, [replaceValue(node, 'false')], true);
      const p = propertyAt(root, path);
      if (p) push(ctx, 'Remove DryRun', d, [deleteProperty(ctx.file, p.obj, p.prop)]);
      return;
    }
    case 'enum':
    case 'crowdstrike-tenant-format':
    case 'cedar-unknown-entity-type':
    case 'oidc-issuer-mismatch': {
      const node = nodeAt(root, path);
      if (node && suggestion)
        push(
          ctx,
          `Change to '${shorten(suggestion)}'`,
          d,
          [replaceValue(node, scalarText(ctx.file, suggestion))],
          true,
        );
      return;
    }
    case 'literal-secret': {
      const node = nodeAt(root, path);
      if (!node) return;
      ctx.actions.push({
        title: 'Move the secret to secret storage and reference it',
        kind: 'quickfix',
        diagnostics: [d],
        edits: [],
        isPreferred: true,
        command: {
          command: 'verifiedIdentity.storeSecret',
          title: 'Move Secret to Secret Storage',
          arguments: [
            {
              uri: ctx.file.uri,
              range: ctx.file.lines.range(node.start, node.end),
              name: secretNameFor(ctx.file.uri, d.path),
            },
          ],
        },
      });
      return;
    }
    case 'oidc-endpoint-mismatch': {
      const holder = typeof data.holder === 'string' ? data.holder : undefined;
      const discovered = (data.discovered ?? {}) as Record<string, string>;
      if (!holder) return;
      const node = nodeAt(root, path);
      if (suggestion && node && typeof data.member === 'string') {
        push(
          ctx,
          `Use the discovery value for ${data.member}`,
          d,
          [replaceValue(node, scalarText(ctx.file, suggestion))],
          true,
        );
      }
      const obj = nodeAt(root, [holder]);
      if (!isObject(obj)) return;
      const edits: OffsetEdit[] = [];
      const add: [string, string][] = [];
      for (const [member, value] of Object.entries(discovered)) {
        const p = findProperty(obj, member);
        if (p?.value) {
          if (!(p.value.type === 'string' && p.value.value === value))
            edits.push(replaceValue(p.value, scalarText(ctx.file, value)));
        } else add.push([member, scalarText(ctx.file, value)]);
      }
      const ins = insertMembers(ctx.file, obj, undefined, add);
      if (ins) edits.push(ins);
      push(ctx, `Fill ${holder} endpoints from the discovery document`, d, edits, !suggestion);
      return;
    }
    case 'cli-yaml-type':
    case 'cli-yaml-unreadable': {
      // A plain, untagged scalar: quoting it makes the AWS CLI read its text as a string.
      const node = d.code === 'cli-yaml-type' ? nodeAt(root, path) : scalarStartingAt(root, d.offset);
      if (isScalar(node) && !node.quoted && node.tag === undefined)
        push(ctx, 'Quote the value (the AWS CLI then reads it as a string)', d, quoteScalar(ctx.file, node), true);
      return;
    }
    case 'cli-json-bom': {
      if (ctx.file.text.charCodeAt(0) === 0xfeff)
        push(ctx, 'Remove the byte-order mark', d, [{ start: 0, end: 1, newText: '' }], true);
      return;
    }
    case 'syntax': {
      if (/Trailing comma/.test(d.message))
        push(ctx, 'Remove the trailing comma', d, [{ start: d.offset, end: d.offset + 1, newText: '' }], true);
      return;
    }
  }
}

/** The property whose key the diagnostic covers (duplicates share a path, so match by range). */
export function propertyAtRange(
  root: Node | undefined,
  file: AnalyzedFile,
  d: Diagnostic,
): { obj: ObjectNode; prop: PropertyNode } | undefined {
  const start = file.lines.offsetAt(d.range.start);
  let found: { obj: ObjectNode; prop: PropertyNode } | undefined;
  const seen = new Set<Node>();
  const walk = (n: Node | undefined): void => {
    if (!n || found || seen.has(n)) return;
    seen.add(n);
    if (n.type === 'object') {
      for (const p of n.properties) {
        if (p.keyStart === start && !p.merged) {
          found = { obj: n, prop: p };
          return;
        }
        walk(p.value);
      }
    } else if (n.type === 'array') n.items.forEach(walk);
  };
  walk(root);
  return found;
}

/** Create → update: the refactoring offered anywhere in a create request. */
function toUpdate(ctx: Ctx): void {
  const root = ctx.doc.root;
  if (!isObject(root) || (ctx.kind !== 'identity-source' && ctx.kind !== 'trust-provider')) return;
  const file = ctx.file as RequestFile;
  const edits: OffsetEdit[] = [];
  const target = KINDS[updateKindOf(KINDS[ctx.kind].base)];
  const idKey = target.kind === 'identity-source-update' ? 'identitySourceId' : 'VerifiedAccessTrustProviderId';
  const keep = new Set(Object.keys(target.shape.members));
  const removed: string[] = [];
  for (const [i, p] of root.properties.entries()) {
    if (p.merged) continue;
    if (p.key === 'configuration') edits.push(renameKey(file, p, 'updateConfiguration'));
    else if (!keep.has(p.key)) {
      edits.push(deleteProperty(file, root, p, i));
      removed.push(keyLabel(p.key));
    } else if (p.key === 'DeviceOptions' && isObject(p.value)) {
      const tenant = findProperty(p.value, 'TenantId');
      if (tenant && p.value.properties.length === 1) {
        edits.push(deleteProperty(file, root, p, i));
        removed.push('DeviceOptions');
      } else if (tenant) {
        edits.push(deleteProperty(file, p.value, tenant));
        removed.push('DeviceOptions.TenantId');
      }
    }
  }
  // New first member: the ID of the resource to change (an empty placeholder, flagged until filled in).
  const first = root.properties.find(p => !p.merged);
  if (first && file.format === 'json') {
    const indent = /^[ \t]*/.exec(file.text.slice(file.text.lastIndexOf('\n', first.keyStart - 1) + 1))![0];
    edits.push({ start: first.keyStart, end: first.keyStart, newText: `${JSON.stringify(idKey)}: "",\n${indent}` });
  } else if (first && !root.flow) {
    const ls = file.text.lastIndexOf('\n', first.keyStart - 1) + 1;
    edits.push({ start: ls, end: ls, newText: `${' '.repeat(first.keyStart - ls)}${idKey}: ""\n` });
  } else if (first) {
    edits.push({ start: first.keyStart, end: first.keyStart, newText: `${idKey}: "", ` });
  }
  const named = removed.length > 6 ? [...removed.slice(0, 5), `${removed.length - 5} more`] : removed;
  const note = removed.length ? ` (drops ${named.join(', ')}, which cannot change after creation)` : '';
  ctx.actions.push({
    title: `Convert to ${/^[AEIOU]/.test(target.operation) ? 'an' : 'a'} ${target.operation} request${note}`,
    kind: 'refactor.rewrite',
    diagnostics: [],
    edits: toTextEdits(file, dedupe(edits)),
  });
}

/**
 * Makes edits safe to apply together: an insertion at the start of a replaced range joins that replacement, and
 * an edit overlapping an earlier one is dropped.
 */
function dedupe(edits: OffsetEdit[]): OffsetEdit[] {
  const sorted = edits.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: OffsetEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === last.end && e.start === last.start) {
      out[out.length - 1] = { start: e.start, end: e.end, newText: last.newText + e.newText };
      continue;
    }
    if (last && e.start < last.end) continue;
    out.push(e);
  }
  return out;
}

export function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActions(file: RequestFile, range: Range, editorDiagnostics: Diagnostic[]): CodeAction[] {
  const offset = file.lines.offsetAt(range.start);
  const results = file.results();
  const doc = file.parsed.documents.find(d => offset >= d.start && offset <= d.end) ?? file.parsed.documents[0];
  if (!doc) return [];
  const kind = results.find(r => r.index === doc.index)?.kind ?? file.association.base;
  const shape = KINDS[kind].shape;
  const ctx: Ctx = { file, doc, kind, shapeAt: path => shapeAtPath(shape, path), actions: [] };
  // Diagnostics are recomputed for the current text, so fixes never apply to stale ranges. Semantic ones (from the
  // schema or discovery) cannot be recomputed synchronously: those come from the editor.
  for (const d of file.diagnostics()) {
    if (d.document === doc.index && overlaps(d.range, range)) fixesFor(ctx, d);
  }
  for (const d of editorDiagnostics) {
    if (SEMANTIC_CODES.has(d.code) && (d.document ?? 0) === doc.index && overlaps(d.range, range)) fixesFor(ctx, d);
  }
  toUpdate(ctx);
  return distinct(ctx.actions);
}

/** The actions, each once (the same fix may come from several diagnostics). */
export function distinct(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter(a => {
    const key = `${a.title}\u0000${JSON.stringify(a.edits)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
