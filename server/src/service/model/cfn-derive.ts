/**
 * How CloudFormation shapes are derived from the request model (`model/cloudformation.ts` applies it to the three
 * types): a mapping per structure (members dropped, reshaped, added; constraints where the registry schema differs),
 * names in the type's casing, and for every derived structure where it came from, which the value and path
 * translations (`cfn-translate.ts`) read.
 */
import type { Node, PropertyNode } from '../parse/ast';
import type { Kind } from '../types';
import type { Member, Shape, StringShape, StructureShape } from './shapes';

export type CfnTypeName =
  | 'AWS::VerifiedPermissions::IdentitySource'
  | 'AWS::EC2::VerifiedAccessTrustProvider'
  | 'AWS::VerifiedPermissions::PolicyStore';

/** A property whose request counterpart has another shape: how values and member paths cross over. */
export interface Reshape {
  /** The request member it stands for. */
  requestName: string;
  /** The property's name when it is not the request member's name in the type's casing. */
  cfnName?: string;
  member: Member;
  toRequest(value: unknown): unknown;
  fromRequest(value: unknown): unknown;
  /**
   * `toRequest` on a syntax tree: the property's value (`node`, under the key `prop`) as the request member's, built
   * from the same nodes (so positions stay true); values it cannot take apart (an intrinsic function) stay as they are.
   */
  toRequestNode(node: Node, prop: PropertyNode): Node;
  /** `rest` is what follows the property in a path (`[2].Key`, `.Mode`, ''). */
  toRequestPath(rest: string): string;
  toCfnPath(rest: string): string;
}

export interface CfnResourceInfo {
  type: CfnTypeName;
  /** The `Properties` of the resource, derived from `request`. */
  properties: StructureShape;
  /** The request the properties are derived from; its rules apply to the properties (see `kind`). */
  request: StructureShape;
  /** The request file kind whose service rules apply, when there is one. */
  kind?: Kind;
  /** Request members CloudFormation has no property for, and what becomes of them in a conversion. */
  dropped: Readonly<Record<string, string>>;
  /** Properties that only CloudFormation sets (`readOnlyProperties`): an error in a template, readable by `Fn::GetAtt`. */
  readOnly: Readonly<Record<string, string>>;
  /** Property paths (`A` or `A.B`) whose change makes CloudFormation replace the resource (`createOnlyProperties`). */
  createOnly: readonly string[];
  /** The names `Fn::GetAtt` accepts. */
  attributes: readonly string[];
  /** What `Ref` of the logical ID returns. */
  ref: string;
  doc: string;
}

/** How one structure of the request model maps to CloudFormation (`name` is the request member). */
export interface StructureMapping {
  drop?: Record<string, string>;
  /** Constraints of the registry schema that differ from the API's (the service's own rules still apply). */
  constraints?: Record<string, Partial<Omit<StringShape, 'type' | 'name'>>>;
  reshape?: Record<string, Reshape>;
  /** Properties gathered from other operations or shapes the request model does not spell out, by property name. */
  add?: Record<string, Reshape>;
  /** Mappings of nested structures, by request member name. */
  nested?: Record<string, StructureMapping>;
}

export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Where a derived structure comes from: CloudFormation property name → request member name, the reshaped ones. */
export interface Origin {
  request: StructureShape;
  names: Map<string, string>;
  reshape: Map<string, Reshape>;
}

/** Filled by `derive`, read by the value and path translations (`cfn-translate.ts`). */
const origins = new WeakMap<StructureShape, Origin>();

/** The origin of a structure `derive` made (undefined for any other shape). */
export function originOf(shape: StructureShape): Origin | undefined {
  return origins.get(shape);
}

/** A request structure as CloudFormation's: names in `casing`, members dropped, reshaped or added by `mapping`. */
export function derive(
  request: StructureShape,
  mapping: StructureMapping = {},
  casing: 'pascal' | 'same',
): StructureShape {
  const members: Record<string, Member> = {};
  const names = new Map<string, string>();
  const reshape = new Map<string, Reshape>();
  for (const [name, member] of Object.entries(request.members)) {
    if (mapping.drop?.[name] !== undefined) continue;
    const special = mapping.reshape?.[name];
    const cfnName = special?.cfnName ?? (casing === 'pascal' ? pascal(name) : name);
    names.set(cfnName, name);
    if (special) {
      reshape.set(cfnName, special);
      members[cfnName] = special.member;
      continue;
    }
    members[cfnName] = { ...member, shape: deriveShape(member.shape, mapping.nested?.[name], casing) };
    const c = mapping.constraints?.[name];
    if (c && member.shape.type === 'string') members[cfnName].shape = { ...member.shape, ...c };
  }
  for (const [cfnName, special] of Object.entries(mapping.add ?? {})) {
    names.set(cfnName, special.requestName);
    reshape.set(cfnName, special);
    members[cfnName] = special.member;
  }
  const shape: StructureShape = { ...request, name: `Cfn${request.name}`, members };
  origins.set(shape, { request, names, reshape });
  return shape;
}

function deriveShape(shape: Shape, mapping: StructureMapping | undefined, casing: 'pascal' | 'same'): Shape {
  if (shape.type === 'structure') return derive(shape, mapping, casing);
  if (shape.type === 'list') return { ...shape, member: deriveShape(shape.member, mapping, casing) };
  return shape;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
