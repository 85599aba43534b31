/**
 * Completion: member names not yet present (required first) with a value snippet of the right type, enum values
 * with their meaning, true/false, the union's members, and whole-file templates in an empty document.
 */
import { documentKind } from '../association';
import { KINDS, updateKindOf } from '../model/kinds';
import { constraintLabels, typeLabel, type Member, type Shape, type StructureShape } from '../model/shapes';
import { getValue, isArray, isObject, type Node } from '../parse/ast';
import { LIMITS, looksBinary } from '../parse/limits';
import type { RequestFile } from '../service';
import type { CompletionItem, Kind, Position, Range } from '../types';
import { jsonContext } from './json-context';
import { shapeAtPath, type PathSegment } from './shape-path';
import { TEMPLATES, templateSnippet } from './templates';
import { yamlContext } from './yaml-context';

export function complete(file: RequestFile, position: Position): CompletionItem[] {
  // Files the parser refuses (too large, binary, nested too deep) get no completion either. JSON's tree says so
  // (`refuse`); YAML completion reads the text without parsing it.
  if (file.format === 'json' ? file.parsed.refusal : file.text.length > LIMITS.maxFileBytes || looksBinary(file.text))
    return [];
  const offset = file.lines.offsetAt(position);
  return file.format === 'json' ? completeJson(file, offset) : completeYaml(file, offset);
}

function memberDoc(m: Member): string {
  const facts = [typeLabel(m.shape), m.required ? 'required' : 'optional', ...constraintLabels(m.shape)];
  return `${m.doc}\n\n*${facts.join(' · ')}*`;
}

export function enumChoices(shape: Shape): string[] | undefined {
  if (shape.type === 'string' && shape.enum) return [...(shape.allowed ?? shape.enum.map(e => e.value))];
  if (shape.type === 'boolean') return ['true', 'false'];
  return undefined;
}

const snippetEscape = (s: string) => s.replace(/[$}\\]/g, m => `\\${m}`);
const choice = (values: string[], quote: boolean) =>
  values.length === 1
    ? `\${1:${snippetEscape(quote ? JSON.stringify(values[0]) : values[0])}}`
    : `\${1|${values.map(v => (quote ? JSON.stringify(v) : v).replace(/[,|\\]/g, m => `\\${m}`)).join(',')}|}`;

/** YAML value snippet for a member, relative to the key's line (VS Code re-indents continuation lines). */
export function yamlMemberSnippet(name: string, m: Member): string {
  const s = m.shape;
  const choices = enumChoices(s);
  if (choices) return `${name}: ${choice(choices, false)}`;
  if (s.type === 'structure') {
    const req = s.union ? [] : Object.entries(s.members).filter(([, c]) => c.required);
    if (req.length === 0) return `${name}:\n  $1`;
    let i = 0;
    return `${name}:\n${req.map(([k, c]) => `  ${k}:${c.shape.type === 'structure' || c.shape.type === 'list' ? `\n    $${++i}` : ` $${++i}`}`).join('\n')}`;
  }
  if (s.type === 'list') return s.member.type === 'structure' ? `${name}:\n  - $1` : `${name}:\n  - $1`;
  if (s.type === 'integer') return `${name}: \${1:0}`;
  return `${name}: $1`;
}

export function jsonValueSnippet(m: Member): string {
  const s = m.shape;
  const choices = enumChoices(s);
  if (choices) return choice(choices, s.type === 'string');
  if (s.type === 'structure') {
    const req = s.union ? [] : Object.entries(s.members).filter(([, c]) => c.required);
    if (req.length === 0) return '{\n\t$1\n}';
    let i = 0;
    return `{\n${req.map(([k, c]) => `\t"${k}": ${c.shape.type === 'structure' ? `{$${++i}}` : c.shape.type === 'list' ? `[$${++i}]` : `"$${++i}"`}`).join(',\n')}\n}`;
  }
  if (s.type === 'list') return s.member.type === 'string' ? '["$1"]' : '[\n\t{$1}\n]';
  if (s.type === 'integer') return '${1:0}';
  return '"$1"';
}

export function memberItems(
  shape: StructureShape,
  present: Set<string>,
  range: Range,
  insert: (name: string, m: Member) => string,
  isSnippet: boolean,
  filterPrefix = '',
): CompletionItem[] {
  const setUnionMember = shape.union && [...present].some(k => k in shape.members);
  if (setUnionMember) return [];
  return Object.entries(shape.members)
    .filter(([name]) => !present.has(name))
    .map(([name, m]) => ({
      label: name,
      kind: 'property' as const,
      detail: `${typeLabel(m.shape)}${m.required ? ' · required' : ''}${shape.union ? ' · one of' : ''}`,
      documentation: memberDoc(m),
      insertText: insert(name, m),
      isSnippet,
      range,
      sortText: `${m.required ? '0' : '1'}_${name}`,
      filterText: filterPrefix + name,
    }));
}

export function valueItems(shape: Shape, range: Range, quote: boolean): CompletionItem[] {
  if (shape.type === 'string' && shape.enum) {
    const allowed = shape.allowed ? new Set(shape.allowed) : undefined;
    return shape.enum
      .filter(e => !allowed || allowed.has(e.value))
      .map((e, i) => ({
        label: e.value,
        kind: 'enum' as const,
        detail: shape.name,
        documentation: e.doc,
        insertText: quote ? JSON.stringify(e.value) : e.value,
        isSnippet: false,
        range,
        sortText: String(i).padStart(3, '0'),
        filterText: quote ? JSON.stringify(e.value) : e.value,
      }));
  }
  if (shape.type === 'boolean') {
    return ['true', 'false'].map(v => ({ label: v, kind: 'keyword' as const, insertText: v, isSnippet: false, range }));
  }
  return [];
}

function templateItems(file: RequestFile, range: Range): CompletionItem[] {
  return TEMPLATES.filter(t => t.base === file.association.base).map((t, i) => ({
    label: t.label,
    kind: 'template' as const,
    detail: t.description,
    documentation: `Inserts a complete ${KINDS[t.base].operation} request.`,
    insertText: templateSnippet(t, file.format),
    isSnippet: true,
    range,
    sortText: String(i).padStart(2, '0'),
  }));
}

/** Kind of the document around the cursor, from its text (YAML completion never parses). */
function yamlKindAt(file: RequestFile, docStartLine: number): Kind {
  const a = file.association;
  if (a.forced) return a.forced;
  const markers = KINDS[updateKindOf(a.base)].updateMarkers;
  for (let l = docStartLine; l < file.lines.lineCount; l++) {
    const line = file.lines.lineText(l);
    if (/^(---|\.\.\.)(\s|$)/.test(line) && l > docStartLine) break;
    const m = /^["']?([A-Za-z]+)["']?\s*:/.exec(line);
    if (m && markers.includes(m[1])) return updateKindOf(a.base);
  }
  return a.base;
}

/**
 * Whether every line is blank or a comment, read up to the first line that is neither (line by line: a single pattern
 * over the text backtracked exponentially). `\s` is what `trim` removes.
 */
function onlyCommentsOrBlank(text: string): boolean {
  const space = /\s/;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (space.test(c)) continue;
    if (c !== '#') return false;
    const eol = text.indexOf('\n', i);
    if (eol < 0) return true;
    i = eol;
  }
  return true;
}

function completeYaml(file: RequestFile, offset: number): CompletionItem[] {
  const ctx = yamlContext(file.lines, offset);
  if (!ctx) return [];
  const kind = yamlKindAt(file, ctx.docStartLine);
  const root = KINDS[kind].shape;
  if (ctx.mode === 'value') {
    const at = shapeAtPath(root, ctx.path);
    return at ? valueItems(at.shape, file.lines.range(ctx.valueStart, ctx.valueEnd), false) : [];
  }
  const range = file.lines.range(ctx.wordStart, ctx.wordEnd);
  const docStart = file.lines.lineStart(ctx.docStartLine);
  const nextDoc = /^(---|\.\.\.)(\s|$)/m.exec(file.text.slice(ctx.wordEnd));
  const docEnd = nextDoc ? ctx.wordEnd + nextDoc.index : file.text.length;
  const docWithoutWord = file.text.slice(docStart, ctx.wordStart) + file.text.slice(ctx.wordEnd, docEnd);
  if (ctx.path.length === 0 && ctx.column === 0 && onlyCommentsOrBlank(docWithoutWord)) {
    const items = templateItems(file, range);
    const at = shapeAtPath(root, []);
    if (at?.shape.type === 'structure')
      items.push(...memberItems(at.shape, ctx.present, range, yamlMemberSnippet, true));
    return items;
  }
  const at = shapeAtPath(root, ctx.path);
  if (!at) return [];
  const target = at.shape.type === 'list' ? at.shape.member : at.shape;
  if (target.type !== 'structure') return [];
  return memberItems(target, ctx.present, range, ctx.hasColon ? name => name : yamlMemberSnippet, !ctx.hasColon);
}

export function nodeAt(root: Node | undefined, path: PathSegment[]): Node | undefined {
  let n = root;
  for (const seg of path) {
    if (typeof seg === 'number') n = isArray(n) ? n.items[seg] : undefined;
    else n = getValue(n, seg);
    if (!n) return undefined;
  }
  return n;
}

/**
 * JSON completion reads the syntax tree alone (its kind as the checks decide it, from the root's members): it never
 * runs the checks, so it answers while the analysis of the same revision is still under way.
 */
function completeJson(file: RequestFile, offset: number): CompletionItem[] {
  const doc = file.parsed.documents[0];
  const kind = documentKind(file.association.base, doc?.root, file.association.forced);
  const root = KINDS[kind].shape;
  if (onlyCommentsOrBlank(file.text)) {
    // The cursor's line: an editor takes a completion range only on the line of the cursor.
    const line = file.lines.positionAt(offset).line;
    return templateItems(file, file.lines.range(file.lines.lineStart(line), file.lines.lineEnd(line)));
  }
  const ctx = jsonContext(file.text, offset, doc);
  if (!ctx) return [];
  const range = file.lines.range(ctx.replaceStart, ctx.replaceEnd);
  if (ctx.mode === 'value') {
    const at = shapeAtPath(root, ctx.path);
    return at ? valueItems(at.shape, range, true) : [];
  }
  const at = shapeAtPath(root, ctx.path);
  if (!at) return [];
  const target = at.shape.type === 'list' ? at.shape.member : at.shape;
  if (target.type !== 'structure') return [];
  const obj = nodeAt(doc?.root, ctx.path);
  const present = new Set(isObject(obj) ? obj.properties.map(p => p.key) : []);
  const existing = file.text.slice(ctx.replaceStart, ctx.replaceEnd).replace(/^"|"$/g, '');
  present.delete(existing);
  const insert = (name: string, m: Member) =>
    ctx.hasColon
      ? `"${name}"`
      : `${ctx.commaBefore ? ', ' : ''}"${name}": ${jsonValueSnippet(m)}${ctx.commaAfter ? ',' : ''}`;
  return memberItems(target, present, range, insert, !ctx.hasColon, '"');
}
