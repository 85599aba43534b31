/**
 * CloudFormation's view of the three resource types checked inside templates. Each type's `Properties` shape is
 * derived from the request model (`identity-source.ts`, `trust-provider.ts`, `policy-store.ts`) through a mapping:
 * member names in PascalCase, the members CloudFormation has no property for dropped (with the reason), a few
 * properties reshaped (trust provider `TagSpecifications` ↔ `Tags`; policy store `deletionProtection` ↔
 * `DeletionProtection.Mode`, `tags` ↔ `Tags`, PutSchema's `definition` ↔ `Schema`), and the constraints where
 * CloudFormation's registry schema says something else than the API. Nothing here is a second copy of a shape:
 * `test/unit/cfn-model.test.ts` holds the result to the registry schemas in `test/reference/cloudformation/`. How
 * shapes are derived is `cfn-derive.ts`; values and paths cross over in `cfn-translate.ts` (re-exported here).
 */
import type { ObjectNode, PropertyNode, ScalarNode } from '../parse/ast';
import type { Kind } from '../types';
import { camel, derive, isRecord, pascal, type CfnResourceInfo, type CfnTypeName, type Reshape } from './cfn-derive';
import { CreateIdentitySourceInput } from './identity-source';
import { CreatePolicyStoreInput, POLICY_STORE_TAGS, SchemaDefinition } from './policy-store';
import { list, str, struct, type StringShape, type StructureShape } from './shapes';
import { CreateVerifiedAccessTrustProviderRequest } from './trust-provider';

export { camel, pascal, type CfnResourceInfo, type CfnTypeName, type Reshape } from './cfn-derive';
export {
  cfnPathToRequest,
  propertiesToRequest,
  propertiesToRequestNode,
  propertyNames,
  requestPathToCfn,
  requestToProperties,
} from './cfn-translate';

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
