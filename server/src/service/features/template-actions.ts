/**
 * Quick fixes in CloudFormation templates (SPEC §9), for our diagnostics only (so only inside the three types'
 * resources): rename to the suggested property, remove an unknown, read-only or extra union property, insert missing
 * required properties (creating `Properties` when the resource has none), change a value to the suggested one, quote
 * a YAML 1.1 boolean, and name the suggested parameter or resource in a reference. The request files' fixes
 * (`actions.ts`) do the work where the code is the same; the shapes are the template's (`model/cloudformation.ts`).
 */
import { isScalar } from '../parse/ast';
import type { AnalyzedFile } from '../service';
import { templateDocument } from '../template/analyze';
import type { TemplateAnalysis, TemplateResource } from '../template/types';
import type { CodeAction, Diagnostic, Range } from '../types';
import {
  distinct,
  fixesFor,
  nodeAt,
  overlaps,
  parsePath,
  placeholderValue,
  propertyAtRange,
  push,
  type Ctx,
} from './actions';
import { deleteProperty as deleteOf, insertMembers, quoteScalar, type OffsetEdit } from './edits';
import { shapeAtPath, type PathSegment } from './shape-path';

/** Codes whose request-file fixes apply as they are (paths and property names are the template's). */
const SHARED = new Set([
  'unknown-member',
  'duplicate-key',
  'union-multiple',
  'missing-required',
  'enum',
  'provider-type-mismatch',
  'identity-center-options',
  'cedar-unknown-entity-type',
]);

/** Semantic codes whose fixes use the diagnostics the editor sends (they cannot be recomputed synchronously). */
const SEMANTIC = new Set(['cedar-unknown-entity-type']);

function resourceOf(analysis: TemplateAnalysis, path: readonly PathSegment[]): TemplateResource | undefined {
  if (path[0] !== 'Resources' || typeof path[1] !== 'string') return undefined;
  return analysis.resources.find(r => r.logicalId === path[1]);
}

export function templateCodeActions(file: AnalyzedFile, range: Range, editorDiagnostics: Diagnostic[]): CodeAction[] {
  const analysis = file.template();
  const doc = templateDocument(file.parsed);
  if (!analysis || !doc) return [];
  const ctx: Ctx = {
    file,
    doc,
    term: 'property',
    shapeAt: path => {
      const resource = resourceOf(analysis, path);
      return resource && path[2] === 'Properties' ? shapeAtPath(resource.info.properties, path.slice(3)) : undefined;
    },
    actions: [],
  };
  for (const d of file.diagnostics()) if (overlaps(d.range, range)) fixTemplate(ctx, analysis, d);
  for (const d of editorDiagnostics)
    if (SEMANTIC.has(d.code) && overlaps(d.range, range) && d.path.startsWith('Resources.')) fixesFor(ctx, d);
  return distinct(ctx.actions);
}

function fixTemplate(ctx: Ctx, analysis: TemplateAnalysis, d: Diagnostic): void {
  const path = parsePath(d.path);
  const resource = resourceOf(analysis, path);
  const root = ctx.doc.root;
  // Duplicate keys are syntax findings at `""`: only those inside our resources are ours.
  if (!resource && !(d.code === 'duplicate-key' && within(analysis, ctx.file.lines.offsetAt(d.range.start)))) return;
  if (d.code === 'missing-required' && resource && !resource.properties) {
    const all = Array.isArray(d.data?.members) ? d.data.members.filter((m): m is string => typeof m === 'string') : [];
    const member = typeof d.data?.member === 'string' ? d.data.member : undefined;
    if (!member) return;
    const one = insertProperties(ctx, resource, [member]);
    push(ctx, `Add 'Properties' with the required property '${member}'`, d, [one], true);
    if (all.length > 1)
      push(ctx, `Add 'Properties' with all required properties (${all.join(', ')})`, d, [
        insertProperties(ctx, resource, all),
      ]);
    return;
  }
  if (SHARED.has(d.code)) return fixesFor(ctx, d);
  switch (d.code) {
    case 'cfn-read-only-property': {
      const target = propertyAtRange(root, ctx.file, d);
      if (target) push(ctx, `Remove '${target.prop.key}'`, d, [deleteOf(ctx.file, target.obj, target.prop)], true);
      return;
    }
    case 'cfn-yaml-boolean': {
      const node = nodeAt(root, path);
      if (isScalar(node) && !node.quoted)
        push(ctx, 'Quote the value (CloudFormation then reads it as a string)', d, quoteScalar(ctx.file, node), true);
      return;
    }
    case 'cfn-unresolved-reference': {
      const suggestion = typeof d.data?.suggestion === 'string' ? d.data.suggestion : undefined;
      const edit = suggestion && renameReference(ctx.file, d, suggestion);
      if (edit) push(ctx, `Change to '${suggestion}'`, d, [edit], true);
      return;
    }
  }
}

const within = (analysis: TemplateAnalysis, offset: number) =>
  analysis.resources.some(r => offset >= r.key.keyStart && offset <= Math.max(r.key.end, r.node.end));

/**
 * The name a reference diagnostic covers, replaced by the suggested one: only when the range holds just that name
 * (`!Ref Nam`, `Ref: "Nam"`), not a `Fn::GetAtt` pair or a `Fn::Sub` string.
 */
function renameReference(file: AnalyzedFile, d: Diagnostic, suggestion: string): OffsetEdit | undefined {
  const start = file.lines.offsetAt(d.range.start);
  const end = file.lines.offsetAt(d.range.end);
  const m = /^(["']?)([A-Za-z0-9:]+)\1$/.exec(file.text.slice(start, end));
  if (!m || !/^[A-Za-z0-9:]+$/.test(suggestion)) return undefined;
  return { start, end, newText: `${m[1]}${suggestion}${m[1]}` };
}

/** `Properties` with the given required properties, added to a resource that has none. */
function insertProperties(ctx: Ctx, resource: TemplateResource, names: string[]): OffsetEdit | undefined {
  const { file } = ctx;
  const node = resource.node;
  const props = node.properties.filter(p => !p.merged);
  const last = props[props.length - 1];
  if (!last) return undefined;
  const values = names.map(n => [n, placeholderValue(file, resource.info.properties.members[n]?.shape)] as const);
  const lineStart = file.text.lastIndexOf('\n', last.keyStart - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  let value: string;
  if (file.format === 'json') {
    const inner = values.map(([n, v]) => `${indent}  ${JSON.stringify(n)}: ${v}`).join(',\n');
    value = `{\n${inner}\n${indent}}`;
  } else if (node.flow) {
    value = `{${values.map(([n, v]) => `${n}: ${v}`).join(', ')}}`;
  } else {
    const pad = ' '.repeat(last.keyStart - lineStart + 2);
    value = values.map(([n, v]) => `\n${pad}${n}: ${v}`).join('');
  }
  const edit = insertMembers(file, node, undefined, [['Properties', value]]);
  // A block value starts on the next line: no space after the colon.
  return edit && { ...edit, newText: edit.newText.replace(/Properties: \n/, 'Properties:\n') };
}
