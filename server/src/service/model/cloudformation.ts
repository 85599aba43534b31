/**
 * CloudFormation's view of the three resource types checked inside templates. Each type's `Properties` shape is
 * derived from the request model (`identity-source.ts`, `trust-provider.ts`, `policy-store.ts`) through a mapping:
 * member names in PascalCase, the members CloudFormation has no property for dropped (with the reason), a few
 * properties reshaped (trust provider `TagSpecifications` ↔ `Tags`; policy store `deletionProtection` ↔
 * `DeletionProtection.Mode`, `tags` ↔ `Tags`, PutSchema's `definition` ↔ `Schema`), and the constraints where
 * CloudFormation's registry schema says something else than the API. Nothing here is a second copy of a shape:
 * `test/unit/cfn-model.test.ts` holds the result to the registry schemas in `test/reference/cloudformation/`.
 */
import type { Node, ObjectNode, PropertyNode, ScalarNode } from '../parse/ast';
import type { Kind } from '../types';
import { CreateIdentitySourceInput } from './identity-source';
import { CreatePolicyStoreInput, POLICY_STORE_TAGS, SchemaDefinition } from './policy-store';
import { list, str, struct, type Member, type Shape, type StringShape, type StructureShape } from './shapes';
import { CreateVerifiedAccessTrustProviderRequest } from './trust-provider';

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
interface StructureMapping {
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

/**
 * Per derived structure: CloudFormation property name → request member name, and the reshaped properties. Filled
 * by `derive`, read by the value and path conversions below.
 */
const origins = new WeakMap<
  StructureShape,
  { request: StructureShape; names: Map<string, string>; reshape: Map<string, Reshape> }
>();

function derive(request: StructureShape, mapping: StructureMapping = {}, casing: 'pascal' | 'same'): StructureShape {
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

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// ─── AWS::EC2::VerifiedAccessTrustProvider ───────────────────────────────────────────────────────────────────────

const requestTag = (
  (CreateVerifiedAccessTrustProviderRequest.members.TagSpecifications.shape as { member: StructureShape }).member
    .members.Tags.shape as { member: StructureShape }
).member;

/** CloudFormation's flat tag list; key and value are required, the key at most 128 characters (EC2 itself: 127). */
const TrustProviderTag = struct('CfnTag', {
  Key: {
    ...requestTag.members.Key,
    required: true,
    shape: { ...(requestTag.members.Key.shape as StringShape), min: 1, max: 128 },
  },
  Value: {
    ...requestTag.members.Value,
    required: true,
    shape: { ...(requestTag.members.Value.shape as StringShape), min: 0, max: 256 },
  },
});

const TRUST_PROVIDER_RESOURCE_TYPE = 'verified-access-trust-provider';

const trustProviderTags: Reshape = {
  requestName: 'TagSpecifications',
  cfnName: 'Tags',
  member: {
    shape: list('CfnTagList', TrustProviderTag),
    doc: 'Tags on the trust provider (at most 50, keys unique, no `aws:` prefix). CloudFormation updates them in place.',
  },
  toRequest: v => [{ ResourceType: TRUST_PROVIDER_RESOURCE_TYPE, Tags: v }],
  fromRequest: v =>
    Array.isArray(v)
      ? v.flatMap((spec: unknown): unknown[] => (isRecord(spec) && Array.isArray(spec.Tags) ? spec.Tags : []))
      : v,
  toRequestNode: (node, prop) => {
    const at = { start: prop.keyStart, end: prop.keyEnd };
    const resourceType: ScalarNode = { type: 'string', value: TRUST_PROVIDER_RESOURCE_TYPE, quoted: true, ...at };
    const spec: ObjectNode = {
      type: 'object',
      ...at,
      flow: false,
      properties: [
        { key: 'ResourceType', keyStart: at.start, keyEnd: at.end, value: resourceType, ...at },
        { key: 'Tags', keyStart: prop.keyStart, keyEnd: prop.keyEnd, value: node, start: prop.start, end: prop.end },
      ],
    };
    return { type: 'array', start: node.start, end: node.end, flow: false, items: [spec] };
  },
  toRequestPath: rest => `TagSpecifications[0].Tags${rest}`,
  toCfnPath: rest => {
    const m = /^\[\d+\](?:\.Tags)?(.*)$/.exec(rest);
    return `Tags${m ? m[1] : ''}`;
  },
};

const trustProvider = derive(
  CreateVerifiedAccessTrustProviderRequest,
  {
    drop: {
      ClientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.',
      DryRun: 'A template cannot ask for a dry run: CloudFormation has no DryRun property.',
    },
    reshape: { TagSpecifications: trustProviderTags },
  },
  'same',
);

// ─── AWS::VerifiedPermissions::IdentitySource ────────────────────────────────────────────────────────────────────

const identitySource = derive(
  CreateIdentitySourceInput,
  {
    drop: { clientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.' },
    // The registry schema takes only IDs (no `/` or `_`, so no policy store aliases).
    constraints: { policyStoreId: { pattern: '[a-zA-Z0-9-]*' } },
  },
  'pascal',
);

// ─── AWS::VerifiedPermissions::PolicyStore ───────────────────────────────────────────────────────────────────────

const deletionMode = CreatePolicyStoreInput.members.deletionProtection;
const deletionProtection: Reshape = {
  requestName: 'deletionProtection',
  member: {
    shape: struct('CfnDeletionProtection', {
      Mode: { ...deletionMode, required: true, doc: deletionMode.doc },
    }),
    doc: 'Whether the policy store is protected from deletion (`Mode: ENABLED` or `DISABLED`).',
  },
  toRequest: v => (isRecord(v) ? v.Mode : v),
  fromRequest: v => (v === undefined ? v : { Mode: v }),
  toRequestNode: node => (node.type === 'object' ? (node.properties.find(p => p.key === 'Mode')?.value ?? node) : node),
  toRequestPath: rest => `deletionProtection${rest.replace(/^\.Mode/, '')}`,
  toCfnPath: rest => `DeletionProtection.Mode${rest}`,
};

const policyStoreTags: Reshape = {
  requestName: 'tags',
  member: {
    shape: list(
      'CfnPolicyStoreTagList',
      struct('CfnPolicyStoreTag', {
        Key: { ...POLICY_STORE_TAGS.key, required: true },
        Value: { ...POLICY_STORE_TAGS.value, required: true },
      }),
      { max: POLICY_STORE_TAGS.max },
    ),
    doc: `Tags on the policy store (at most ${POLICY_STORE_TAGS.max}).`,
  },
  toRequest: v => (Array.isArray(v) ? Object.fromEntries(v.filter(isRecord).map(t => [String(t.Key), t.Value])) : v),
  toRequestNode: node => {
    if (node.type !== 'array') return node;
    const properties: PropertyNode[] = [];
    for (const tag of node.items) {
      const key = tag.type === 'object' ? tag.properties.find(p => p.key === 'Key') : undefined;
      const value = tag.type === 'object' ? tag.properties.find(p => p.key === 'Value') : undefined;
      if (key?.value?.type !== 'string') continue;
      const k = key.value;
      properties.push({
        key: String(k.value),
        keyStart: k.start,
        keyEnd: k.end,
        value: value?.value,
        start: tag.start,
        end: tag.end,
      });
    }
    return { type: 'object', start: node.start, end: node.end, flow: false, properties };
  },
  fromRequest: v => (isRecord(v) ? Object.entries(v).map(([Key, Value]) => ({ Key, Value })) : v),
  toRequestPath: rest => `tags${rest}`,
  toCfnPath: rest => `Tags${rest}`,
};

/** The Cedar schema: PutSchema's `definition`, plus the human-readable form CloudFormation also takes. */
const CfnSchema = struct('CfnSchemaDefinition', {
  ...derive(SchemaDefinition, {}, 'pascal').members,
  CedarFormat: {
    shape: str('SchemaCedarFormat'),
    doc: 'The Cedar schema in its human-readable form (CloudFormation converts it; the API takes only JSON).',
  },
});
const policyStoreSchema: Reshape = {
  requestName: 'definition',
  member: {
    shape: { ...CfnSchema, union: true },
    doc: 'The Cedar schema of the policy store: `CedarJson` (a JSON string) or `CedarFormat` (exactly one).',
  },
  toRequest: v => (isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), x])) : v),
  toRequestNode: node =>
    node.type === 'object' ? { ...node, properties: node.properties.map(p => ({ ...p, key: camel(p.key) })) } : node,
  fromRequest: v => (isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [pascal(k), x])) : v),
  toRequestPath: rest => `definition${rest.replace(/^\.(\w)/, (_, c: string) => `.${c.toLowerCase()}`)}`,
  toCfnPath: rest => `Schema${rest.replace(/^\.(\w)/, (_, c: string) => `.${c.toUpperCase()}`)}`,
};

const policyStore = derive(
  CreatePolicyStoreInput,
  {
    drop: { clientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.' },
    reshape: { deletionProtection },
    // PutSchema's definition and CreatePolicyStore's tags (a map) are properties of the resource.
    add: { Schema: policyStoreSchema, Tags: policyStoreTags },
  },
  'pascal',
);

// ─── The three types ─────────────────────────────────────────────────────────────────────────────────────────────

export const CFN_TYPES: Readonly<Record<CfnTypeName, CfnResourceInfo>> = {
  'AWS::VerifiedPermissions::IdentitySource': {
    type: 'AWS::VerifiedPermissions::IdentitySource',
    properties: identitySource,
    request: CreateIdentitySourceInput,
    kind: 'identity-source',
    dropped: { clientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.' },
    readOnly: {
      IdentitySourceId: 'The ID Verified Permissions gives the identity source; read it with `!Ref` or `Fn::GetAtt`.',
      Details: 'A deprecated read-only summary of the configuration; set `Configuration` instead.',
    },
    createOnly: ['PolicyStoreId'],
    attributes: [
      'IdentitySourceId',
      'Details.ClientIds',
      'Details.DiscoveryUrl',
      'Details.OpenIdIssuer',
      'Details.UserPoolArn',
    ],
    ref: 'the identity source ID',
    doc: 'A Verified Permissions identity source: a Cognito user pool or an OIDC provider whose tokens become Cedar principals.',
  },
  'AWS::EC2::VerifiedAccessTrustProvider': {
    type: 'AWS::EC2::VerifiedAccessTrustProvider',
    properties: trustProvider,
    request: CreateVerifiedAccessTrustProviderRequest,
    kind: 'trust-provider',
    dropped: {
      ClientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.',
      DryRun: 'A template cannot ask for a dry run: CloudFormation has no DryRun property.',
    },
    readOnly: {
      VerifiedAccessTrustProviderId: 'The ID EC2 gives the trust provider; read it with `!Ref` or `Fn::GetAtt`.',
      CreationTime: 'When the trust provider was created; read it with `Fn::GetAtt`.',
      LastUpdatedTime: 'When the trust provider was last changed; read it with `Fn::GetAtt`.',
    },
    createOnly: [
      'PolicyReferenceName',
      'DeviceOptions',
      'DeviceTrustProviderType',
      'TrustProviderType',
      'UserTrustProviderType',
    ],
    attributes: ['VerifiedAccessTrustProviderId', 'CreationTime', 'LastUpdatedTime'],
    ref: 'the trust provider ID',
    doc: 'A Verified Access trust provider: the user identity provider or device-management service Verified Access trusts.',
  },
  'AWS::VerifiedPermissions::PolicyStore': {
    type: 'AWS::VerifiedPermissions::PolicyStore',
    properties: policyStore,
    request: CreatePolicyStoreInput,
    dropped: { clientToken: 'CloudFormation makes its own idempotency tokens: a template has no ClientToken.' },
    readOnly: {
      Arn: 'The ARN of the policy store; read it with `Fn::GetAtt`.',
      PolicyStoreId: 'The ID Verified Permissions gives the policy store; read it with `!Ref` or `Fn::GetAtt`.',
    },
    createOnly: [],
    attributes: ['Arn', 'PolicyStoreId'],
    ref: 'the policy store ID',
    doc: 'A Verified Permissions policy store: the container of Cedar policies, their schema and identity sources.',
  },
};

export const CFN_TYPE_NAMES = Object.keys(CFN_TYPES) as CfnTypeName[];

export function isCfnTypeName(s: unknown): s is CfnTypeName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(CFN_TYPES, s);
}

// ─── Crossing over: plain values and member paths ────────────────────────────────────────────────────────────────

/** A resource's `Properties` (plain data, no intrinsic functions) as the request it stands for. */
export function propertiesToRequest(info: CfnResourceInfo, properties: unknown): unknown {
  return valueToRequest(info.properties, properties);
}

function valueToRequest(shape: Shape, v: unknown): unknown {
  if (shape.type === 'list') return Array.isArray(v) ? v.map(x => valueToRequest(shape.member, x)) : v;
  if (shape.type !== 'structure' || !isRecord(v)) return v;
  const origin = origins.get(shape);
  if (!origin) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const special = origin.reshape.get(k);
    if (special) out[special.requestName] = special.toRequest(x);
    else {
      const member = shape.members[k];
      out[origin.names.get(k) ?? k] = member ? valueToRequest(member.shape, x) : x;
    }
  }
  return out;
}

/**
 * A resource's `Properties` as a syntax tree of the request it stands for: keys renamed, reshaped properties rebuilt,
 * every value node the original one (positions stay true). Intrinsic functions stay in place, so the request rules see
 * "present, value unknown" there.
 */
export function propertiesToRequestNode(info: CfnResourceInfo, properties: Node): Node {
  return nodeToRequest(info.properties, properties);
}

function nodeToRequest(shape: Shape, n: Node): Node {
  if (shape.type === 'list')
    return n.type === 'array' ? { ...n, items: n.items.map(i => nodeToRequest(shape.member, i)) } : n;
  if (shape.type !== 'structure' || n.type !== 'object') return n;
  const origin = origins.get(shape);
  if (!origin) return n;
  const properties: PropertyNode[] = [];
  for (const p of n.properties) {
    const special = origin.reshape.get(p.key);
    if (special) {
      properties.push({ ...p, key: special.requestName, value: p.value && special.toRequestNode(p.value, p) });
      continue;
    }
    const member = Object.prototype.hasOwnProperty.call(shape.members, p.key) ? shape.members[p.key] : undefined;
    const value = member && p.value ? nodeToRequest(member.shape, p.value) : p.value;
    properties.push({ ...p, key: origin.names.get(p.key) ?? p.key, value });
  }
  return { ...n, properties };
}

/** Every property name of a type, for turning request member names in messages into property names. */
export function propertyNames(info: CfnResourceInfo): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<Shape>();
  const walk = (shape: Shape): void => {
    if (seen.has(shape)) return;
    seen.add(shape);
    if (shape.type === 'list') return walk(shape.member);
    if (shape.type !== 'structure') return;
    const origin = origins.get(shape);
    for (const [name, member] of Object.entries(shape.members)) {
      const requestName = origin?.names.get(name) ?? name;
      const special = origin?.reshape.get(name);
      out.set(special?.requestName ?? requestName, name);
      walk(member.shape);
    }
  };
  walk(info.properties);
  return out;
}

/** A request (plain data) as a resource's `Properties`, and the request members that have no property. */
export function requestToProperties(
  info: CfnResourceInfo,
  request: Record<string, unknown>,
): { properties: Record<string, unknown>; dropped: string[] } {
  const dropped = Object.keys(request).filter(k => info.dropped[k] !== undefined);
  return { properties: valueFromRequest(info.properties, request) as Record<string, unknown>, dropped };
}

function valueFromRequest(shape: Shape, v: unknown): unknown {
  if (shape.type === 'list') return Array.isArray(v) ? v.map(x => valueFromRequest(shape.member, x)) : v;
  if (shape.type !== 'structure' || !isRecord(v)) return v;
  const origin = origins.get(shape);
  if (!origin) return v;
  const byRequest = new Map<string, string>();
  for (const [cfn, req] of origin.names) byRequest.set(req, cfn);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const cfn = byRequest.get(k);
    if (cfn === undefined) continue; // dropped (the caller lists them)
    const special = origin.reshape.get(cfn);
    out[cfn] = special ? special.fromRequest(x) : valueFromRequest(shape.members[cfn].shape, x);
  }
  return out;
}

const SEGMENT = /^(?:\.?([^.[\]]+)|\[(\d+)\])/;

/** A member path of the request (`configuration.openIdConnectConfiguration.issuer`) as a property path. */
export function requestPathToCfn(info: CfnResourceInfo, path: string): string {
  return convertPath(info.properties, path, 'toCfn');
}

/** A property path (`Configuration.OpenIdConnectConfiguration.Issuer`, `Tags[2].Key`) as a request member path. */
export function cfnPathToRequest(info: CfnResourceInfo, path: string): string {
  return convertPath(info.properties, path, 'toRequest');
}

function convertPath(root: Shape, path: string, direction: 'toCfn' | 'toRequest'): string {
  let shape: Shape | undefined = root;
  let rest = path;
  let out = '';
  while (rest) {
    const m = SEGMENT.exec(rest);
    if (!m) return out + rest;
    rest = rest.slice(m[0].length);
    if (m[2] !== undefined) {
      out += `[${m[2]}]`;
      shape = shape?.type === 'list' ? shape.member : undefined;
      continue;
    }
    const name = m[1];
    const origin = shape?.type === 'structure' ? origins.get(shape) : undefined;
    if (!origin || shape?.type !== 'structure') {
      out += out ? `.${name}` : name;
      shape = undefined;
      continue;
    }
    let cfnName: string | undefined;
    if (direction === 'toCfn') {
      for (const [c, r] of origin.names) if (r === name) cfnName = c;
    } else cfnName = shape.members[name] ? name : undefined;
    const special = cfnName !== undefined ? origin.reshape.get(cfnName) : undefined;
    if (special) {
      const converted = direction === 'toCfn' ? special.toCfnPath(rest) : special.toRequestPath(rest);
      return out + (out ? '.' : '') + converted;
    }
    const next = direction === 'toCfn' ? cfnName : origin.names.get(name);
    out += (out ? '.' : '') + (next ?? name);
    shape = cfnName !== undefined ? shape.members[cfnName]?.shape : undefined;
  }
  return out;
}

// ─── Request file kinds ──────────────────────────────────────────────────────────────────────────────────────────

/** How a request file kind stands to its resource type (the conversions between request files and resources). */
export interface CfnKindMapping {
  kind: Kind;
  type: CfnTypeName;
  /** Members of the kind's request whose create-request counterpart has another name (`updateConfiguration`). */
  rename: Readonly<Record<string, string>>;
  /** The member that names the existing resource (update kinds): a read-only property in a template. */
  idMember?: string;
  /** The property CloudFormation gives that ID back as. */
  idProperty?: string;
}

export const CFN_KINDS: Readonly<Record<Kind, CfnKindMapping>> = {
  'identity-source': { kind: 'identity-source', type: 'AWS::VerifiedPermissions::IdentitySource', rename: {} },
  'identity-source-update': {
    kind: 'identity-source-update',
    type: 'AWS::VerifiedPermissions::IdentitySource',
    rename: { updateConfiguration: 'configuration' },
    idMember: 'identitySourceId',
    idProperty: 'IdentitySourceId',
  },
  'trust-provider': { kind: 'trust-provider', type: 'AWS::EC2::VerifiedAccessTrustProvider', rename: {} },
  'trust-provider-update': {
    kind: 'trust-provider-update',
    type: 'AWS::EC2::VerifiedAccessTrustProvider',
    rename: {},
    idMember: 'VerifiedAccessTrustProviderId',
    idProperty: 'VerifiedAccessTrustProviderId',
  },
};
