/**
 * Round trips of the conversions (SPEC §9, issue 10): every request example of `test/reference/examples.json` →
 * CloudFormation resource (YAML and JSON, entry and whole template) → request file is the same request, apart from
 * the members a template cannot hold (`clientToken`, `ClientToken`, `DryRun`, the ID an update names). Each resource
 * written is valid against CloudFormation's registry schema of its type (`test/reference/cloudformation/`), read
 * here independently of the product's model. The registry schemas carry no examples, so the other direction
 * (resource → request → resource) runs over hand-written resources that set every settable property.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  isConversionError,
  requestDocumentToResource,
  requestToResource,
  templateResourceToRequest,
  type RequestConversion,
  type ResourceConversion,
} from '../../server/src/service/convert';
import { parseFile } from '../../server/src/service/parse';
import type { Format, Kind } from '../../server/src/service/types';
import { ROOT, service } from './helpers';

interface Example {
  id: string;
  operation: string;
  input: Record<string, unknown>;
  fragmentPath?: string;
  expectInvalid?: boolean;
}

const examples = (
  JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'examples.json'), 'utf8')) as { examples: Example[] }
).examples;

const KIND: Record<string, Kind> = {
  CreateIdentitySource: 'identity-source',
  UpdateIdentitySource: 'identity-source-update',
  CreateVerifiedAccessTrustProvider: 'trust-provider',
  ModifyVerifiedAccessTrustProvider: 'trust-provider-update',
};
const FILE: Record<Kind, string> = {
  'identity-source': 'identity-source',
  'identity-source-update': 'identity-source',
  'trust-provider': 'trust-provider',
  'trust-provider-update': 'trust-provider',
};
const ID_MEMBER: Partial<Record<Kind, string>> = {
  'identity-source-update': 'identitySourceId',
  'trust-provider-update': 'VerifiedAccessTrustProviderId',
};
const NOT_IN_TEMPLATES = new Set(['clientToken', 'ClientToken', 'DryRun']);

// ─── CloudFormation's registry schemas, read on their own ────────────────────────────────────────────────────────

interface JsonSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  enum?: string[];
  readOnlyProperties?: string[];
  definitions?: Record<string, JsonSchema>;
}

const SCHEMA_FILES: Record<string, string> = {
  'AWS::VerifiedPermissions::IdentitySource': 'aws-verifiedpermissions-identitysource.json',
  'AWS::EC2::VerifiedAccessTrustProvider': 'aws-ec2-verifiedaccesstrustprovider.json',
  'AWS::VerifiedPermissions::PolicyStore': 'aws-verifiedpermissions-policystore.json',
};

function registrySchema(type: string): JsonSchema {
  const file = join(ROOT, 'test', 'reference', 'cloudformation', SCHEMA_FILES[type]);
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
}

/** Problems of `value` against the registry schema: unknown or read-only properties, types, required, enums. */
function registryProblems(type: string, properties: unknown): string[] {
  const root = registrySchema(type);
  const problems: string[] = [];
  const resolve = (s: JsonSchema): JsonSchema =>
    s.$ref ? resolve(root.definitions![s.$ref.replace('#/definitions/', '')]) : s;
  const walk = (schema: JsonSchema, v: unknown, path: string): void => {
    const s = resolve(schema);
    if (s.enum && !s.enum.includes(v as string)) problems.push(`${path}: not one of the enum`);
    if (s.type === 'string' && typeof v !== 'string') problems.push(`${path}: not a string`);
    if (s.type === 'boolean' && typeof v !== 'boolean') problems.push(`${path}: not a boolean`);
    if (s.type === 'array') {
      if (!Array.isArray(v)) problems.push(`${path}: not a list`);
      else v.forEach((x, i) => walk(s.items!, x, `${path}[${i}]`));
    }
    if (s.type === 'object' || s.properties) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return void problems.push(`${path}: not an object`);
      const o = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (!(r in o)) problems.push(`${path}.${r}: required`);
      if (s.oneOf && !s.oneOf.some(alt => (alt.required ?? []).every(r => r in o)))
        problems.push(`${path}: no oneOf alternative`);
      for (const [k, x] of Object.entries(o)) {
        const sub = s.properties?.[k];
        if (!sub) problems.push(`${path}.${k}: not a property`);
        else walk(sub, x, `${path}.${k}`);
      }
    }
  };
  walk({ ...root, type: 'object' }, properties, 'Properties');
  const readOnly = (root.readOnlyProperties ?? []).map(p => p.replace('/properties/', ''));
  for (const k of Object.keys(properties as object))
    if (readOnly.includes(k)) problems.push(`Properties.${k}: read-only`);
  return problems;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

const requestText = (v: unknown, format: Format) =>
  format === 'json' ? JSON.stringify(v, null, 2) : stringify(v, { lineWidth: 0 });

/** The resource text as a template (an entry alone is wrapped into `Resources`), parsed. */
function parseResource(conversion: ResourceConversion, wrapped: boolean) {
  let text = conversion.text;
  if (!wrapped)
    text =
      conversion.format === 'json'
        ? `{\n"Resources": {\n${text}}\n}\n`
        : `Resources:\n${text
            .split('\n')
            .map(l => (l ? `  ${l}` : l))
            .join('\n')}`;
  const parsed = parseFile(
    `file:///ws/t.template.${conversion.format}`,
    text,
    conversion.format,
    undefined,
    'cloudformation',
  );
  assert.deepEqual(parsed.documents[0].issues, [], text);
  return { doc: parsed.documents[0], text };
}

function back(conversion: ResourceConversion, wrapped: boolean, format: Format, kind: Kind, id?: string) {
  const { doc } = parseResource(conversion, wrapped);
  const result = templateResourceToRequest(doc, { logicalId: conversion.logicalId }, { format, kind, id });
  assert.ok(!isConversionError(result), isConversionError(result) ? result.error : '');
  return result;
}

function readRequest(result: RequestConversion): Record<string, unknown> {
  const parsed = parseFile(`file:///ws/${result.fileName}`, result.text, result.format);
  assert.deepEqual(parsed.documents[0].issues, []);
  const file = service.analyze({ uri: `file:///ws/${result.fileName}`, text: result.text })!;
  assert.ok(file, `${result.fileName} is associated by its name`);
  assert.equal(file.results()[0].kind, result.kind, 'the written file is of the kind asked for');
  return service.requestInput(file, 0)!;
}

const without = (o: Record<string, unknown>, keys: Iterable<string>) => {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
};

// ─── Request → resource → request ────────────────────────────────────────────────────────────────────────────────

describe('conversions: round trips', () => {
  const relevant = examples.filter(e => KIND[e.operation] && !e.expectInvalid);

  it('covers every request kind, with every example that is a valid request', () => {
    assert.deepEqual([...new Set(relevant.map(e => KIND[e.operation]))].sort(), Object.keys(FILE).sort());
    assert.equal(relevant.length, 8);
  });

  for (const e of relevant) {
    const kind = KIND[e.operation];
    const input = e.fragmentPath ? { policyStoreId: 'PSEXAMPLEabcdefg111111', [e.fragmentPath]: e.input } : e.input;
    const idMember = ID_MEMBER[kind];
    const expectedDropped = Object.keys(input).filter(k => NOT_IN_TEMPLATES.has(k) || k === idMember);

    for (const from of ['json', 'yaml'] as const) {
      for (const to of ['json', 'yaml'] as const) {
        for (const wrap of ['resource', 'template'] as const) {
          it(`${e.id}: ${from} request → ${to} ${wrap} → ${from} request`, () => {
            const uri = `file:///ws/${e.id}.${FILE[kind]}.${from}`;
            const file = service.analyze({ uri, text: requestText(input, from) })!;
            const conversion = requestDocumentToResource(
              file.parsed,
              i => file.results().find(r => r.index === i)?.kind,
              0,
              { format: to, wrap },
            );
            assert.ok(!isConversionError(conversion), isConversionError(conversion) ? conversion.error : '');
            assert.deepEqual(conversion.dropped.sort(), expectedDropped.sort());
            assert.deepEqual(conversion.unknown, []);
            assert.deepEqual(
              registryProblems(conversion.type, conversion.properties).filter(p => !/required/.test(p)),
              [],
            );
            if (!idMember) assert.deepEqual(registryProblems(conversion.type, conversion.properties), []);
            for (const d of expectedDropped)
              assert.ok(
                conversion.notes.some(n => n.startsWith(`Left out ${d}.`)),
                `${d} is named in a note: ${conversion.notes.join(' | ')}`,
              );

            // Back, with the ID of the resource to change given (update kinds): exactly the request.
            const id = idMember ? (input[idMember] as string) : undefined;
            const exact = back(conversion, wrap === 'template', from, kind, id);
            assert.deepEqual(exact.placeholders, []);
            assert.deepEqual(readRequest(exact), without(input, [...NOT_IN_TEMPLATES]));

            // Back without the ID: the same, with a placeholder to fill in where the ID goes.
            if (idMember) {
              const open = back(conversion, wrap === 'template', from, kind);
              assert.deepEqual(
                open.placeholders.map(p => [p.path, p.fn]),
                [[idMember, 'id']],
              );
              assert.deepEqual(without(readRequest(open), [idMember]), without(input, [...NOT_IN_TEMPLATES, idMember]));
              assert.ok(open.notes.some(n => n.startsWith(`Fill in ${idMember}:`)));
            }
          });
        }
      }
    }
  }

  it('the request written back validates as cleanly as the example (create kinds)', () => {
    for (const e of relevant.filter(x => !ID_MEMBER[KIND[x.operation]])) {
      const kind = KIND[e.operation];
      const input = e.fragmentPath ? { policyStoreId: 'PSEXAMPLEabcdefg111111', [e.fragmentPath]: e.input } : e.input;
      const conversion = requestToResource(input, kind, { format: 'yaml' });
      const result = back(conversion, false, 'json', kind);
      const errors = service.validateRequest(kind, result.request).filter(p => p.severity === 'error');
      assert.deepEqual(errors, [], e.id);
    }
  });
});

// ─── Resource → request → resource ───────────────────────────────────────────────────────────────────────────────

/** Resources that set every settable property of their type (the registry schemas have no examples). */
const RESOURCES: Record<string, { kind: Kind | undefined; properties: Record<string, unknown> }> = {
  OidcSource: {
    kind: 'identity-source',
    properties: {
      PolicyStoreId: 'PSEXAMPLEabcdefg111111',
      PrincipalEntityType: 'MyCorp::User',
      Configuration: {
        OpenIdConnectConfiguration: {
          Issuer: 'https://auth.example.com',
          EntityIdPrefix: 'MyOIDCProvider',
          GroupConfiguration: { GroupClaim: 'groups', GroupEntityType: 'MyCorp::UserGroup' },
          TokenSelection: {
            AccessTokenOnly: { Audiences: ['https://myapp.example.com'], PrincipalIdClaim: 'sub' },
          },
        },
      },
    },
  },
  CognitoSource: {
    kind: 'identity-source',
    properties: {
      PolicyStoreId: 'PSEXAMPLEabcdefg111111',
      Configuration: {
        CognitoUserPoolConfiguration: {
          UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
          ClientIds: ['a1b2c3d4e5f6g7h8i9j0kalbmc'],
          GroupConfiguration: { GroupEntityType: 'MyCorp::Group' },
        },
      },
    },
  },
  IdTokenSource: {
    kind: 'identity-source',
    properties: {
      PolicyStoreId: 'PSEXAMPLEabcdefg111111',
      Configuration: {
        OpenIdConnectConfiguration: {
          Issuer: 'https://dev-1.okta.com',
          TokenSelection: { IdentityTokenOnly: { ClientIds: ['0oa1'], PrincipalIdClaim: 'email' } },
        },
      },
    },
  },
  OktaProvider: {
    kind: 'trust-provider',
    properties: {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'okta',
      Description: 'Okta for the intranet',
      OidcOptions: {
        Issuer: 'https://example.okta.com',
        AuthorizationEndpoint: 'https://example.okta.com/oauth2/v1/authorize',
        TokenEndpoint: 'https://example.okta.com/oauth2/v1/token',
        UserInfoEndpoint: 'https://example.okta.com/oauth2/v1/userinfo',
        ClientId: '0oa1',
        ClientSecret: '{{resolve:secretsmanager:okta:SecretString:secret}}',
        Scope: 'openid email groups',
      },
      NativeApplicationOidcOptions: {
        Issuer: 'https://example.okta.com',
        AuthorizationEndpoint: 'https://example.okta.com/oauth2/v1/authorize',
        TokenEndpoint: 'https://example.okta.com/oauth2/v1/token',
        UserInfoEndpoint: 'https://example.okta.com/oauth2/v1/userinfo',
        PublicSigningKeyEndpoint: 'https://example.okta.com/oauth2/v1/keys',
        ClientId: '0oa2',
        ClientSecret: '{{resolve:secretsmanager:okta-native:SecretString:secret}}',
        Scope: 'openid',
      },
      SseSpecification: {
        CustomerManagedKeyEnabled: true,
        KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      Tags: [
        { Key: 'Name', Value: 'okta' },
        { Key: 'team', Value: '' },
      ],
    },
  },
  JamfProvider: {
    kind: 'trust-provider',
    properties: {
      TrustProviderType: 'device',
      DeviceTrustProviderType: 'jumpcloud',
      PolicyReferenceName: 'jc',
      DeviceOptions: { TenantId: 'org-1', PublicSigningKeyUrl: 'https://example.jumpcloud.com/keys' },
    },
  },
  Store: {
    kind: undefined,
    properties: {
      Description: 'Policies of the intranet',
      ValidationSettings: { Mode: 'STRICT' },
      DeletionProtection: { Mode: 'ENABLED' },
      Tags: [{ Key: 'team', Value: 'identity' }],
    },
  },
};

const TYPE_OF: Record<string, string> = {
  OidcSource: 'AWS::VerifiedPermissions::IdentitySource',
  CognitoSource: 'AWS::VerifiedPermissions::IdentitySource',
  IdTokenSource: 'AWS::VerifiedPermissions::IdentitySource',
  OktaProvider: 'AWS::EC2::VerifiedAccessTrustProvider',
  JamfProvider: 'AWS::EC2::VerifiedAccessTrustProvider',
  Store: 'AWS::VerifiedPermissions::PolicyStore',
};

describe('conversions: resource → request → resource', () => {
  for (const [logicalId, { kind, properties }] of Object.entries(RESOURCES)) {
    for (const format of ['json', 'yaml'] as const) {
      it(`${logicalId} (${format})`, () => {
        const type = TYPE_OF[logicalId];
        assert.deepEqual(registryProblems(type, properties), [], 'the fixture is a valid resource');
        const template = { Resources: { [logicalId]: { Type: type, Properties: properties } } };
        const text = requestText(template, format);
        const doc = parseFile(`file:///ws/t.template.${format}`, text, format, undefined, 'cloudformation')
          .documents[0];
        const request = templateResourceToRequest(doc, { offset: text.indexOf(logicalId) }, { format });
        assert.ok(!isConversionError(request));
        assert.equal(request.kind, kind);
        assert.deepEqual(request.placeholders, []);
        assert.deepEqual(request.dropped, []);
        if (kind) {
          const errors = service.validateRequest(kind, request.request).filter(p => p.severity === 'error');
          assert.deepEqual(errors, []);
          const again = requestToResource(request.request, kind, { format, logicalId });
          assert.deepEqual(again.properties, properties);
          assert.equal(again.logicalId, logicalId);
          assert.deepEqual(again.dropped, []);
        }
      });
    }
  }
});
