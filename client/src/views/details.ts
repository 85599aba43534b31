/** The detail rows under an identity source or a trust provider: what the service returned, in plain words. */
import type { IdentitySourceSummary, TrustProviderSummary } from '../aws/listing';

type Row = [name: string, value: string | undefined];

function rows(list: Row[]): [string, string][] {
  return list.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
}

const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const strs = (v: unknown) => (Array.isArray(v) ? v.filter(x => typeof x === 'string').join(', ') : undefined);

export function identitySourceDetails(s: IdentitySourceSummary): [string, string][] {
  const conf = obj(s.raw.configuration);
  const oidc = obj(conf.openIdConnectConfiguration);
  const selection = obj(oidc.tokenSelection);
  const token = obj(selection[s.tokenType ?? '']);
  return rows([
    ['Identity source ID', s.identitySourceId],
    ['Policy store ID', s.policyStoreId],
    [
      'Type',
      s.type === 'cognito' ? 'Amazon Cognito user pool' : s.type === 'oidc' ? 'OpenID Connect provider' : undefined,
    ],
    ['User pool ARN', s.userPoolArn],
    ['Issuer', s.issuer],
    ['Client IDs', s.clientIds?.length ? s.clientIds.join(', ') : undefined],
    ['Principal entity type', s.principalEntityType],
    ['Group entity type', s.groupEntityType],
    [
      'Group claim',
      typeof obj(oidc.groupConfiguration).groupClaim === 'string'
        ? (obj(oidc.groupConfiguration).groupClaim as string)
        : undefined,
    ],
    ['Entity ID prefix', typeof oidc.entityIdPrefix === 'string' ? oidc.entityIdPrefix : undefined],
    [
      'Token',
      s.tokenType === 'accessTokenOnly'
        ? 'access token'
        : s.tokenType === 'identityTokenOnly'
          ? 'ID token'
          : s.tokenType,
    ],
    ['Audiences', strs(token.audiences)],
    ['Token client IDs', strs(token.clientIds)],
    ['Principal ID claim', typeof token.principalIdClaim === 'string' ? token.principalIdClaim : undefined],
    ['Created', typeof s.raw.createdDate === 'string' ? s.raw.createdDate : undefined],
    ['Last updated', typeof s.raw.lastUpdatedDate === 'string' ? s.raw.lastUpdatedDate : undefined],
  ]);
}

export function trustProviderDetails(t: TrustProviderSummary): [string, string][] {
  const oidc = obj(t.raw.OidcOptions);
  const device = obj(t.raw.DeviceOptions);
  const native = obj(t.raw.NativeApplicationOidcOptions);
  const sse = obj(t.raw.SseSpecification);
  const s = (o: Record<string, unknown>, k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
  return rows([
    ['Trust provider ID', t.id],
    ['Type', t.trustProviderType],
    ['User trust provider type', t.userTrustProviderType],
    ['Device trust provider type', t.deviceTrustProviderType],
    ['Policy reference name', t.policyReferenceName],
    ['Description', t.description],
    ['Issuer', s(oidc, 'Issuer')],
    ['Authorization endpoint', s(oidc, 'AuthorizationEndpoint')],
    ['Token endpoint', s(oidc, 'TokenEndpoint')],
    ['User info endpoint', s(oidc, 'UserInfoEndpoint')],
    ['Client ID', s(oidc, 'ClientId')],
    ['Scope', s(oidc, 'Scope')],
    ['Native app issuer', s(native, 'Issuer')],
    ['Native app signing key endpoint', s(native, 'PublicSigningKeyEndpoint')],
    ['Tenant ID', s(device, 'TenantId')],
    ['Public signing key URL', s(device, 'PublicSigningKeyUrl')],
    [
      'Encryption',
      sse.CustomerManagedKeyEnabled === true ? `customer managed key ${s(sse, 'KmsKeyArn') ?? ''}`.trim() : undefined,
    ],
    ['Tags', t.tags.length ? t.tags.map(x => `${x.key}=${x.value}`).join(', ') : undefined],
    ['Created', s(t.raw, 'CreationTime')],
    ['Last updated', s(t.raw, 'LastUpdatedTime')],
  ]);
}
