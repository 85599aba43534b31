/** Trust provider rules: the conditions EC2 documents (user/device/oidc), tenant IDs, exclusive members, URLs, KMS. */
import {
  findProperty,
  getValue,
  isObject,
  joinPath,
  type Node,
  type ObjectNode,
  type PropertyNode,
} from '../parse/ast';
import type { CheckContext } from './context';
import { quote, shorten } from './describe';
import { rule } from './rule-info';

export const R = {
  userType: rule(
    'user-type-required',
    'rules',
    'error',
    'documented',
    '`TrustProviderType: user` needs `UserTrustProviderType`.',
  ),
  deviceType: rule(
    'device-type-required',
    'rules',
    'error',
    'documented',
    '`TrustProviderType: device` needs `DeviceTrustProviderType`.',
  ),
  deviceOptions: rule(
    'device-options-required',
    'rules',
    'error',
    'documented',
    '`TrustProviderType: device` needs `DeviceOptions`.',
  ),
  oidcOptions: rule(
    'oidc-options-required',
    'rules',
    'error',
    'documented',
    '`UserTrustProviderType: oidc` needs `OidcOptions`.',
  ),
  oidcOption: rule(
    'oidc-option-missing',
    'rules',
    'warning',
    'inferred',
    'An OIDC provider without one of Issuer, AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint, ClientId, ClientSecret, Scope (every published example sets all seven).',
  ),
  typeMismatch: rule(
    'provider-type-mismatch',
    'rules',
    'warning',
    'inferred',
    'User-provider members on a device provider or the reverse; EC2 is expected to reject the mix.',
  ),
  identityCenterOptions: rule(
    'identity-center-options',
    'rules',
    'warning',
    'inferred',
    '`iam-identity-center` takes no OIDC or device options.',
  ),
  tenantId: rule(
    'tenant-id-required',
    'rules',
    'error',
    'vendor-documented',
    'A device provider without `DeviceOptions.TenantId` (error for CrowdStrike, per its guide; warning for Jamf and JumpCloud, which only third parties document).',
  ),
  crowdstrikeTenant: rule(
    'crowdstrike-tenant-format',
    'rules',
    'warning',
    'vendor-documented',
    'A CrowdStrike tenant ID must be the customer ID lower-cased, without the `-XX` checksum suffix.',
  ),
  policyReferenceName: rule(
    'policy-reference-name',
    'rules',
    'warning',
    'inferred',
    '`PolicyReferenceName` is used as `context.<name>` in Cedar policies: keep it an identifier.',
  ),
  httpsUrl: rule(
    'https-url',
    'rules',
    'warning',
    'inferred',
    'An issuer, endpoint or key URL that is not an absolute https:// URL.',
  ),
  kmsKey: rule(
    'kms-key-arn',
    'rules',
    'warning',
    'inferred',
    '`CustomerManagedKeyEnabled: true` without `KmsKeyArn`, or a `KmsKeyArn` that is not used.',
  ),
  emptyModify: rule(
    'nothing-to-modify',
    'rules',
    'warning',
    'model',
    'A ModifyVerifiedAccessTrustProvider request that changes nothing.',
  ),
};

export const TRUST_PROVIDER_RULES = Object.values(R);

const OIDC_MEMBERS = [
  'Issuer',
  'AuthorizationEndpoint',
  'TokenEndpoint',
  'UserInfoEndpoint',
  'ClientId',
  'ClientSecret',
  'Scope',
];
const URL_MEMBERS = [
  'Issuer',
  'AuthorizationEndpoint',
  'TokenEndpoint',
  'UserInfoEndpoint',
  'PublicSigningKeyEndpoint',
];
const USER_ONLY = ['UserTrustProviderType', 'OidcOptions', 'NativeApplicationOidcOptions'];
const DEVICE_ONLY = ['DeviceTrustProviderType', 'DeviceOptions'];

function stringValue(obj: Node | undefined, key: string): string | undefined {
  const v = getValue(obj, key);
  return v?.type === 'string' ? (v.value as string) : undefined;
}

function prop(obj: ObjectNode, key: string): PropertyNode | undefined {
  return findProperty(obj, key);
}

export function checkTrustProvider(ctx: CheckContext, root: Node): void {
  if (!isObject(root)) return;
  checkUrls(ctx, root);
  checkSse(ctx, root);
  if (ctx.kind.kind === 'trust-provider-update') return checkModify(ctx, root);

  const typeProp = prop(root, 'TrustProviderType');
  const type = stringValue(root, 'TrustProviderType');
  const userType = stringValue(root, 'UserTrustProviderType');
  const deviceType = stringValue(root, 'DeviceTrustProviderType');
  const anchor: [number, number] = typeProp?.value
    ? [typeProp.value.start, typeProp.value.end]
    : [root.start, root.start];

  if (type === 'user') {
    if (!prop(root, 'UserTrustProviderType')) {
      ctx.report(
        R.userType,
        ...anchor,
        'UserTrustProviderType',
        "A 'user' trust provider needs 'UserTrustProviderType' (iam-identity-center or oidc).",
        {
          data: { member: 'UserTrustProviderType' },
        },
      );
    }
    for (const key of DEVICE_ONLY) mismatch(ctx, root, key, 'user');
  } else if (type === 'device') {
    if (!prop(root, 'DeviceTrustProviderType')) {
      ctx.report(
        R.deviceType,
        ...anchor,
        'DeviceTrustProviderType',
        "A 'device' trust provider needs 'DeviceTrustProviderType' (jamf, crowdstrike or jumpcloud).",
        {
          data: { member: 'DeviceTrustProviderType' },
        },
      );
    }
    if (!prop(root, 'DeviceOptions')) {
      ctx.report(
        R.deviceOptions,
        ...anchor,
        'DeviceOptions',
        "A 'device' trust provider needs 'DeviceOptions' with the provider's TenantId.",
        {
          data: { member: 'DeviceOptions' },
        },
      );
    }
    for (const key of USER_ONLY) mismatch(ctx, root, key, 'device');
  }

  if (type === 'user' && userType === 'oidc') {
    const oidcProp = prop(root, 'OidcOptions');
    if (!oidcProp) {
      const ut = prop(root, 'UserTrustProviderType')!;
      ctx.report(
        R.oidcOptions,
        ut.value!.start,
        ut.value!.end,
        'OidcOptions',
        "An 'oidc' trust provider needs 'OidcOptions' (issuer, endpoints, client ID and secret, scope).",
        {
          data: { member: 'OidcOptions' },
        },
      );
    } else if (isObject(oidcProp.value)) {
      const missing = OIDC_MEMBERS.filter(m => !prop(oidcProp.value as ObjectNode, m));
      for (const m of missing) {
        ctx.report(
          R.oidcOption,
          oidcProp.keyStart,
          oidcProp.keyEnd,
          joinPath('OidcOptions', m),
          `'OidcOptions' has no '${m}'. The model makes it optional, but every published OIDC setup gives it and sign-in is likely to fail without it.`,
          { data: { member: m, members: missing } },
        );
      }
    }
  }
  if (type === 'user' && userType === 'iam-identity-center') {
    for (const key of ['OidcOptions', 'NativeApplicationOidcOptions']) {
      const p = prop(root, key);
      if (p) {
        ctx.report(
          R.identityCenterOptions,
          p.keyStart,
          p.keyEnd,
          key,
          `'${key}' is not used by an 'iam-identity-center' trust provider: IAM Identity Center supplies its own OIDC settings.`,
        );
      }
    }
  }
  if (type === 'device' && deviceType) checkTenant(ctx, root, deviceType);
  checkPolicyReferenceName(ctx, root);
}

function mismatch(ctx: CheckContext, root: ObjectNode, key: string, type: 'user' | 'device'): void {
  const p = prop(root, key);
  if (!p) return;
  const other = type === 'user' ? 'device' : 'user';
  ctx.report(
    R.typeMismatch,
    p.keyStart,
    p.keyEnd,
    key,
    `'${key}' belongs to ${other} trust providers, but 'TrustProviderType' is '${type}'. EC2 is expected to reject the combination.`,
  );
}

function checkTenant(ctx: CheckContext, root: ObjectNode, deviceType: string): void {
  const options = prop(root, 'DeviceOptions');
  const tenant = options && isObject(options.value) ? prop(options.value, 'TenantId') : undefined;
  if (!tenant && options) {
    const severity = deviceType === 'crowdstrike' ? 'error' : 'warning';
    const basis =
      deviceType === 'crowdstrike'
        ? 'CrowdStrike’s integration guide requires it'
        : 'third-party documentation gives it for every setup';
    ctx.report(
      R.tenantId,
      options.keyStart,
      options.keyEnd,
      'DeviceOptions.TenantId',
      `A '${shorten(deviceType)}' device provider needs 'DeviceOptions.TenantId' (${basis}).`,
      {
        severity,
        data: { member: 'TenantId' },
      },
    );
  }
  if (deviceType === 'crowdstrike' && tenant?.value?.type === 'string') {
    const v = tenant.value.value as string;
    if (v !== v.toLowerCase() || /-[0-9a-fA-F]{2}$/.test(v)) {
      ctx.report(
        R.crowdstrikeTenant,
        tenant.value.start,
        tenant.value.end,
        'DeviceOptions.TenantId',
        `A CrowdStrike 'TenantId' is the customer ID lower-cased and without the '-XX' checksum suffix: ${quote(v.toLowerCase().replace(/-[0-9a-f]{2}$/, ''))}.`,
        { data: { suggestion: v.toLowerCase().replace(/-[0-9a-f]{2}$/, '') } },
      );
    }
  }
}

function checkPolicyReferenceName(ctx: CheckContext, root: ObjectNode): void {
  const p = prop(root, 'PolicyReferenceName');
  const v = p?.value;
  if (v?.type !== 'string' || v.value === '') return;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.value as string)) {
    ctx.report(
      R.policyReferenceName,
      v.start,
      v.end,
      'PolicyReferenceName',
      `'PolicyReferenceName' ${quote(v.value as string)} becomes the Cedar context key 'context.<name>'; use letters, digits and '_' only (not starting with a digit) so policies can write context.${shorten(String(v.value).replace(/[^A-Za-z0-9_]/g, '_'))}. It cannot be changed later.`,
    );
  }
}

function checkUrls(ctx: CheckContext, root: ObjectNode): void {
  const check = (holder: string, key: string): void => {
    const h = getValue(root, holder);
    const v = getValue(h, key);
    if (v?.type !== 'string' || v.value === '') return;
    const s = v.value as string;
    let ok: boolean;
    try {
      const u = new URL(s);
      ok = u.protocol === 'https:' && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      ctx.report(
        R.httpsUrl,
        v.start,
        v.end,
        joinPath(holder, key),
        `'${holder}.${key}' should be an absolute https:// URL; got ${JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s)}.`,
      );
    }
  };
  for (const holder of ['OidcOptions', 'NativeApplicationOidcOptions'])
    for (const key of URL_MEMBERS) check(holder, key);
  check('DeviceOptions', 'PublicSigningKeyUrl');
}

function checkSse(ctx: CheckContext, root: ObjectNode): void {
  const sse = prop(root, 'SseSpecification');
  if (!sse || !isObject(sse.value)) return;
  const enabled = getValue(sse.value, 'CustomerManagedKeyEnabled');
  const arn = prop(sse.value, 'KmsKeyArn');
  if (enabled?.type === 'boolean' && enabled.value === true && !arn) {
    ctx.report(
      R.kmsKey,
      enabled.start,
      enabled.end,
      'SseSpecification.KmsKeyArn',
      "'CustomerManagedKeyEnabled' is true but no 'KmsKeyArn' says which KMS key to use.",
      {
        data: { member: 'KmsKeyArn' },
      },
    );
  } else if (arn && !(enabled?.type === 'boolean' && enabled.value === true)) {
    ctx.report(
      R.kmsKey,
      arn.keyStart,
      arn.keyEnd,
      'SseSpecification.KmsKeyArn',
      "'KmsKeyArn' is only used when 'CustomerManagedKeyEnabled' is true.",
    );
  }
}

function checkModify(ctx: CheckContext, root: ObjectNode): void {
  const changes = root.properties.filter(
    p => !['VerifiedAccessTrustProviderId', 'DryRun', 'ClientToken'].includes(p.key),
  );
  if (changes.length === 0 && root.properties.length > 0) {
    const id = prop(root, 'VerifiedAccessTrustProviderId') ?? root.properties[0];
    ctx.report(
      R.emptyModify,
      id.keyStart,
      id.keyEnd,
      '',
      'This ModifyVerifiedAccessTrustProvider request changes nothing: add Description, OidcOptions, DeviceOptions, SseSpecification or NativeApplicationOidcOptions.',
    );
  }
}
