/**
 * CloudFormation's intrinsic functions as they appear in a syntax tree (`test/reference/cloudformation/intrinsics.md`):
 * an object with one key, `Ref` or `Fn::<Name>` (YAML short forms are turned into the same shape by the parser). What
 * each function can produce decides whether it may stand where a property's value goes.
 */
import { CFN_TYPES, isCfnTypeName } from '../model/cloudformation';
import type { Node, PropertyNode } from '../parse/ast';
import type { TemplateNames } from './types';

/** The functions that produce a value (the condition and `Rules` functions are listed apart). */
export const VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'Ref',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** Condition functions (and `Condition`, which names a condition inside them). */
export const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set(['Fn::And', 'Fn::Equals', 'Fn::Not', 'Fn::Or']);

/** The pseudo parameters, and the one that is a list. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface Intrinsic {
  /** `Ref`, `Fn::GetAtt`, … */
  name: string;
  prop: PropertyNode;
  arg: Node | undefined;
}

/** The intrinsic function a node is, if any: an object whose only key is a known function's. */
export function intrinsicOf(n: Node | undefined): Intrinsic | undefined {
  if (n?.type !== 'object') return undefined;
  const props = n.properties.filter(p => !p.superseded && !p.merged);
  if (props.length !== 1) return undefined;
  const prop = props[0];
  if (!VALUE_FUNCTIONS.has(prop.key) && !CONDITION_FUNCTIONS.has(prop.key)) return undefined;
  return { name: prop.key, prop, arg: prop.value };
}

/** `Ref: AWS::NoValue`: the property (or list item) it stands for is removed. */
export function isNoValue(n: Node | undefined): boolean {
  const f = intrinsicOf(n);
  return f?.name === 'Ref' && f.arg?.type === 'string' && f.arg.value === 'AWS::NoValue';
}

/** `Fn::If: [condition, whenTrue, whenFalse]`: its three argument nodes, when it has that form. */
export function ifBranches(n: Node | undefined): { condition: Node; branches: [Node, Node] } | undefined {
  const f = intrinsicOf(n);
  if (f?.name !== 'Fn::If' || f.arg?.type !== 'array' || f.arg.items.length !== 3) return undefined;
  const [condition, a, b] = f.arg.items;
  return { condition, branches: [a, b] };
}

/** What a function can produce: a string, a list, an integer, a boolean, or anything. */
export type Produces = 'string' | 'list' | 'integer' | 'boolean' | 'any';

/** `Fn::GetAtt`'s resource and attribute: `[A, B]`, or `"A.B"` (split at the first dot, as CloudFormation does). */
export function getAttParts(arg: Node | undefined): {
  resource?: Node;
  logicalId?: string;
  attribute?: string;
  attributeNode?: Node;
} {
  if (arg?.type === 'string') {
    const s = arg.value as string;
    const dot = s.indexOf('.');
    return dot < 0
      ? { resource: arg, logicalId: s }
      : { resource: arg, logicalId: s.slice(0, dot), attribute: s.slice(dot + 1), attributeNode: arg };
  }
  if (arg?.type !== 'array') return {};
  const [resource, attributeNode] = arg.items;
  return {
    resource,
    ...(resource?.type === 'string' ? { logicalId: resource.value as string } : {}),
    ...(attributeNode ? { attributeNode } : {}),
    ...(attributeNode?.type === 'string' ? { attribute: attributeNode.value as string } : {}),
  };
}

/** What `Ref` of a parameter gives: a list for list types, else a string. */
function parameterProduces(type: string | undefined): Produces {
  if (type === undefined) return 'any';
  return /^(?:CommaDelimitedList|List<.*>|AWS::SSM::Parameter::Value<(?:List<.*>|CommaDelimitedList)>)$/.test(type)
    ? 'list'
    : 'string';
}

/** What an intrinsic function can produce, as far as the template tells. */
export function produces(f: Intrinsic, names: TemplateNames): Produces {
  switch (f.name) {
    case 'Ref': {
      const name = f.arg?.type === 'string' ? (f.arg.value as string) : undefined;
      if (name === undefined) return 'any';
      if (name === 'AWS::NotificationARNs') return 'list';
      if (PSEUDO_PARAMETERS.has(name)) return 'string';
      const parameter = names.parameters.get(name);
      if (parameter) return parameterProduces(parameter.type);
      return names.resources.has(name) ? 'string' : 'any';
    }
    case 'Fn::GetAtt': {
      const { logicalId, attribute } = getAttParts(f.arg);
      const type = logicalId !== undefined ? names.resources.get(logicalId)?.type : undefined;
      if (!isCfnTypeName(type) || attribute === undefined || !CFN_TYPES[type].attributes.includes(attribute))
        return 'any';
      return attribute === 'Details.ClientIds' ? 'list' : 'string';
    }
    case 'Fn::Base64':
    case 'Fn::ImportValue':
    case 'Fn::Join':
    case 'Fn::Sub':
    case 'Fn::ToJsonString':
      return 'string';
    case 'Fn::Cidr':
    case 'Fn::GetAZs':
    case 'Fn::Split':
      return 'list';
    case 'Fn::Length':
      return 'integer';
    case 'Fn::And':
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::Or':
      return 'boolean';
    default:
      return 'any'; // Fn::If, Fn::Select, Fn::FindInMap, Fn::Transform
  }
}

/** Whether a value of `produced` can stand where a value of `shape` goes (CloudFormation converts scalars). */
export function fits(produced: Produces, shape: 'string' | 'list' | 'structure' | 'boolean' | 'integer'): boolean {
  if (produced === 'any') return true;
  switch (shape) {
    case 'structure':
      return false;
    case 'list':
      return produced === 'list';
    case 'string':
      return produced !== 'list';
    case 'boolean':
      return produced === 'boolean' || produced === 'string';
    case 'integer':
      return produced === 'integer' || produced === 'string';
  }
}

/** A `${…}` variable of an `Fn::Sub` string: its name, its attribute (`${Res.Attr}`), and its offset in the string. */
export interface SubVariable {
  name: string;
  attribute?: string;
  /** Offset of `${` in the string's value. */
  index: number;
  length: number;
}

/** The variables of an `Fn::Sub` string; `${!Literal}` is literal text. */
export function subVariables(s: string): SubVariable[] {
  const out: SubVariable[] = [];
  const re = /\$\{([^}]*)\}/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const body = m[1].trim();
    if (body.startsWith('!') || body === '') continue;
    const dot = body.indexOf('.');
    out.push({
      name: dot < 0 ? body : body.slice(0, dot),
      ...(dot < 0 ? {} : { attribute: body.slice(dot + 1) }),
      index: m.index,
      length: m[0].length,
    });
  }
  return out;
}

/** A string holding a dynamic reference (`{{resolve:ssm:…}}`), whose value CloudFormation fills in when it deploys. */
export function isDynamicReference(s: string): boolean {
  return /\{\{resolve:[a-z-]+:/.test(s);
}
