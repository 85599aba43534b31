/**
 * Hover in CloudFormation templates (SPEC §9): inside the `Properties` of the three types, what a property is, its
 * type and constraints, and whether changing it replaces the resource (the registry schema's create-only properties);
 * read-only properties say so; on the `Type` value, which resource it is. Nothing anywhere else, intrinsic functions
 * included: the rest of the template belongs to the other tools.
 */
import type { CfnResourceInfo } from '../model/cloudformation';
import type { AnalyzedFile } from '../service';
import { locateInTemplate } from '../template/locate';
import type { Hover } from '../types';
import { memberMarkdown } from './hover';
import { shapeAtPath, type PathSegment } from './shape-path';
import { templateModel } from './template-completion';

/** Whether changing the property at `path` makes CloudFormation replace the resource. */
export function replacesResource(info: CfnResourceInfo, path: readonly PathSegment[]): boolean {
  const dotted = path.filter(s => typeof s === 'string').join('.');
  return info.createOnly.some(p => dotted === p || dotted.startsWith(`${p}.`));
}

function typeMarkdown(info: CfnResourceInfo): string {
  const attributes = info.attributes.map(a => `\`${a}\``).join(', ');
  return [
    `**${info.type}**`,
    '',
    info.doc,
    '',
    `- \`Ref\` returns ${info.ref}`,
    `- \`Fn::GetAtt\` attributes: ${attributes}`,
    '',
    '*Checked by Verified Identity*',
  ].join('\n');
}

export function hoverTemplate(file: AnalyzedFile, offset: number): Hover | undefined {
  const model = templateModel(file);
  const loc = model && locateInTemplate(model, offset);
  if (!loc) return undefined;
  const { info } = loc.resource;
  if (loc.part === 'type') {
    const n = loc.resource.typeNode;
    return { markdown: typeMarkdown(info), range: file.lines.range(n.start, n.end) };
  }
  if (loc.part !== 'properties' || loc.path.length === 0 || loc.intrinsic) return undefined;
  const range =
    loc.onKey && loc.prop
      ? file.lines.range(loc.prop.keyStart, loc.prop.keyEnd)
      : loc.node && loc.node.type !== 'object' && loc.node.type !== 'array'
        ? file.lines.range(loc.node.start, loc.node.end)
        : file.lines.range(offset, offset);
  const first = loc.path[0];
  if (loc.path.length === 1 && typeof first === 'string' && info.readOnly[first] !== undefined) {
    const markdown = `**${first}** · read-only\n\n${info.readOnly[first]} CloudFormation sets it; a template cannot.\n\n*${info.type}*`;
    return { markdown, range };
  }
  // On a list item, describe the list's property.
  let path = loc.path;
  while (path.length && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  const at = shapeAtPath(info.properties, path);
  if (!at?.member || at.memberName === undefined) return undefined;
  const current = loc.node?.type === 'string' ? (loc.node.value as string) : undefined;
  const markdown = memberMarkdown(
    at.memberName,
    at.member,
    info.type,
    loc.fullPath,
    current,
    replacesResource(info, path),
  );
  return { markdown, range };
}
