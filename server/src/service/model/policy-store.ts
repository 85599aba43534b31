/**
 * Amazon Verified Permissions: the parts of CreatePolicyStore and PutSchema that a policy store declared in a
 * CloudFormation template carries (camelCase, as in botocore `verifiedpermissions` 2021-12-01). No request file kind
 * uses them; `cloudformation.ts` derives `AWS::VerifiedPermissions::PolicyStore` from them. Encryption settings are
 * left out: CloudFormation's schema has no property for them.
 */
import { str, struct, union, type Member } from './shapes';

const ValidationMode = str('ValidationMode', {
  enum: [
    {
      value: 'STRICT',
      doc: 'Every policy is validated against the schema; a policy that does not match it is rejected.',
    },
    { value: 'OFF', doc: 'Policies are not validated against the schema.' },
  ],
});

const DeletionProtection = str('DeletionProtection', {
  enum: [
    { value: 'ENABLED', doc: 'The policy store cannot be deleted until deletion protection is turned off.' },
    { value: 'DISABLED', doc: 'The policy store can be deleted (the default).' },
  ],
});

export const CreatePolicyStoreInput = struct('CreatePolicyStoreInput', {
  clientToken: {
    shape: str('IdempotencyToken', { min: 1, max: 64, pattern: '[a-zA-Z0-9-]*' }),
    doc: 'Idempotency token: a retry with the same token returns the first result instead of creating another policy store.',
  },
  validationSettings: {
    shape: struct('ValidationSettings', {
      mode: {
        shape: ValidationMode,
        required: true,
        doc: 'Whether policies are validated against the schema: `STRICT` or `OFF`.',
        example: 'STRICT',
      },
    }),
    required: true,
    doc: 'How policies added to the store are validated against its Cedar schema.',
  },
  description: {
    shape: str('PolicyStoreDescription', { min: 0, max: 150, sensitive: true }),
    doc: 'A description of the policy store, at most 150 characters.',
  },
  deletionProtection: {
    shape: DeletionProtection,
    doc: 'Whether the policy store is protected from deletion: `ENABLED` or `DISABLED` (default).',
    example: 'DISABLED',
  },
});

/** PutSchema's `definition`: the Cedar schema in its JSON form. */
export const SchemaDefinition = union('SchemaDefinition', {
  cedarJson: {
    shape: str('SchemaJson', { min: 1, sensitive: true }),
    doc: 'The Cedar schema in its JSON form, as a string.',
  },
});

/** The policy store's tags (CreatePolicyStore `tags`, a map): what each key and value may be, and how many. */
export const POLICY_STORE_TAGS = {
  key: { shape: str('TagKey', { min: 1, max: 128 }), doc: 'Tag key: 1–128 characters.', example: 'team' } as Member,
  value: { shape: str('TagValue', { min: 0, max: 256 }), doc: 'Tag value: at most 256 characters.' } as Member,
  max: 200,
};
