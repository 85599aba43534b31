/**
 * Minimal text edits on the original text that keep JSON valid (commas) and YAML block layout intact (whole lines,
 * indentation): rename a key, replace a value, delete a member, insert members.
 */
import type { Node, ObjectNode, PropertyNode } from '../parse/ast';
import type { AnalyzedFile } from '../service';
import type { TextEdit } from '../types';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function toTextEdits(file: AnalyzedFile, edits: OffsetEdit[]): TextEdit[] {
  return edits
    .slice()
    .sort((a, b) => a.start - b.start)
    .map(e => ({ range: file.lines.range(e.start, e.end), newText: e.newText }));
}

/** A scalar in the document's syntax: JSON always quotes strings; YAML quotes only when needed. */
export function scalarText(file: AnalyzedFile, value: string | boolean | number): string {
  if (typeof value !== 'string' || file.format === 'json') return JSON.stringify(value);
  const plain =
    /^[A-Za-z0-9_][A-Za-z0-9_./@:-]*$/.test(value) &&
    !value.endsWith(':') &&
    !/^(true|false|null|~|yes|no|on|off|[-+]?[0-9].*)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

export function renameKey(file: AnalyzedFile, prop: PropertyNode, name: string): OffsetEdit {
  const old = file.text.slice(prop.keyStart, prop.keyEnd);
  const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
  const text =
    file.format === 'json'
      ? JSON.stringify(name)
      : quote === '"'
        ? JSON.stringify(name)
        : quote === "'"
          ? `'${name}'`
          : name;
  return { start: prop.keyStart, end: prop.keyEnd, newText: text };
}

/**
 * Quotes a YAML plain scalar, keeping its text: the AWS CLI then reads it as that string. Double quotes, or single
 * ones when the text holds a backslash or a double quote (which double quotes would read differently). Only quote
 * marks are inserted, so the edit never carries the value. None when the text also holds a single quote.
 */
export function quoteScalar(file: AnalyzedFile, node: Node): OffsetEdit[] {
  const text = file.text.slice(node.start, node.end);
  const q = /["\\]/.test(text) ? "'" : '"';
  if (q === "'" && text.includes("'")) return [];
  return [
    { start: node.start, end: node.start, newText: q },
    { start: node.end, end: node.end, newText: q },
  ];
}

export function replaceValue(node: Node, newText: string): OffsetEdit {
  return { start: node.start, end: node.end, newText };
}

function lineStartOf(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}

function nextLineStart(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** Last offset of real content of a property (YAML node ranges can include trailing newlines). */
function contentEnd(file: AnalyzedFile, prop: PropertyNode): number {
  let end = Math.max(prop.end, prop.keyEnd);
  while (end > prop.keyEnd && /\s/.test(file.text[end - 1])) end--;
  return end;
}

/**
 * Deletes a member together with the comma (JSON, flow) or the lines (YAML block) it occupies. `index` is the
 * member's place in `obj.properties` when the caller knows it (deleting many members then stays linear).
 */
export function deleteProperty(
  file: AnalyzedFile,
  obj: ObjectNode,
  prop: PropertyNode,
  index = obj.properties.indexOf(prop),
): OffsetEdit {
  const all = obj.properties;
  let next: PropertyNode | undefined;
  let prev: PropertyNode | undefined;
  for (let j = index + 1; j < all.length && !next; j++) if (!all[j].merged) next = all[j];
  for (let j = index - 1; j >= 0 && !prev; j--) if (!all[j].merged) prev = all[j];
  const text = file.text;
  if (obj.flow) {
    if (next) return { start: prop.start, end: next.keyStart, newText: '' };
    if (prev) return { start: contentEnd(file, prev), end: contentEnd(file, prop), newText: '' };
    return { start: prop.start, end: contentEnd(file, prop), newText: '' };
  }
  const lineStart = lineStartOf(text, prop.keyStart);
  const before = text.slice(lineStart, prop.keyStart);
  const end = contentEnd(file, prop);
  if (/^\s*$/.test(before)) return { start: lineStart, end: nextLineStart(text, end), newText: '' };
  // The key shares its line with a `- ` item marker: pull the next member up onto the marker's line.
  if (next) return { start: prop.keyStart, end: next.keyStart, newText: '' };
  return { start: prop.keyStart, end, newText: '{}' };
}

function indentOfLine(text: string, offset: number): string {
  const ls = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/**
 * Inserts members at the end of an object. `obj` is the object node, or undefined when the member's value is
 * missing/null; then `owner` (the property whose value should become the object) is required.
 */
export function insertMembers(
  file: AnalyzedFile,
  obj: ObjectNode | undefined,
  owner: PropertyNode | undefined,
  members: [name: string, value: string][],
): OffsetEdit | undefined {
  if (members.length === 0) return undefined;
  const text = file.text;
  const json = file.format === 'json';
  const key = (n: string) => (json ? JSON.stringify(n) : n);
  if (obj && obj.properties.length > 0) {
    const props = obj.properties.filter(p => !p.merged);
    const last = props[props.length - 1] ?? obj.properties[obj.properties.length - 1];
    const end = contentEnd(file, last);
    if (obj.flow) {
      const sameLine = !text.slice(obj.start, end).includes('\n');
      const sep = sameLine ? ', ' : `,\n${indentOfLine(text, last.keyStart)}`;
      return { start: end, end, newText: members.map(([n, v]) => `${sep}${key(n)}: ${v}`).join('') };
    }
    const col = last.keyStart - lineStartOf(text, last.keyStart);
    const at = nextLineStart(text, end);
    const pad = ' '.repeat(col);
    const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return { start: at, end: at, newText: lead + members.map(([n, v]) => `${pad}${n}: ${v}\n`).join('') };
  }
  if (obj) {
    // An empty object `{}`: fill it (an unclosed one at the end of the text has no `}` to keep).
    const inner = json ? `\n${indentOfLine(text, obj.start)}  ` : ' ';
    const body = members.map(([n, v]) => `${key(n)}: ${v}`).join(json ? `,${inner}` : ', ');
    const closed = obj.end - 1 > obj.start && text.charCodeAt(obj.end - 1) === 125; /* } */
    return {
      start: obj.start + 1,
      end: closed ? obj.end - 1 : obj.start + 1,
      newText: json ? `${inner}${body}\n${indentOfLine(text, obj.start)}` : ` ${body} `,
    };
  }
  if (!owner) return undefined;
  if (json) {
    const indent = indentOfLine(text, owner.keyStart);
    const start = owner.value ? owner.value.start : owner.keyEnd;
    const end = owner.value ? owner.value.end : owner.keyEnd;
    const body = members.map(([n, v]) => `${indent}  ${key(n)}: ${v}`).join(',\n');
    return { start, end, newText: `${owner.value ? '' : ': '}{\n${body}\n${indent}}` };
  }
  // YAML `owner:` with an empty value: block members on the following lines.
  const col = owner.keyStart - lineStartOf(text, owner.keyStart);
  const pad = ' '.repeat(col + 2);
  const colon = text.indexOf(':', owner.keyEnd) + 1;
  const hasValue = owner.value !== undefined && owner.value.end > owner.value.start;
  const start = hasValue ? owner.value!.start : colon;
  const end = hasValue ? owner.value!.end : colon;
  let lineEnd = text.indexOf('\n', owner.keyEnd);
  if (lineEnd < 0) lineEnd = text.length;
  else if (text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // the CR of a CRLF stays: an edit never splits the pair
  const restOfLine = text.slice(end, Math.max(end, lineEnd));
  return {
    start,
    end: end + (/^\s*$/.test(restOfLine) ? restOfLine.length : 0),
    newText: `\n${members.map(([n, v]) => `${pad}${n}: ${v}`).join('\n')}`,
  };
}
