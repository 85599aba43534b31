/**
 * EC2 Verified Access: the CreateVerifiedAccessTrustProvider and ModifyVerifiedAccessTrustProvider requests
 * (PascalCase members), as in the service model (botocore `ec2` 2016-11-15). The model constrains almost nothing
 * here; the documented conditions live in `rules/trust-provider.ts`. Checked against `test/reference/constraints.json`.
 */
import { EC2_RESOURCE_TYPES } from './ec2-resource-types';
import { bool, list, str, struct, type Member, type StructureShape } from './shapes';

const S = (name = 'String') => str(name);

const TrustProviderType = str('TrustProviderType', {
  enum: [
    { value: 'user', doc: 'Checks who the user is, through IAM Identity Center or an OpenID Connect provider.' },
    { value: 'device', doc: 'Checks the device’s posture, through Jamf, CrowdStrike or JumpCloud.' },
  ],
});
const UserTrustProviderType = str('UserTrustProviderType', {
  enum: [
    { value: 'iam-identity-center', doc: 'AWS IAM Identity Center (an organization instance in the same Region).' },
    { value: 'oidc', doc: 'Any OpenID Connect provider; needs `OidcOptions`.' },
  ],
});
const DeviceTrustProviderType = str('DeviceTrustProviderType', {
  enum: [
    { value: 'jamf', doc: 'Jamf device management; `DeviceOptions.TenantId` is the Jamf tenant.' },
    {
      value: 'crowdstrike',
      doc: 'CrowdStrike; `DeviceOptions.TenantId` is the customer ID, lower-case, without the `-XX` suffix.',
    },
    { value: 'jumpcloud', doc: 'JumpCloud; `DeviceOptions.TenantId` is the JumpCloud organization.' },
  ],
});

const oidcDocs = {
  Issuer: 'The OIDC issuer URL of the identity provider, such as `https://example.okta.com`.',
  AuthorizationEndpoint: 'The provider’s authorization endpoint (from its discovery document).',
  TokenEndpoint: 'The provider’s token endpoint (from its discovery document).',
  UserInfoEndpoint: 'The provider’s user-info endpoint (from its discovery document).',
  ClientId: 'The client ID of the application registered with the provider for Verified Access.',
  ClientSecret:
    'The client secret of that application. Keep it out of files you commit: use a secret reference and let the extension fill it in when applying.',
  Scope: 'Space-separated OAuth scopes to request, such as `openid email profile groups`.',
  PublicSigningKeyEndpoint:
    'Where native (non-browser) clients’ tokens are verified: the provider’s public signing key (JWKS) endpoint.',
};

function oidcOptions(name: string, withPublicKey: boolean): StructureShape {
  const members: Record<string, Member> = {};
  if (withPublicKey)
    members.PublicSigningKeyEndpoint = {
      shape: S(),
      doc: oidcDocs.PublicSigningKeyEndpoint,
      example: 'https://example.com/oauth2/v1/keys',
    };
  members.Issuer = { shape: S(), doc: oidcDocs.Issuer, example: 'https://example.com' };
  members.AuthorizationEndpoint = {
    shape: S(),
    doc: oidcDocs.AuthorizationEndpoint,
    example: 'https://example.com/oauth2/v1/authorize',
  };
  members.TokenEndpoint = { shape: S(), doc: oidcDocs.TokenEndpoint, example: 'https://example.com/oauth2/v1/token' };
  members.UserInfoEndpoint = {
    shape: S(),
    doc: oidcDocs.UserInfoEndpoint,
    example: 'https://example.com/oauth2/v1/userinfo',
  };
  members.ClientId = { shape: S(), doc: oidcDocs.ClientId };
  members.ClientSecret = { shape: str('ClientSecretType', { sensitive: true }), doc: oidcDocs.ClientSecret };
  members.Scope = { shape: S(), doc: oidcDocs.Scope, example: 'openid email profile groups' };
  return struct(name, members);
}

const sse = struct('VerifiedAccessSseSpecificationRequest', {
  CustomerManagedKeyEnabled: {
    shape: bool(),
    doc: 'Encrypt the provider’s data with your own KMS key (`true`, give `KmsKeyArn`) instead of an AWS-owned key.',
  },
  KmsKeyArn: {
    shape: S('KmsKeyArn'),
    doc: 'ARN of the customer managed KMS key used when `CustomerManagedKeyEnabled` is true.',
  },
});

const common = {
  Description: { shape: S(), doc: 'A description of the trust provider.' } as Member,
  DryRun: {
    shape: bool(),
    doc: 'Only check permissions: with `true` nothing is created and EC2 answers `DryRunOperation`. The CLI skeleton sets it to `true`.',
  } as Member,
  ClientToken: {
    shape: S(),
    doc: 'Idempotency token (case-sensitive). A retry with the same token returns the first result; the same token with different parameters fails with `IdempotentParameterMismatch`.',
  } as Member,
  SseSpecification: { shape: sse, doc: 'Server-side encryption of the trust provider’s data.' } as Member,
};

export const CreateVerifiedAccessTrustProviderRequest = struct('CreateVerifiedAccessTrustProviderRequest', {
  TrustProviderType: {
    shape: TrustProviderType,
    required: true,
    createOnly: true,
    doc: 'Whether the provider vouches for users (`user`) or devices (`device`).',
    example: 'user',
  },
  UserTrustProviderType: {
    shape: UserTrustProviderType,
    createOnly: true,
    doc: 'The kind of user identity provider. Required when `TrustProviderType` is `user`.',
    example: 'oidc',
  },
  DeviceTrustProviderType: {
    shape: DeviceTrustProviderType,
    createOnly: true,
    doc: 'The kind of device-management provider. Required when `TrustProviderType` is `device`.',
    example: 'jamf',
  },
  OidcOptions: {
    shape: oidcOptions('CreateVerifiedAccessTrustProviderOidcOptions', false),
    doc: 'Settings of the OpenID Connect provider. Required when `UserTrustProviderType` is `oidc`.',
  },
  DeviceOptions: {
    shape: struct('CreateVerifiedAccessTrustProviderDeviceOptions', {
      TenantId: {
        shape: S(),
        createOnly: true,
        doc: 'The tenant of the device-management provider (Jamf tenant, CrowdStrike customer ID, JumpCloud organization).',
      },
      PublicSigningKeyUrl: {
        shape: S(),
        doc: 'URL of the provider’s public signing key, used to verify device data (JumpCloud).',
      },
    }),
    doc: 'Settings of the device-management provider. Required when `TrustProviderType` is `device`.',
  },
  PolicyReferenceName: {
    shape: S(),
    required: true,
    createOnly: true,
    doc: 'The name Verified Access policies use to read this provider’s claims: `context.<PolicyReferenceName>.…`. Keep it a short identifier such as `idc` or `okta`; it cannot be changed later.',
    example: 'idp',
  },
  Description: common.Description,
  TagSpecifications: {
    shape: list(
      'TagSpecificationList',
      struct('TagSpecification', {
        ResourceType: {
          shape: str('ResourceType', {
            enum: EC2_RESOURCE_TYPES.map(value => ({
              value,
              doc:
                value === 'verified-access-trust-provider'
                  ? 'The only resource type this action tags.'
                  : 'Not valid for this action.',
            })),
            allowed: ['verified-access-trust-provider'],
          }),
          doc: 'The type of resource to tag; for this action always `verified-access-trust-provider`.',
          example: 'verified-access-trust-provider',
        },
        Tags: {
          shape: list(
            'TagList',
            struct('Tag', {
              Key: {
                shape: str('String', { documentedMax: 127 }),
                doc: 'Tag key: case-sensitive, at most 127 characters, must not start with `aws:`.',
                example: 'Name',
              },
              Value: {
                shape: str('String', { documentedMax: 256 }),
                doc: 'Tag value: at most 256 characters, may be empty.',
              },
            }),
          ),
          doc: 'The tags (at most 50 per resource, keys unique).',
        },
      }),
    ),
    createOnly: true,
    doc: 'Tags to put on the trust provider when it is created.',
  },
  ClientToken: common.ClientToken,
  DryRun: common.DryRun,
  SseSpecification: common.SseSpecification,
  NativeApplicationOidcOptions: {
    shape: oidcOptions('CreateVerifiedAccessNativeApplicationOidcOptions', true),
    doc: 'OIDC settings for native (non-browser) applications of a `user`/`oidc` provider.',
  },
});

export const ModifyVerifiedAccessTrustProviderRequest = struct('ModifyVerifiedAccessTrustProviderRequest', {
  VerifiedAccessTrustProviderId: {
    shape: S('VerifiedAccessTrustProviderId'),
    required: true,
    doc: 'The trust provider to change, such as `vatp-0bb32de759a3e19e7`.',
    example: 'vatp-0123456789abcdef0',
  },
  OidcOptions: {
    shape: oidcOptions('ModifyVerifiedAccessTrustProviderOidcOptions', false),
    doc: 'New settings of the OpenID Connect provider; members left out keep their values.',
  },
  DeviceOptions: {
    shape: struct('ModifyVerifiedAccessTrustProviderDeviceOptions', {
      PublicSigningKeyUrl: {
        shape: S(),
        doc: 'URL of the provider’s public signing key (the only device option that can change).',
      },
    }),
    doc: 'New device options. Only `PublicSigningKeyUrl` can change; the tenant is fixed at creation.',
  },
  Description: common.Description,
  DryRun: common.DryRun,
  ClientToken: common.ClientToken,
  SseSpecification: common.SseSpecification,
  NativeApplicationOidcOptions: {
    shape: oidcOptions('ModifyVerifiedAccessNativeApplicationOidcOptions', true),
    doc: 'New OIDC settings for native (non-browser) applications.',
  },
});
