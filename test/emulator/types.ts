/** Record types of the emulator's in-memory state and the shared vocabulary of its modules. */

export type Service = 'verifiedpermissions' | 'ec2';

export interface PolicyStoreRecord {
  policyStoreId: string;
  arn: string;
  description?: string;
  validationMode: 'OFF' | 'STRICT';
  deletionProtection: 'ENABLED' | 'DISABLED';
  /** `{ kmsEncryptionState: {...} }` or `{ default: {} }`, as GetPolicyStore returns it. */
  encryptionState:
    | { kmsEncryptionState: { key: string; encryptionContext: Record<string, string> } }
    | { default: Record<string, never> };
  tags: Record<string, string>;
  createdDate: Date;
  lastUpdatedDate: Date;
  schema?: SchemaRecord;
  /** Creation order, for stable pagination. */
  seq: number;
}

export interface SchemaRecord {
  /** The Cedar JSON schema exactly as PutSchema received it. */
  text: string;
  namespaces: string[];
  createdDate: Date;
  lastUpdatedDate: Date;
}

/** `{ entityType, entityId }`, as the API writes entity references. */
export interface EntityIdentifier {
  entityType: string;
  entityId: string;
}

/** A static policy. Its scope (effect, principal, resource, actions) is read from the statement when it is stored. */
export interface PolicyRecord {
  policyId: string;
  policyStoreId: string;
  /** `name/<something>`, unique in the store; usable in place of the policy ID. */
  name?: string;
  statement: string;
  description?: string;
  effect: 'Permit' | 'Forbid';
  /** The entity of a `==` or `in` constraint on the principal; absent when the scope leaves it open. */
  principal?: EntityIdentifier;
  resource?: EntityIdentifier;
  /** The actions of the scope; absent when the scope leaves the action open. */
  actions?: { actionType: string; actionId: string }[];
  createdDate: Date;
  lastUpdatedDate: Date;
  seq: number;
}

export interface AliasRecord {
  aliasName: string;
  policyStoreId: string;
  createdAt: Date;
  seq: number;
}

/** The `configuration` union of CreateIdentitySource / `updateConfiguration` of UpdateIdentitySource (camelCase). */
export type IdentitySourceConfiguration =
  { cognitoUserPoolConfiguration: CognitoConfiguration } | { openIdConnectConfiguration: OidcConfiguration };

export interface CognitoConfiguration {
  userPoolArn: string;
  clientIds?: string[];
  groupConfiguration?: { groupEntityType: string };
}

export interface OidcConfiguration {
  issuer: string;
  entityIdPrefix?: string;
  groupConfiguration?: { groupClaim: string; groupEntityType: string };
  tokenSelection:
    | { accessTokenOnly: { principalIdClaim?: string; audiences?: string[] } }
    | { identityTokenOnly: { principalIdClaim?: string; clientIds?: string[] } };
}

export interface IdentitySourceRecord {
  identitySourceId: string;
  policyStoreId: string;
  configuration: IdentitySourceConfiguration;
  principalEntityType: string;
  createdDate: Date;
  lastUpdatedDate: Date;
  seq: number;
}

export interface OidcOptions {
  Issuer?: string;
  AuthorizationEndpoint?: string;
  TokenEndpoint?: string;
  UserInfoEndpoint?: string;
  ClientId?: string;
  ClientSecret?: string;
  Scope?: string;
}

export interface NativeApplicationOidcOptions extends OidcOptions {
  PublicSigningKeyEndpoint?: string;
}

/** A Verified Access trust provider with the EC2 SDK's member names; `ClientSecret`s are kept but never rendered. */
export interface TrustProviderRecord {
  VerifiedAccessTrustProviderId: string;
  Description: string;
  TrustProviderType: 'user' | 'device';
  UserTrustProviderType?: 'iam-identity-center' | 'oidc';
  DeviceTrustProviderType?: 'jamf' | 'crowdstrike' | 'jumpcloud';
  PolicyReferenceName: string;
  OidcOptions?: OidcOptions;
  DeviceOptions?: { TenantId?: string; PublicSigningKeyUrl?: string };
  NativeApplicationOidcOptions?: NativeApplicationOidcOptions;
  SseSpecification?: { CustomerManagedKeyEnabled?: boolean; KmsKeyArn?: string };
  /** EC2 sends these as plain strings (`2023-08-25T18:40:36`), not timestamps. */
  CreationTime: string;
  LastUpdatedTime: string;
  Tags: { Key: string; Value: string }[];
  seq: number;
}

/**
 * `throttle`: ThrottlingException 429 / RequestLimitExceeded 503; `server-error`: 500; `access-denied`:
 * AccessDeniedException / UnauthorizedOperation 403; `reset`: the socket is destroyed; `malformed`: a 200 with a
 * truncated body; `latency`: a delay. Failures happen before anything is applied.
 */
export type FaultKind = 'throttle' | 'server-error' | 'access-denied' | 'reset' | 'malformed' | 'latency';

export interface FaultSpec {
  /** Operation name (`ListPolicyStores`, `DescribeVerifiedAccessTrustProviders`); omitted: every AWS request. */
  operation?: string;
  /** Restrict to one service; omitted: both. */
  service?: Service;
  kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  count?: number;
  /** Delay for `latency` faults. */
  latencyMs?: number;
}

/** Thrown by handlers: becomes the protocol's error response. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Modeled members besides `message` (AVP only). */
    readonly members: Record<string, unknown> = {},
    /** Smithy namespace of the shape (AVP only). */
    readonly namespace = 'com.amazonaws.verifiedpermissions',
  ) {
    super(message);
    this.name = code;
  }
}
