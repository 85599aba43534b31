/**
 * Types of the token check: the identity source as the check needs it (normalized from request files, deployed
 * resources and CloudFormation templates), the options, and the result. Plain data in and out; no token is ever part
 * of a result. Facts cited by ID are in `test/reference/token-mapping.md`.
 */

/** Where the members of the identity source live in the file it came from, so fixes can name the path to change. */
export interface MemberPaths {
  /** Path of everything above the configuration: `''` for request files, `Resources.Src.Properties` in a template. */
  prefix: string;
  /** `configuration` (create, deployed), `updateConfiguration` (update) or `Configuration` (CloudFormation). */
  configuration: string;
  /** Member names are PascalCase (CloudFormation). */
  pascal: boolean;
}

interface SourceBase {
  /** As configured; absent means the service's default `AWS::Cognito` (F-PRINCIPAL-TYPE-DEFAULT). */
  principalEntityType?: string;
  paths: MemberPaths;
}

export interface CognitoTokenSource extends SourceBase {
  type: 'cognito';
  userPoolArn: string;
  userPoolId: string;
  region: string;
  /** The `iss` of the pool's tokens (F-COGNITO-ISSUER). */
  issuer: string;
  /** Accepted app client IDs; empty: not checked (F-COGNITO-CLIENT-IDS). */
  clientIds: string[];
  /** As configured; absent means `AWS::CognitoGroup` (F-COGNITO-GROUP-DEFAULT). */
  groupEntityType?: string;
}

export interface OidcTokenSource extends SourceBase {
  type: 'oidc';
  issuer: string;
  entityIdPrefix?: string;
  /** Which token kind the identity source processes (F-OIDC-TOKEN-SELECTION). */
  tokenSelection: 'identityTokenOnly' | 'accessTokenOnly';
  /** `identityTokenOnly.clientIds`; empty: not checked. */
  clientIds: string[];
  /** `accessTokenOnly.audiences`; empty: not checked. */
  audiences: string[];
  /** As configured; absent means `sub` (F-OIDC-PRINCIPAL-CLAIM). */
  principalIdClaim?: string;
  /** Both set, or both absent (no group mapping). */
  groupClaim?: string;
  groupEntityType?: string;
}

/** An identity source as the token check needs it. Build one with `tokenSourceFromRequest` or `…FromCloudFormation`. */
export type TokenIdentitySource = CognitoTokenSource | OidcTokenSource;

export type TokenSourceResult =
  { ok: true; source: TokenIdentitySource } | { ok: false; message: string; path: string };

/** The caller's verdict on the signature: verification needs the issuer's keys (I/O and crypto) and lives in the host. */
export interface SignatureVerdict {
  status: 'valid' | 'invalid' | 'not-checked';
  /** Plain words, never the token: `no key with this kid in the issuer's JWKS`, `online checks are off`. */
  reason?: string;
}

/** What a host verifies a signature against: always the identity source's issuer, never a URL from the token. */
export interface SignatureTarget {
  issuer: string;
  /** Cognito: the pool's JWKS (F-COGNITO-JWKS). */
  jwksUrl?: string;
  /** OIDC: the discovery document whose `jwks_uri` names the keys (F-SIGNATURE). */
  discoveryUrl?: string;
  /** JWS algorithms to accept: asymmetric only. */
  algorithms: string[];
}

export type TokenParameter = 'identityToken' | 'accessToken';

export interface CheckTokenOptions {
  /** The time to check expiry against, in milliseconds since the epoch. */
  now: number;
  /** The IsAuthorizedWithToken parameter the token is sent in, when known (the emulator knows it). */
  parameter?: TokenParameter;
  /** Default: not checked. */
  signature?: SignatureVerdict;
  /** Leeway for `exp` and `nbf`, in seconds. Default 0 (F-EXPIRY). */
  clockToleranceSeconds?: number;
}

export type TokenCheckId =
  | 'format'
  | 'algorithm'
  | 'issuer'
  | 'token-type'
  | 'audience'
  | 'expiry'
  | 'not-before'
  | 'principal-id'
  | 'groups'
  | 'reserved-claims'
  | 'attributes'
  | 'principal-type'
  | 'signature';

/** `warn`: the service accepts the token, but something is likely not what the user wants. */
export type TokenCheckStatus = 'pass' | 'fail' | 'warn' | 'not-checked';

export interface TokenFix {
  /** What to do, in plain words. */
  message: string;
  /** Member paths in the identity source's file to change (`configuration.cognitoUserPoolConfiguration.clientIds`). */
  paths: string[];
}

export interface TokenCheck {
  id: TokenCheckId;
  title: string;
  status: TokenCheckStatus;
  /** Plain words. Names claims and members, never their values (those are in `expected` / `actual`). */
  reason: string;
  fix?: TokenFix;
  /** What the identity source expects and what the token has, for display. Never the token itself. */
  expected?: unknown;
  actual?: unknown;
  /** Fact IDs in test/reference/token-mapping.md this check relies on. */
  facts: string[];
}

export type TokenType = 'id' | 'access' | 'unknown';

/** How the token type was found (F-OIDC-TOKEN-TYPE). */
export type TokenTypeBasis = 'parameter' | 'token_use' | 'typ' | 'claims' | 'none';

export interface EntityUid {
  type: string;
  id: string;
}

/** An entity in Cedar's JSON entity format (what cedar-wasm takes). */
export interface CedarEntity {
  uid: EntityUid;
  attrs: Record<string, unknown>;
  parents: EntityUid[];
}

/** Why a claim is marked: `personal` data about the user, or a `session` identifier (replay, correlation). */
export type ClaimSensitivity = 'personal' | 'session';

export interface TokenCheckResult {
  /** No check failed. The signature may still be unchecked: see `complete`. */
  accepted: boolean;
  /** Every check ran (none is `not-checked`). */
  complete: boolean;
  tokenType: TokenType;
  tokenTypeBasis: TokenTypeBasis;
  checks: TokenCheck[];
  /** The JOSE header's `alg`, `kid` and `typ` (nothing else). */
  header?: { alg?: string; kid?: string; typ?: string };
  /** The decoded claims, as the token has them. Shown to the user; see `sensitiveClaims`. */
  claims?: Record<string, unknown>;
  /** Claims front ends should mask by default and never log. */
  sensitiveClaims: Array<{ name: string; why: ClaimSensitivity }>;
  /** The principal the token becomes, when its claims allow one. */
  principal?: { entityType: string; entityId: string };
  /** The principal with its attributes and parents, then its group entities. */
  entities: CedarEntity[];
  /** Access tokens: the request context the claims become (`{ token: { … } }`, F-ACCESS-TOKEN-CONTEXT). */
  context?: Record<string, unknown>;
}
