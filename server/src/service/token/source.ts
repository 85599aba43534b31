/**
 * Identity sources as the token check needs them, from every place one is written down: CreateIdentitySource and
 * UpdateIdentitySource request files, GetIdentitySource / ListIdentitySources output (including the deprecated
 * Cognito-only `details`), and the properties of an `AWS::VerifiedPermissions::IdentitySource` in a template.
 * Messages name members, never their values.
 */
import type { MemberPaths, TokenSourceResult } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The UserPoolArn pattern of the model, with its parts captured. */
const USER_POOL_ARN = /^arn:([a-zA-Z0-9-]+):cognito-idp:([a-zA-Z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** A member path in the identity source's file, from camelCase member names below the configuration union. */
export function memberPath(paths: MemberPaths, ...members: string[]): string {
  const name = (m: string) => (paths.pascal ? m.charAt(0).toUpperCase() + m.slice(1) : m);
  return [paths.prefix, paths.configuration, ...members.map(name)].filter(p => p !== '').join('.');
}

/** The path of `principalEntityType` in the identity source's file. */
export function principalTypePath(paths: MemberPaths): string {
  return [paths.prefix, paths.pascal ? 'PrincipalEntityType' : 'principalEntityType'].filter(p => p !== '').join('.');
}

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>` (F-COGNITO-ISSUER); China regions use `amazonaws.com.cn`. */
export function cognitoIssuer(partition: string, region: string, userPoolId: string): string {
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${domain}/${userPoolId}`;
}

function problem(message: string, path: string): TokenSourceResult {
  return { ok: false, message, path };
}

function cognito(c: Obj, principalEntityType: string | undefined, paths: MemberPaths): TokenSourceResult {
  const arnPath = memberPath(paths, 'cognitoUserPoolConfiguration', 'userPoolArn');
  const arn = str(c.userPoolArn);
  if (!arn) return problem('The identity source has no userPoolArn.', arnPath);
  const m = USER_POOL_ARN.exec(arn);
  if (!m) return problem('userPoolArn is not the ARN of a Cognito user pool.', arnPath);
  const [, partition, region, , userPoolId] = m;
  const group = isObj(c.groupConfiguration) ? str(c.groupConfiguration.groupEntityType) : undefined;
  return {
    ok: true,
    source: {
      type: 'cognito',
      userPoolArn: arn,
      userPoolId,
      region,
      // Deployed identity sources state the issuer the service derived; requests never carry one.
      issuer: str(c.issuer) ?? cognitoIssuer(partition, region, userPoolId),
      clientIds: strings(c.clientIds),
      ...(group ? { groupEntityType: group } : {}),
      ...(principalEntityType ? { principalEntityType } : {}),
      paths,
    },
  };
}

function oidc(c: Obj, principalEntityType: string | undefined, paths: MemberPaths): TokenSourceResult {
  const issuer = str(c.issuer);
  if (!issuer)
    return problem('The identity source has no issuer.', memberPath(paths, 'openIdConnectConfiguration', 'issuer'));
  const selPath = memberPath(paths, 'openIdConnectConfiguration', 'tokenSelection');
  const sel = isObj(c.tokenSelection) ? c.tokenSelection : undefined;
  if (!sel) return problem('The identity source has no tokenSelection.', selPath);
  const kinds = (['identityTokenOnly', 'accessTokenOnly'] as const).filter(k => isObj(sel[k]));
  if (kinds.length !== 1)
    return problem('tokenSelection must hold exactly one of identityTokenOnly and accessTokenOnly.', selPath);
  const kind = kinds[0];
  const t = sel[kind] as Obj;
  const g = isObj(c.groupConfiguration) ? c.groupConfiguration : undefined;
  const groupClaim = g ? str(g.groupClaim) : undefined;
  const groupEntityType = g ? str(g.groupEntityType) : undefined;
  if (g && (!groupClaim || !groupEntityType))
    return problem(
      'groupConfiguration needs both groupClaim and groupEntityType.',
      memberPath(paths, 'openIdConnectConfiguration', 'groupConfiguration'),
    );
  const entityIdPrefix = str(c.entityIdPrefix);
  const principalIdClaim = str(t.principalIdClaim);
  return {
    ok: true,
    source: {
      type: 'oidc',
      issuer,
      tokenSelection: kind,
      clientIds: kind === 'identityTokenOnly' ? strings(t.clientIds) : [],
      audiences: kind === 'accessTokenOnly' ? strings(t.audiences) : [],
      ...(entityIdPrefix ? { entityIdPrefix } : {}),
      ...(principalIdClaim ? { principalIdClaim } : {}),
      ...(groupClaim && groupEntityType ? { groupClaim, groupEntityType } : {}),
      ...(principalEntityType ? { principalEntityType } : {}),
      paths,
    },
  };
}

function fromConfiguration(
  conf: unknown,
  principalEntityType: string | undefined,
  paths: MemberPaths,
): TokenSourceResult {
  if (!isObj(conf)) return problem('The identity source has no configuration.', memberPath(paths));
  const c = isObj(conf.cognitoUserPoolConfiguration) ? conf.cognitoUserPoolConfiguration : undefined;
  const o = isObj(conf.openIdConnectConfiguration) ? conf.openIdConnectConfiguration : undefined;
  if (c && o)
    return problem(
      'The configuration holds both a Cognito user pool and an OIDC provider; it takes one.',
      memberPath(paths),
    );
  if (c) return cognito(c, principalEntityType, paths);
  if (o) return oidc(o, principalEntityType, paths);
  return problem(
    'The configuration holds neither cognitoUserPoolConfiguration nor openIdConnectConfiguration.',
    memberPath(paths),
  );
}

/**
 * From a CreateIdentitySource or UpdateIdentitySource request (camelCase, as in request files), or from a
 * GetIdentitySource / ListIdentitySources item (deployed; also the pre-2024 form with only `details`).
 */
export function tokenSourceFromRequest(input: unknown): TokenSourceResult {
  if (!isObj(input)) return problem('The identity source is not an object.', '');
  const principalEntityType = str(input.principalEntityType);
  if (isObj(input.updateConfiguration))
    return fromConfiguration(input.updateConfiguration, principalEntityType, {
      prefix: '',
      configuration: 'updateConfiguration',
      pascal: false,
    });
  const paths: MemberPaths = { prefix: '', configuration: 'configuration', pascal: false };
  if (input.configuration === undefined && isObj(input.details)) {
    const d = input.details;
    return cognito({ userPoolArn: d.userPoolArn, clientIds: d.clientIds }, principalEntityType, paths);
  }
  return fromConfiguration(input.configuration, principalEntityType, paths);
}

/** camelCase keys (`UserPoolArn` → `userPoolArn`), recursively; values are kept as they are. */
function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) out[k.charAt(0).toLowerCase() + k.slice(1)] = camelKeys(x);
  return out;
}

/**
 * From the `Properties` of an `AWS::VerifiedPermissions::IdentitySource` resource. Fix paths start with
 * `Resources.<logicalId>.Properties` when the logical ID is given. Values that are intrinsic functions are not
 * literals: a member given by one counts as missing.
 */
export function tokenSourceFromCloudFormation(properties: unknown, logicalId?: string): TokenSourceResult {
  const prefix = logicalId ? `Resources.${logicalId}.Properties` : '';
  if (!isObj(properties)) return problem('The resource has no Properties.', prefix);
  const p = camelKeys(properties) as Obj;
  return fromConfiguration(p.configuration, str(p.principalEntityType), {
    prefix,
    configuration: 'Configuration',
    pascal: true,
  });
}
