/**
 * Amazon Verified Permissions: the CreateIdentitySource and UpdateIdentitySource requests (camelCase members),
 * as in the service model (botocore `verifiedpermissions` 2021-12-01). Checked against
 * `test/reference/constraints.json` by `test/unit/model.test.ts`.
 */
import { list, str, struct, union, type Member, type StructureShape } from './shapes';

const CEDAR_TYPE_PATTERN = '([_a-zA-Z][_a-zA-Z0-9]*::)*[_a-zA-Z][_a-zA-Z0-9]*';

const PolicyStoreId = str('PolicyStoreId', { min: 1, max: 200, pattern: '[a-zA-Z0-9-/_]*' });
const IdentitySourceId = str('IdentitySourceId', { min: 1, max: 200, pattern: '[a-zA-Z0-9-]*' });
const IdempotencyToken = str('IdempotencyToken', { min: 1, max: 64, pattern: '[a-zA-Z0-9-]*' });
const UserPoolArn = str('UserPoolArn', {
  min: 1,
  max: 255,
  pattern: 'arn:[a-zA-Z0-9-]+:cognito-idp:(([a-zA-Z0-9-]+:\\d{12}:userpool/[\\w-]+_[0-9a-zA-Z]+))',
});
const ClientId = str('ClientId', { min: 1, max: 255, pattern: '.*', sensitive: true });
const ClientIds = list('ClientIds', ClientId, { min: 0, max: 1000 });
const Issuer = str('Issuer', { min: 1, max: 2048, pattern: 'https://.*' });
const EntityIdPrefix = str('EntityIdPrefix', { min: 1, max: 100, sensitive: true });
const Claim = str('Claim', { min: 1, sensitive: true });
const Audience = str('Audience', { min: 1, max: 255 });
const Audiences = list('Audiences', Audience, { min: 1, max: 255 });
const GroupEntityType = str('GroupEntityType', { min: 1, max: 200, pattern: CEDAR_TYPE_PATTERN, sensitive: true });
const PrincipalEntityType = str('PrincipalEntityType', { min: 1, max: 200, pattern: '.*', sensitive: true });

const docs = {
  policyStoreId:
    'The policy store the identity source belongs to: its ID (such as `PSEXAMPLEabcdefg111111`) or an alias written as `policy-store-alias/<name>`.',
  principalEntityType:
    'The Cedar entity type given to principals that come from this identity source, such as `MyCorp::User`. Policies match principals by this type.',
  userPoolArn:
    'ARN of the Amazon Cognito user pool whose tokens the policy store accepts: `arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>`.',
  cognitoClientIds:
    'App client IDs of the user pool whose tokens are accepted. Leave it empty to accept tokens from every app client of the pool.',
  cognitoGroupConfiguration:
    'How Cognito groups become Cedar entities. Without it, groups get the entity type `AWS::CognitoGroup`.',
  groupEntityType:
    'The Cedar entity type that groups become, such as `MyCorp::Group`. It must be a parent type (`memberOfTypes`) of the principal type in the schema.',
  issuer:
    'The OIDC issuer URL, exactly as the provider publishes it. The service reads `<issuer>/.well-known/openid-configuration` from it.',
  entityIdPrefix:
    'A prefix for principal IDs, so that users of different providers cannot collide: principals become `<type>::"<prefix>|<claim value>"`.',
  oidcGroupConfiguration: 'Which token claim lists the user’s groups, and the Cedar type those groups become.',
  groupClaim: 'The token claim that holds the user’s group names, such as `groups`.',
  tokenSelection: 'Which tokens the policy store accepts from this provider: access tokens or ID tokens (exactly one).',
  accessTokenOnly: 'Accept only access tokens. Their `aud` claim is checked against `audiences` when given.',
  identityTokenOnly: 'Accept only ID tokens. Their `aud` claim is checked against `clientIds` when given.',
  principalIdClaim: 'The claim whose value identifies the principal; usually `sub`.',
  audiences: 'Accepted values of the access token’s `aud` claim. When present it needs at least one entry.',
  oidcClientIds: 'Accepted values of the ID token’s `aud` claim (the app’s client IDs). Empty accepts any.',
  cognito: 'Take identities from an Amazon Cognito user pool.',
  oidc: 'Take identities from any OpenID Connect provider (Okta, Entra ID, Auth0, …).',
};

function configurationShapes(prefix: '' | 'Update'): StructureShape {
  const p = (name: string) => `${prefix}${name}`;
  const cognito = struct(p('CognitoUserPoolConfiguration'), {
    userPoolArn: {
      shape: UserPoolArn,
      required: true,
      doc: docs.userPoolArn,
      example: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE',
    },
    clientIds: { shape: ClientIds, doc: docs.cognitoClientIds },
    groupConfiguration: {
      shape: struct(p('CognitoGroupConfiguration'), {
        groupEntityType: {
          shape: GroupEntityType,
          required: true,
          doc: docs.groupEntityType,
          example: 'MyCorp::Group',
        },
      }),
      doc: docs.cognitoGroupConfiguration,
    },
  });
  const tokenSelection = union(p('OpenIdConnectTokenSelection'), {
    accessTokenOnly: {
      shape: struct(p('OpenIdConnectAccessTokenConfiguration'), {
        principalIdClaim: { shape: Claim, doc: docs.principalIdClaim, example: 'sub' },
        audiences: { shape: Audiences, doc: docs.audiences },
      }),
      doc: docs.accessTokenOnly,
    },
    identityTokenOnly: {
      shape: struct(p('OpenIdConnectIdentityTokenConfiguration'), {
        principalIdClaim: { shape: Claim, doc: docs.principalIdClaim, example: 'sub' },
        clientIds: { shape: ClientIds, doc: docs.oidcClientIds },
      }),
      doc: docs.identityTokenOnly,
    },
  });
  const oidc = struct(p('OpenIdConnectConfiguration'), {
    issuer: { shape: Issuer, required: true, doc: docs.issuer, example: 'https://auth.example.com' },
    entityIdPrefix: { shape: EntityIdPrefix, doc: docs.entityIdPrefix },
    groupConfiguration: {
      shape: struct(p('OpenIdConnectGroupConfiguration'), {
        groupClaim: { shape: Claim, required: true, doc: docs.groupClaim, example: 'groups' },
        groupEntityType: {
          shape: GroupEntityType,
          required: true,
          doc: docs.groupEntityType,
          example: 'MyCorp::Group',
        },
      }),
      doc: docs.oidcGroupConfiguration,
    },
    tokenSelection: { shape: tokenSelection, required: true, doc: docs.tokenSelection },
  });
  return union(prefix ? 'UpdateConfiguration' : 'Configuration', {
    cognitoUserPoolConfiguration: { shape: cognito, doc: docs.cognito },
    openIdConnectConfiguration: { shape: oidc, doc: docs.oidc },
  });
}

const principalEntityType: Member = {
  shape: PrincipalEntityType,
  doc: docs.principalEntityType,
  example: 'MyCorp::User',
};

export const CreateIdentitySourceInput = struct('CreateIdentitySourceInput', {
  clientToken: {
    shape: IdempotencyToken,
    doc: 'Idempotency token. A retry with the same token within 8 hours returns the first result instead of creating another identity source; the same token with different parameters fails with `ConflictException`. SDKs generate one when it is missing.',
  },
  policyStoreId: { shape: PolicyStoreId, required: true, doc: docs.policyStoreId, example: 'PSEXAMPLEabcdefg111111' },
  configuration: {
    shape: configurationShapes(''),
    required: true,
    doc: 'Where identities come from: a Cognito user pool or an OIDC provider (exactly one).',
  },
  principalEntityType,
});

export const UpdateIdentitySourceInput = struct('UpdateIdentitySourceInput', {
  policyStoreId: { shape: PolicyStoreId, required: true, doc: docs.policyStoreId, example: 'PSEXAMPLEabcdefg111111' },
  identitySourceId: {
    shape: IdentitySourceId,
    required: true,
    doc: 'The identity source to change, such as `ISEXAMPLEabcdefg111111`.',
    example: 'ISEXAMPLEabcdefg111111',
  },
  updateConfiguration: {
    shape: configurationShapes('Update'),
    required: true,
    doc: 'The new provider configuration. It replaces the old one entirely: a Cognito user pool or an OIDC provider (exactly one).',
  },
  principalEntityType,
});
