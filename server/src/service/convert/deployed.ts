/**
 * Copy as CloudFormation: a deployed identity source (GetIdentitySource / ListIdentitySources item) or trust
 * provider (DescribeVerifiedAccessTrustProviders item) as a resource, through its create request
 * (`requestFromDeployed`) and the request → resource conversion. AWS never returns client secrets, so none are in it.
 */
import { requestFromDeployed } from '../deployed';
import type { BaseKind } from '../types';
import { requestToResource } from './to-resource';
import type { ResourceConversion, ResourceOptions } from './types';

export function deployedToResource(
  base: BaseKind,
  deployed: Record<string, unknown>,
  options: ResourceOptions,
): ResourceConversion {
  const conversion = requestToResource(requestFromDeployed(base, deployed), base, options);
  const oidc = conversion.properties.OidcOptions;
  if (base === 'trust-provider' && oidc !== null && typeof oidc === 'object' && !('ClientSecret' in oidc))
    conversion.notes.push(
      'AWS does not return client secrets: add OidcOptions.ClientSecret, as a dynamic reference such as {{resolve:secretsmanager:…}}.',
    );
  return conversion;
}
