/**
 * Completion in CloudFormation templates (SPEC §9), only where the three types are concerned: property names (required
 * first, with value snippets), nested members and enum values inside these resources' `Properties`; the three type
 * names as the `Type` of any resource; and a whole resource of each type where a new logical ID goes under
 * `Resources`. Nothing anywhere else: the rest of the template belongs to the other tools. The cursor's place comes
 * from the same text scans as in request files (`yaml-context.ts`, `json-context.ts`), the shapes from
 * `model/cloudformation.ts`.
 */
import { stringify } from 'yaml';
import {
  CFN_TYPE_NAMES,
  CFN_TYPES,
  isCfnTypeName,
  requestToProperties,
  type CfnTypeName,
} from '../model/cloudformation';
import type { Member } from '../model/shapes';
import { isObject } from '../parse/ast';
import type { LineIndex } from '../parse/line-index';
import { LIMITS, looksBinary } from '../parse/limits';
import type { AnalyzedFile } from '../service';
import { templateDocument } from '../template/analyze';
import { collectTemplate } from '../template/collect';
import type { TemplateModel } from '../template/types';
import type { CompletionItem, Range } from '../types';
import { jsonValueSnippet, memberItems, nodeAt, valueItems, yamlMemberSnippet } from './completion';
import { jsonContext } from './json-context';
import { shapeAtPath, type PathSegment } from './shape-path';
import { placeholder, placeholders, snippetText, TEMPLATES } from './templates';
import { yamlContext } from './yaml-context';

/** The template's model (its top-level sections only: no checks run), or undefined when it is not one of ours. */
export function templateModel(file: AnalyzedFile): TemplateModel | undefined {
  return collectTemplate(templateDocument(file.parsed)?.root);
}

export function completeTemplate(file: AnalyzedFile, offset: number): CompletionItem[] {
  if (file.text.length > LIMITS.maxFileBytes || looksBinary(file.text) || file.parsed.refusal) return [];
  const model = templateModel(file);
  if (!model) return [];
  return file.format === 'json' ? completeJson(file, model, offset) : completeYaml(file, model, offset);
}

/** Where the cursor is relative to the resources: `Resources` itself, a `Type` value, or inside `Properties`. */
type Place =
  { at: 'resources' } | { at: 'type' } | { at: 'properties'; type: CfnTypeName; path: PathSegment[] } | undefined;

function placeOf(path: PathSegment[], typeOf: (logicalId: string) => string | undefined): Place {
  if (path[0] !== 'Resources') return undefined;
  if (path.length === 1) return { at: 'resources' };
  const id = path[1];
  if (typeof id !== 'string') return undefined;
  if (path.length === 3 && path[2] === 'Type') return { at: 'type' };
  if (path[2] !== 'Properties') return undefined;
  const type = typeOf(id);
  return isCfnTypeName(type) ? { at: 'properties', type, path: path.slice(3) } : undefined;
}

// ─── YAML ────────────────────────────────────────────────────────────────────────────────────────────────────────

function completeYaml(file: AnalyzedFile, model: TemplateModel, offset: number): CompletionItem[] {
  const ctx = yamlContext(file.lines, offset);
  if (!ctx) return [];
  const cursorLine = file.lines.positionAt(offset).line;
  const typeOf = (id: string) => model.names.resources.get(id)?.type ?? yamlTypeFromText(file.lines, cursorLine, id);
  const place = placeOf(ctx.path, typeOf);
  if (!place) return [];
  if (ctx.mode === 'value') {
    const range = file.lines.range(ctx.valueStart, ctx.valueEnd);
    if (place.at === 'type') return typeItems(range, false);
    if (place.at !== 'properties') return [];
    // An intrinsic function (`!Ref …`) is not a value we complete.
    if (file.text.slice(ctx.valueStart, ctx.valueEnd).startsWith('!')) return [];
    const at = shapeAtPath(CFN_TYPES[place.type].properties, place.path);
    return at ? valueItems(at.shape, range, false) : [];
  }
  const range = file.lines.range(ctx.wordStart, ctx.wordEnd);
  if (place.at === 'resources') {
    // A new resource goes on a line of its own.
    if (ctx.hasColon || !restOfLineBlank(file.text, ctx.wordEnd, /^\s*$/)) return [];
    const word = file.text.slice(ctx.wordStart, offset);
    return resourceItems(model, range, 'yaml', word);
  }
  if (place.at !== 'properties') return [];
  const at = shapeAtPath(CFN_TYPES[place.type].properties, place.path);
  const target = at?.shape.type === 'list' ? at.shape.member : at?.shape;
  if (target?.type !== 'structure') return [];
  return memberItems(target, ctx.present, range, ctx.hasColon ? name => name : yamlMemberSnippet, !ctx.hasColon);
}

/**
 * A resource's `Type` read from the text, for when the tree does not have the resource (the text being typed left the
 * YAML unreadable there): the nearest `<id>:` line above the cursor, then a `Type:` line among its members.
 */
function yamlTypeFromText(lines: LineIndex, cursorLine: number, id: string): string | undefined {
  const KEY = /^( *)(["']?)([^"'#]*?)\2\s*:\s*(?:#.*)?$/;
  for (let l = cursorLine; l >= 0; l--) {
    const m = KEY.exec(lines.lineText(l));
    if (!m || m[3] !== id) continue;
    const indent = m[1].length;
    for (let k = l + 1; k < lines.lineCount; k++) {
      const line = lines.lineText(k);
      if (/^\s*(#.*)?$/.test(line)) continue;
      if (/^ */.exec(line)![0].length <= indent) return undefined;
      const t = /^\s*(["']?)Type\1\s*:\s*(["']?)([A-Za-z0-9:]+)\2\s*(?:#.*)?$/.exec(line);
      if (t) return t[3];
    }
    return undefined;
  }
  return undefined;
}

// ─── JSON ────────────────────────────────────────────────────────────────────────────────────────────────────────

function completeJson(file: AnalyzedFile, model: TemplateModel, offset: number): CompletionItem[] {
  const ctx = jsonContext(file.text, offset);
  if (!ctx) return [];
  const root = templateDocument(file.parsed)?.root;
  const typeOf = (id: string) => {
    const t = nodeAt(root, ['Resources', id, 'Type']);
    return t?.type === 'string' ? (t.value as string) : model.names.resources.get(id)?.type;
  };
  const place = placeOf(ctx.path, typeOf);
  if (!place) return [];
  const range = file.lines.range(ctx.replaceStart, ctx.replaceEnd);
  if (ctx.mode === 'value') {
    if (place.at === 'type') return typeItems(range, true);
    if (place.at !== 'properties') return [];
    const at = shapeAtPath(CFN_TYPES[place.type].properties, place.path);
    return at ? valueItems(at.shape, range, true) : [];
  }
  if (place.at === 'resources') {
    // A new resource goes on a line of its own (or before the closing brace).
    if (ctx.hasColon || !restOfLineBlank(file.text, ctx.replaceEnd, /^\s*(\}.*)?$/)) return [];
    const word = file.text.slice(ctx.replaceStart, offset).replace(/^"/, '');
    return resourceItems(model, range, 'json', word).map(item => ({
      ...item,
      insertText: `${ctx.commaBefore ? ', ' : ''}${item.insertText}${ctx.commaAfter ? ',' : ''}`,
    }));
  }
  if (place.at !== 'properties') return [];
  const at = shapeAtPath(CFN_TYPES[place.type].properties, place.path);
  const target = at?.shape.type === 'list' ? at.shape.member : at?.shape;
  if (target?.type !== 'structure') return [];
  const obj = nodeAt(root, ['Resources', ...ctx.path.slice(1)]);
  const present = new Set(isObject(obj) ? obj.properties.map(p => p.key) : []);
  present.delete(file.text.slice(ctx.replaceStart, ctx.replaceEnd).replace(/^"|"$/g, ''));
  const insert = (name: string, m: Member) =>
    ctx.hasColon
      ? `"${name}"`
      : `${ctx.commaBefore ? ', ' : ''}"${name}": ${jsonValueSnippet(m)}${ctx.commaAfter ? ',' : ''}`;
  return memberItems(target, present, range, insert, !ctx.hasColon, '"');
}

function restOfLineBlank(text: string, from: number, blank: RegExp): boolean {
  const end = text.indexOf('\n', from);
  return blank.test(text.slice(from, end < 0 ? text.length : end));
}

// ─── Type names and whole resources ──────────────────────────────────────────────────────────────────────────────

function typeItems(range: Range, quote: boolean): CompletionItem[] {
  return CFN_TYPE_NAMES.map((type, i) => ({
    label: type,
    kind: 'enum' as const,
    detail: 'Verified Identity checks this type',
    documentation: CFN_TYPES[type].doc,
    insertText: quote ? JSON.stringify(type) : type,
    isSnippet: false,
    range,
    sortText: String(i),
    filterText: quote ? JSON.stringify(type) : type,
  }));
}

/** The short name of a type (`IdentitySource`), the default logical ID of a new resource. */
const shortName = (type: CfnTypeName) => type.slice(type.lastIndexOf(':') + 1);

/**
 * The properties of a new resource of each type: the request-file templates' examples turned into properties (so no
 * second copy of them), an identity source pointing at the template's first policy store when it has one.
 */
export function exampleProperties(type: CfnTypeName, model?: TemplateModel): Record<string, unknown> {
  const info = CFN_TYPES[type];
  const from = (id: string) => requestToProperties(info, TEMPLATES.find(t => t.id === id)!.body).properties;
  if (type === 'AWS::VerifiedPermissions::IdentitySource') {
    const props = from('identity-source-oidc');
    const store = model?.resources.find(r => r.type === 'AWS::VerifiedPermissions::PolicyStore');
    return store ? { ...props, PolicyStoreId: { Ref: store.logicalId } } : props;
  }
  if (type === 'AWS::EC2::VerifiedAccessTrustProvider') return from('trust-provider-iam-identity-center');
  return requestToProperties(info, { validationSettings: { mode: 'STRICT' }, description: 'Policy store' }).properties;
}

/** The snippet of a whole resource: `<logical ID>:` with `Type` and `Properties`, relative to the key's line. */
export function resourceSnippet(
  type: CfnTypeName,
  format: 'json' | 'yaml',
  logicalId: string,
  model?: TemplateModel,
): string {
  const { value } = placeholders(exampleProperties(type, model), 2);
  const key = placeholder(1, logicalId);
  if (format === 'json') {
    const body = JSON.stringify({ Type: type, Properties: value }, null, '\t');
    return snippetText(`"${key}": ${body}`);
  }
  const body = stringify({ Type: type, Properties: value }, { lineWidth: 0 }).trimEnd();
  return snippetText(`${key}:\n${body.replace(/^/gm, '  ')}`);
}

function resourceItems(model: TemplateModel, range: Range, format: 'json' | 'yaml', word: string): CompletionItem[] {
  const taken = model.names.resources;
  return CFN_TYPE_NAMES.map((type, i) => {
    // The word being typed is the new logical ID; else the type's short name, numbered when taken.
    let id = /^[A-Za-z0-9]+$/.test(word) ? word : shortName(type);
    if (!word) for (let n = 2; taken.has(id); n++) id = `${shortName(type)}${n}`;
    return {
      label: `${shortName(type)} resource`,
      kind: 'template' as const,
      detail: type,
      documentation: `${CFN_TYPES[type].doc}\n\nInserts a new resource of this type with example properties.`,
      insertText: resourceSnippet(type, format, id, model),
      isSnippet: true,
      range,
      sortText: `${i}`,
      // The word typed is the logical ID, so the items stay in the list whatever it is.
      filterText: `${format === 'json' ? '"' : ''}${word}${shortName(type)}`,
    };
  });
}
