/**
 * EC2 Query request decoding for the trust provider actions: form keys (`TagSpecification.1.Tag.1.Key`) → the SDK's
 * input object (`TagSpecifications[0].Tags[0].Key`), typed, and member paths back to form keys for messages.
 */

export type WireType =
  | { t: 'string' }
  | { t: 'boolean' }
  | { t: 'integer' }
  | { t: 'list'; item: WireType }
  | { t: 'struct'; members: Record<string, WireMember> };
/** `[member name, type]` under a form key. */
export type WireMember = readonly [string, WireType];
export type StructWire = Extract<WireType, { t: 'struct' }>;

const S: WireType = { t: 'string' };
const B: WireType = { t: 'boolean' };
const I: WireType = { t: 'integer' };
const list = (item: WireType): WireType => ({ t: 'list', item });
/** Members whose form key is their own name are given as a type; lists renamed by `locationName` as `[member, type]`. */
const struct = (members: Record<string, WireType | WireMember>): StructWire => ({
  t: 'struct',
  members: Object.fromEntries(
    Object.entries(members).map(([k, v]) => [k, Array.isArray(v) ? (v as WireMember) : ([k, v as WireType] as const)]),
  ),
});

const OIDC_KEYS = [
  'Issuer',
  'AuthorizationEndpoint',
  'TokenEndpoint',
  'UserInfoEndpoint',
  'ClientId',
  'ClientSecret',
  'Scope',
];
const OIDC = struct(Object.fromEntries(OIDC_KEYS.map(k => [k, S])));
const NATIVE_OIDC = struct({ PublicSigningKeyEndpoint: S, ...Object.fromEntries(OIDC_KEYS.map(k => [k, S])) });
const SSE = struct({ CustomerManagedKeyEnabled: B, KmsKeyArn: S });
const TAG_SPECIFICATION = struct({ ResourceType: S, Tag: ['Tags', list(struct({ Key: S, Value: S }))] });

/** Input shapes of the four actions, with form keys (botocore `EC2Serializer` naming, checked against constraints.json). */
export const EC2_INPUTS: Readonly<Record<string, StructWire>> = {
  CreateVerifiedAccessTrustProvider: struct({
    TrustProviderType: S,
    UserTrustProviderType: S,
    DeviceTrustProviderType: S,
    OidcOptions: OIDC,
    DeviceOptions: struct({ TenantId: S, PublicSigningKeyUrl: S }),
    PolicyReferenceName: S,
    Description: S,
    TagSpecification: ['TagSpecifications', list(TAG_SPECIFICATION)],
    ClientToken: S,
    DryRun: B,
    SseSpecification: SSE,
    NativeApplicationOidcOptions: NATIVE_OIDC,
  }),
  ModifyVerifiedAccessTrustProvider: struct({
    VerifiedAccessTrustProviderId: S,
    OidcOptions: OIDC,
    DeviceOptions: struct({ PublicSigningKeyUrl: S }),
    Description: S,
    DryRun: B,
    ClientToken: S,
    SseSpecification: SSE,
    NativeApplicationOidcOptions: NATIVE_OIDC,
  }),
  DescribeVerifiedAccessTrustProviders: struct({
    VerifiedAccessTrustProviderId: ['VerifiedAccessTrustProviderIds', list(S)],
    MaxResults: I,
    NextToken: S,
    Filter: ['Filters', list(struct({ Name: S, Value: ['Values', list(S)] }))],
    DryRun: B,
  }),
  DeleteVerifiedAccessTrustProvider: struct({ VerifiedAccessTrustProviderId: S, DryRun: B, ClientToken: S }),
};

export type DecodeResult =
  | { ok: true; input: Record<string, unknown> }
  | { ok: false; code: 'UnknownParameter' | 'InvalidParameterValue'; message: string };

class ListAcc {
  readonly items = new Map<number, unknown>();
}

type Slot = { get(): unknown; set(v: unknown): void };
class DecodeError extends Error {
  constructor(
    readonly code: 'UnknownParameter' | 'InvalidParameterValue',
    message: string,
  ) {
    super(message);
  }
}

/** Decodes form parameters (without `Action`, `Version` and SigV4 query fields) against an action's input shape. */
export function decodeForm(shape: StructWire, params: Iterable<[string, string]>): DecodeResult {
  const root: Record<string, unknown> = {};
  try {
    for (const [key, value] of params) insert(root, shape, key.split('.'), value, key);
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  return { ok: true, input: finish(root) as Record<string, unknown> };
}

function insert(target: Record<string, unknown>, shape: StructWire, segs: string[], value: string, key: string): void {
  const member = Object.hasOwn(shape.members, segs[0]) ? shape.members[segs[0]] : undefined;
  if (!member) throw new DecodeError('UnknownParameter', `The parameter ${key} is not recognized`);
  const [name, type] = member;
  put({ get: () => target[name], set: v => (target[name] = v) }, type, segs.slice(1), value, key);
}

function put(slot: Slot, type: WireType, rest: string[], value: string, key: string): void {
  if (type.t === 'struct') {
    if (rest.length === 0) throw new DecodeError('UnknownParameter', `The parameter ${key} is not recognized`);
    let obj = slot.get() as Record<string, unknown> | undefined;
    if (!obj) slot.set((obj = {}));
    insert(obj, type, rest, value, key);
    return;
  }
  if (type.t === 'list') {
    const index = rest[0];
    if (index === undefined || !/^[1-9]\d{0,5}$/.test(index)) {
      throw new DecodeError(
        'UnknownParameter',
        `The parameter ${key} is not recognized (list members are numbered from 1)`,
      );
    }
    let acc = slot.get() as ListAcc | undefined;
    if (!acc) slot.set((acc = new ListAcc()));
    const items = acc.items;
    const n = Number(index);
    put({ get: () => items.get(n), set: v => items.set(n, v) }, type.item, rest.slice(1), value, key);
    return;
  }
  if (rest.length > 0) throw new DecodeError('UnknownParameter', `The parameter ${key} is not recognized`);
  slot.set(scalar(type.t, value, key));
}

function scalar(t: 'string' | 'boolean' | 'integer', value: string, key: string): string | number | boolean {
  if (t === 'boolean') {
    if (value === 'true' || value === 'false') return value === 'true';
    throw new DecodeError('InvalidParameterValue', `Invalid value '${value}' for ${key}: must be true or false`);
  }
  if (t === 'integer') {
    if (/^-?\d{1,15}$/.test(value)) return Number(value);
    throw new DecodeError('InvalidParameterValue', `Invalid value '${value}' for ${key}: must be an integer`);
  }
  return value;
}

function finish(v: unknown): unknown {
  if (v instanceof ListAcc) return [...v.items.entries()].sort((a, b) => a[0] - b[0]).map(([, x]) => finish(x));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, finish(x)]));
  }
  return v;
}

/**
 * `a=b&c=d` (a form body or a query string) as pairs, strictly: `+` is a space and every `%XX` escape must be valid
 * and decode to UTF-8. Undefined when the text is malformed.
 */
export function parseForm(text: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      out.push([decodeURIComponent(k.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' '))]);
    } catch {
      return undefined;
    }
  }
  return out;
}

/** The form key of a member path: `TagSpecifications[0].Tags[1].Key` → `TagSpecification.1.Tag.2.Key`. */
export function wireKey(shape: StructWire, path: string): string {
  const out: string[] = [];
  let type: WireType | undefined = shape;
  for (const part of path.split('.').filter(Boolean)) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || type?.t !== 'struct') return path;
    const name = m[1];
    const entry: [string, WireMember] | undefined = Object.entries(type.members).find(
      ([, [member]]) => member === name,
    );
    if (!entry) return path;
    out.push(entry[0]);
    type = entry[1][1];
    for (const idx of m[2].match(/\d+/g) ?? []) {
      if (type?.t !== 'list') return path;
      out.push(String(Number(idx) + 1));
      type = type.item;
    }
  }
  return out.join('.') || path;
}
