/**
 * Deployed resources as requests, and requests compared with deployed resources: what Open as YAML/JSON, Compare
 * with Deployed and the drift lens show. Inputs are the AWS SDK v3 outputs as plain data (GetIdentitySource,
 * DescribeVerifiedAccessTrustProviders items); outputs use the request shapes of the four kinds.
 */
import type { Kind } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Drops undefined, null, empty objects and empty strings the service returns for unset members. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const c = clean(x);
      if (c === undefined || c === null || (isObj(c) && Object.keys(c).length === 0)) continue;
      out[k] = c;
    }
    return out;
  }
  return v;
}

function pick(o: unknown, keys: string[]): Obj {
  const out: Obj = {};
  if (!isObj(o)) return out;
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  return out;
}

/** GetIdentitySource / ListIdentitySources item → CreateIdentitySource or UpdateIdentitySource input. */
export function identitySourceRequest(deployed: Obj, kind: 'identity-source' | 'identity-source-update'): Obj {
  const conf = isObj(deployed.configuration) ? deployed.configuration : {};
  let configuration: Obj = {};
  if (isObj(conf.cognitoUserPoolConfiguration)) {
    const c = conf.cognitoUserPoolConfiguration;
    configuration = { cognitoUserPoolConfiguration: pick(c, ['userPoolArn', 'clientIds', 'groupConfiguration']) }; // issuer is output-only
  } else if (isObj(conf.openIdConnectConfiguration)) {
    configuration = {
      openIdConnectConfiguration: pick(conf.openIdConnectConfiguration, [
        'issuer',
        'entityIdPrefix',
        'groupConfiguration',
        'tokenSelection',
      ]),
    };
  } else if (isObj(deployed.details)) {
    // Identity sources from before 2024 may only carry the deprecated Cognito `details`.
    configuration = { cognitoUserPoolConfiguration: pick(deployed.details, ['userPoolArn', 'clientIds']) };
  }
  const base =
    kind === 'identity-source-update'
      ? { policyStoreId: deployed.policyStoreId, identitySourceId: deployed.identitySourceId }
      : { policyStoreId: deployed.policyStoreId };
  return clean({
    ...base,
    principalEntityType: deployed.principalEntityType,
    [kind === 'identity-source-update' ? 'updateConfiguration' : 'configuration']: configuration,
  }) as Obj;
}

const OIDC = ['Issuer', 'AuthorizationEndpoint', 'TokenEndpoint', 'UserInfoEndpoint', 'ClientId', 'Scope'];
const NATIVE = ['PublicSigningKeyEndpoint', ...OIDC];

/** A DescribeVerifiedAccessTrustProviders item → CreateVerifiedAccessTrustProvider or Modify input (no secrets: AWS does not return them). */
export function trustProviderRequest(deployed: Obj, kind: 'trust-provider' | 'trust-provider-update'): Obj {
  const tags = Array.isArray(deployed.Tags) ? (deployed.Tags as Obj[]).map(t => pick(t, ['Key', 'Value'])) : [];
  const sse = pick(deployed.SseSpecification, ['CustomerManagedKeyEnabled', 'KmsKeyArn']);
  if (sse.CustomerManagedKeyEnabled === false && sse.KmsKeyArn === undefined) delete sse.CustomerManagedKeyEnabled;
  if (kind === 'trust-provider-update') {
    return clean({
      VerifiedAccessTrustProviderId: deployed.VerifiedAccessTrustProviderId,
      Description: deployed.Description || undefined,
      OidcOptions: pick(deployed.OidcOptions, OIDC),
      DeviceOptions: pick(deployed.DeviceOptions, ['PublicSigningKeyUrl']),
      SseSpecification: sse,
      NativeApplicationOidcOptions: pick(deployed.NativeApplicationOidcOptions, NATIVE),
    }) as Obj;
  }
  return clean({
    TrustProviderType: deployed.TrustProviderType,
    UserTrustProviderType: deployed.UserTrustProviderType,
    DeviceTrustProviderType: deployed.DeviceTrustProviderType,
    PolicyReferenceName: deployed.PolicyReferenceName,
    Description: deployed.Description || undefined,
    OidcOptions: pick(deployed.OidcOptions, OIDC),
    DeviceOptions: pick(deployed.DeviceOptions, ['TenantId', 'PublicSigningKeyUrl']),
    SseSpecification: sse,
    NativeApplicationOidcOptions: pick(deployed.NativeApplicationOidcOptions, NATIVE),
    TagSpecifications: tags.length ? [{ ResourceType: 'verified-access-trust-provider', Tags: tags }] : undefined,
  }) as Obj;
}

export function requestFromDeployed(kind: Kind, deployed: Obj): Obj {
  return kind === 'identity-source' || kind === 'identity-source-update'
    ? identitySourceRequest(deployed, kind)
    : trustProviderRequest(deployed, kind);
}

export interface Difference {
  path: string;
  file: unknown;
  deployed: unknown;
}

/** Members a request carries that are not part of the resource, or that AWS never returns. */
const IGNORED = new Set(['clientToken', 'ClientToken', 'DryRun', 'ClientSecret']);
/** Lists whose order does not matter. */
const UNORDERED = new Set(['clientIds', 'audiences', 'Tags']);

function normalize(v: unknown, key: string): unknown {
  if (Array.isArray(v)) {
    const items = v.map(x => normalize(x, ''));
    return UNORDERED.has(key) ? items.map(x => JSON.stringify(x)).sort() : items;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) if (!IGNORED.has(k)) out[k] = normalize(v[k], k);
    return out;
  }
  return v;
}

/**
 * Differences between a file's request and the deployed resource as a request of the same kind. Update files
 * (Update/Modify) only state what they change, so only the members they give are compared; create files are
 * compared whole.
 */
export function compareWithDeployed(kind: Kind, fileInput: Obj, deployedInput: Obj): Difference[] {
  const out: Difference[] = [];
  const partial = kind === 'trust-provider-update';
  const walk = (a: unknown, b: unknown, path: string, key: string): void => {
    if (IGNORED.has(key)) return;
    if (isObj(a) && isObj(b)) {
      const keys = new Set([...Object.keys(a), ...(partial ? [] : Object.keys(b))]);
      for (const k of [...keys].sort()) walk(a[k], b[k], path ? `${path}.${k}` : k, k);
      return;
    }
    if (JSON.stringify(normalize(a, key)) !== JSON.stringify(normalize(b, key)))
      out.push({ path, file: a, deployed: b });
  };
  walk(clean(fileInput), clean(deployedInput), '', '');
  return out;
}
