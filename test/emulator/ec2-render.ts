/** EC2 output: a trust provider as XML (model `locationName`s, no client secrets) and EC2 error codes with statuses. */
import { ProtocolError, type TrustProviderRecord } from './types';
import { el, set, text } from './xml';

/** HTTP status of each EC2 error code the emulator sends (the ones in constraints.json `ec2ErrorCodes` agree). */
export const EC2_ERROR_STATUS: Readonly<Record<string, number>> = {
  DryRunOperation: 412,
  UnauthorizedOperation: 403,
  MissingParameter: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  InvalidParameter: 400,
  UnknownParameter: 400,
  'InvalidVerifiedAccessTrustProviderId.NotFound': 400,
  IdempotentParameterMismatch: 400,
  InvalidPaginationToken: 400,
  InvalidAction: 400,
  MissingAction: 400,
  NoSuchVersion: 400,
  MalformedQueryString: 400,
  AuthFailure: 401,
  RequestLimitExceeded: 503,
  InternalError: 500,
  Unavailable: 503,
};

export function ec2Error(code: keyof typeof EC2_ERROR_STATUS, message: string): ProtocolError {
  return new ProtocolError(code, EC2_ERROR_STATUS[code] ?? 400, message);
}

const OIDC_ELEMENTS: [keyof NonNullable<TrustProviderRecord['NativeApplicationOidcOptions']>, string][] = [
  ['PublicSigningKeyEndpoint', 'publicSigningKeyEndpoint'],
  ['Issuer', 'issuer'],
  ['AuthorizationEndpoint', 'authorizationEndpoint'],
  ['TokenEndpoint', 'tokenEndpoint'],
  ['UserInfoEndpoint', 'userInfoEndpoint'],
  ['ClientId', 'clientId'],
  ['Scope', 'scope'],
];

/** OIDC options without `ClientSecret`: the service never needs to hand a secret back. */
function oidc(options: TrustProviderRecord['NativeApplicationOidcOptions']): string | undefined {
  if (!options) return undefined;
  return OIDC_ELEMENTS.map(([member, name]) => text(name, options[member])).join('');
}

/** The children of a `<verifiedAccessTrustProvider>` / `<item>` element. */
export function trustProviderXml(tp: TrustProviderRecord): string {
  return [
    text('verifiedAccessTrustProviderId', tp.VerifiedAccessTrustProviderId),
    text('description', tp.Description),
    text('trustProviderType', tp.TrustProviderType),
    text('userTrustProviderType', tp.UserTrustProviderType),
    text('deviceTrustProviderType', tp.DeviceTrustProviderType),
    el('oidcOptions', oidc(tp.OidcOptions)),
    el(
      'deviceOptions',
      tp.DeviceOptions &&
        text('tenantId', tp.DeviceOptions.TenantId) + text('publicSigningKeyUrl', tp.DeviceOptions.PublicSigningKeyUrl),
    ),
    text('policyReferenceName', tp.PolicyReferenceName),
    text('creationTime', tp.CreationTime),
    text('lastUpdatedTime', tp.LastUpdatedTime),
    tp.Tags.length > 0 ? set('tagSet', tp.Tags, t => text('key', t.Key) + text('value', t.Value)) : '',
    el(
      'sseSpecification',
      tp.SseSpecification &&
        text('customerManagedKeyEnabled', tp.SseSpecification.CustomerManagedKeyEnabled) +
          text('kmsKeyArn', tp.SseSpecification.KmsKeyArn),
    ),
    el('nativeApplicationOidcOptions', oidc(tp.NativeApplicationOidcOptions)),
  ].join('');
}
