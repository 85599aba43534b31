/**
 * Logical IDs for converted resources, derived from what the resource is about: the trust provider's policy
 * reference name (`idc` → `IdcTrustProvider`), the identity source's provider (`https://dev-1.okta.com` →
 * `OktaIdentitySource`, a Cognito user pool → `CognitoIdentitySource`). CloudFormation takes letters and digits only.
 */
import type { CfnTypeName } from '../model/cloudformation';

const SUFFIX: Record<CfnTypeName, string> = {
  'AWS::VerifiedPermissions::IdentitySource': 'IdentitySource',
  'AWS::EC2::VerifiedAccessTrustProvider': 'TrustProvider',
  'AWS::VerifiedPermissions::PolicyStore': 'PolicyStore',
};

const MAX_STEM = 64;

/** Letters and digits of `s` in PascalCase (`my-okta_app` → `MyOktaApp`); '' when none. */
export function pascalWords(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
    .slice(0, MAX_STEM);
}

/** A usable logical ID from what the user typed, or undefined when nothing of it is usable. */
export function cleanLogicalId(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const id = s.replace(/[^A-Za-z0-9]/g, '').slice(0, 255);
  return id || undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The organization's label of an issuer URL's host: `auth.example.com` → `example`, `dev-1.okta.com` → `okta`. */
function issuerLabel(issuer: string | undefined): string | undefined {
  const m = issuer !== undefined ? /^[a-z][a-z0-9+.-]*:\/\/([^/?#:@]+)/i.exec(issuer) : null;
  if (!m) return undefined;
  const labels = m[1].split('.').filter(Boolean);
  if (labels.every(l => /^\d+$/.test(l))) return undefined; // an IP address says nothing
  return labels.length >= 2 ? labels[labels.length - 2] : labels[0];
}

/** A logical ID for a resource of `type` with these `Properties`. */
export function deriveLogicalId(type: CfnTypeName, properties: Record<string, unknown>): string {
  let stem: string | undefined;
  if (type === 'AWS::EC2::VerifiedAccessTrustProvider') {
    stem =
      str(properties.PolicyReferenceName) ??
      str(properties.UserTrustProviderType) ??
      str(properties.DeviceTrustProviderType);
  } else if (type === 'AWS::VerifiedPermissions::IdentitySource') {
    const conf = isObj(properties.Configuration) ? properties.Configuration : {};
    if (isObj(conf.CognitoUserPoolConfiguration)) stem = 'Cognito';
    else if (isObj(conf.OpenIdConnectConfiguration))
      stem = issuerLabel(str(conf.OpenIdConnectConfiguration.Issuer)) ?? 'Oidc';
  }
  const words = stem !== undefined ? pascalWords(stem) : '';
  return `${words || 'My'}${SUFFIX[type]}`;
}
