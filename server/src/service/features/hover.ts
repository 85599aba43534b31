/** Hover: what a member is (in our own words), its type, constraints, required-ness and allowed values. */
import { KINDS } from '../model/kinds';
import { PATTERN_HINTS } from '../model/pattern-hints';
import { constraintLabels, typeLabel, type Member } from '../model/shapes';
import type { RequestFile } from '../service';
import type { Hover, Position } from '../types';
import { locate } from './locate';
import { formatPath, shapeAtPath } from './shape-path';

/**
 * A member's hover text. `replaces` is for template properties: whether changing it makes CloudFormation replace the
 * resource (then the request model's "fixed once created" is not shown).
 */
export function memberMarkdown(
  name: string,
  m: Member,
  operation: string,
  path: string,
  current?: string,
  replaces?: boolean,
): string {
  const s = m.shape;
  const lines: string[] = [];
  lines.push(`**${name}** · \`${typeLabel(s)}\` · ${m.required ? '**required**' : 'optional'}`);
  lines.push('', m.doc);
  const facts = constraintLabels(s);
  if (s.type === 'string' && s.pattern && PATTERN_HINTS[s.pattern] && s.pattern !== '.*')
    facts.push(`must be ${PATTERN_HINTS[s.pattern]}`);
  if (s.type === 'list' && s.member.type === 'string') facts.push(...constraintLabels(s.member).map(c => `each: ${c}`));
  if (replaces === undefined ? m.createOnly : replaces)
    facts.push(replaces === undefined ? 'fixed once created' : 'changing it replaces the resource');
  if (facts.length) lines.push('', facts.map(f => `- ${f}`).join('\n'));
  if (s.type === 'string' && s.enum) {
    const allowed = s.allowed ? new Set(s.allowed) : undefined;
    const values = s.enum.filter(e => !allowed || allowed.has(e.value));
    lines.push(
      '',
      'Allowed values:',
      values.map(e => `- \`${e.value}\`${e.value === current ? ' ← current' : ''} — ${e.doc}`).join('\n'),
    );
  }
  if (s.type === 'structure' && s.union)
    lines.push(
      '',
      `Set exactly one of: ${Object.keys(s.members)
        .map(k => `\`${k}\``)
        .join(', ')}.`,
    );
  lines.push('', `*${operation}* · \`${path}\``);
  return lines.join('\n');
}

export function hover(file: RequestFile, position: Position): Hover | undefined {
  const offset = file.lines.offsetAt(position);
  const loc = locate(file, offset);
  if (!loc || loc.path.length === 0) return undefined;
  const info = KINDS[loc.kind];
  // On a list item, describe the list's member.
  let path = loc.path;
  while (path.length && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  const at = shapeAtPath(info.shape, path);
  if (!at?.member || at.memberName === undefined) return undefined;
  const current = loc.node?.type === 'string' ? (loc.node.value as string) : undefined;
  const markdown = memberMarkdown(at.memberName, at.member, info.operation, formatPath(loc.path), current);
  const range =
    loc.onKey && loc.prop
      ? file.lines.range(loc.prop.keyStart, loc.prop.keyEnd)
      : loc.node && loc.node.type !== 'object' && loc.node.type !== 'array'
        ? file.lines.range(loc.node.start, loc.node.end)
        : file.lines.range(offset, offset);
  return { markdown, range };
}
