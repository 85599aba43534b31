/**
 * The shape vocabulary of the request model: structures, tagged unions, lists and scalars with the constraints the
 * services enforce. Member documentation is written in our own words for hover and completion.
 */

export interface EnumValue {
  value: string;
  doc: string;
}

export interface StringShape {
  type: 'string';
  name: string;
  min?: number;
  max?: number;
  /** Regular expression as the service model states it; always checked as a full match. */
  pattern?: string;
  enum?: readonly EnumValue[];
  /** Enum values the service accepts for this particular action (a subset of `enum`). */
  allowed?: readonly string[];
  sensitive?: boolean;
  /** A maximum that only the documentation states (checked by a rule, not by the shape walk). */
  documentedMax?: number;
}

export interface BooleanShape {
  type: 'boolean';
  name: string;
}

export interface IntegerShape {
  type: 'integer';
  name: string;
  min?: number;
  max?: number;
}

export interface ListShape {
  type: 'list';
  name: string;
  member: Shape;
  min?: number;
  max?: number;
}

export interface StructureShape {
  type: 'structure';
  name: string;
  /** A tagged union: exactly one member must be set. */
  union?: boolean;
  members: Readonly<Record<string, Member>>;
}

export type Shape = StringShape | BooleanShape | IntegerShape | ListShape | StructureShape;

export interface Member {
  shape: Shape;
  required?: boolean;
  /** What the member is, in plain words (hover, completion). */
  doc: string;
  /** Fixed once the resource exists (no update/modify member). */
  createOnly?: boolean;
  /** A value to insert in templates and completions. */
  example?: string | boolean;
}

export const str = (name: string, c: Omit<StringShape, 'type' | 'name'> = {}): StringShape => ({
  type: 'string',
  name,
  ...c,
});
export const bool = (name = 'Boolean'): BooleanShape => ({ type: 'boolean', name });
export const list = (name: string, member: Shape, c: { min?: number; max?: number } = {}): ListShape => ({
  type: 'list',
  name,
  member,
  ...c,
});
export const struct = (name: string, members: Record<string, Member>): StructureShape => ({
  type: 'structure',
  name,
  members,
});
export const union = (name: string, members: Record<string, Member>): StructureShape => ({
  type: 'structure',
  name,
  union: true,
  members,
});

/** Human description of a shape's type, e.g. `string`, `list of string`, `object`, `one of (union)`. */
export function typeLabel(shape: Shape): string {
  switch (shape.type) {
    case 'structure':
      return shape.union ? 'union (exactly one member)' : 'object';
    case 'list':
      return `list of ${typeLabel(shape.member)}`;
    default:
      return shape.type;
  }
}

/** Constraint summary for hover: `length 1–2048 · pattern https://.*`. */
export function constraintLabels(shape: Shape): string[] {
  const out: string[] = [];
  if (shape.type === 'string' || shape.type === 'list') {
    const unit = shape.type === 'string' ? 'length' : 'items';
    if (shape.min !== undefined && shape.max !== undefined) out.push(`${unit} ${shape.min}–${shape.max}`);
    else if (shape.min !== undefined) out.push(`${unit} ≥ ${shape.min}`);
    else if (shape.max !== undefined) out.push(`${unit} ≤ ${shape.max}`);
  }
  if (shape.type === 'integer') {
    if (shape.min !== undefined) out.push(`≥ ${shape.min}`);
    if (shape.max !== undefined) out.push(`≤ ${shape.max}`);
  }
  if (shape.type === 'string') {
    if (shape.documentedMax !== undefined) out.push(`at most ${shape.documentedMax} characters (documented)`);
    if (shape.pattern !== undefined && shape.pattern !== '.*') out.push(`pattern \`${shape.pattern}\` (full match)`);
    if (shape.sensitive) out.push('sensitive');
  }
  return out;
}
