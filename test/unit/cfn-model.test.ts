/**
 * The CloudFormation shapes derived from the request model (`model/cloudformation.ts`) agree with CloudFormation's
 * registry schemas (`test/reference/cloudformation/`): every settable property with its type, required flag, length
 * and item bounds, full-match pattern, enum and `oneOf` union — and nothing more. Where the product is stricter
 * because the service behind CloudFormation rejects more, the difference is listed below with its reason.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CFN_TYPES,
  cfnPathToRequest,
  propertiesToRequest,
  requestPathToCfn,
  requestToProperties,
} from '../../server/src/service/model/cloudformation';
import type { Shape } from '../../server/src/service/model/shapes';
import { ROOT } from './helpers';

interface JsonSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  title?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  definitions?: Record<string, JsonSchema>;
  readOnlyProperties?: string[];
  createOnlyProperties?: string[];
}

interface Flat {
  type: string;
  required: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: string[];
}

const FILES: Record<string, string> = {
  'AWS::VerifiedPermissions::IdentitySource': 'aws-verifiedpermissions-identitysource.json',
  'AWS::EC2::VerifiedAccessTrustProvider': 'aws-ec2-verifiedaccesstrustprovider.json',
  'AWS::VerifiedPermissions::PolicyStore': 'aws-verifiedpermissions-policystore.json',
};

/** Constraints the product adds because the service rejects more than CloudFormation's schema (path → fields). */
const SERVICE_ADDS: Record<string, Partial<Flat>> = {
  // CreatePolicyStore `tags`: key 1–128, value 0–256, at most 200 (the registry schema says only "string").
  'AWS::VerifiedPermissions::PolicyStore Tags': { max: 200 },
  'AWS::VerifiedPermissions::PolicyStore Tags[].Key': { min: 1, max: 128 },
  'AWS::VerifiedPermissions::PolicyStore Tags[].Value': { min: 0, max: 256 },
  // PutSchema: the JSON schema is at least one character.
  'AWS::VerifiedPermissions::PolicyStore Schema.CedarJson': { min: 1 },
};

function load(type: string): JsonSchema {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'cloudformation', FILES[type]), 'utf8')) as JsonSchema;
}

function flattenSchema(root: JsonSchema): Map<string, Flat> {
  const out = new Map<string, Flat>();
  const resolve = (s: JsonSchema): JsonSchema => {
    let cur = s;
    while (cur.$ref) cur = root.definitions![cur.$ref.replace('#/definitions/', '')];
    return cur;
  };
  const walk = (raw: JsonSchema, path: string, required: boolean): void => {
    const s = resolve(raw);
    if (s.oneOf) {
      const members = s.oneOf.map(o => Object.keys(o.properties ?? {})[0]);
      out.set(path, { type: 'object', required, union: members.sort() });
      for (const o of s.oneOf) for (const [k, v] of Object.entries(o.properties ?? {})) walk(v, `${path}.${k}`, false);
      return;
    }
    const type = s.type ?? 'object';
    const flat: Flat = { type, required };
    if (type === 'string') {
      if (s.minLength !== undefined) flat.min = s.minLength;
      if (s.maxLength !== undefined) flat.max = s.maxLength;
      if (s.pattern !== undefined) flat.pattern = s.pattern.replace(/^\^/, '').replace(/\$$/, '');
      if (s.enum) flat.enum = [...s.enum].sort();
    }
    if (type === 'array') {
      if (s.minItems !== undefined && s.minItems > 0) flat.min = s.minItems;
      if (s.maxItems !== undefined) flat.max = s.maxItems;
    }
    if (path) out.set(path, flat);
    if (type === 'array' && s.items) walk(s.items, `${path}[]`, false);
    for (const [k, v] of Object.entries(s.properties ?? {}))
      walk(v, path ? `${path}.${k}` : k, (s.required ?? []).includes(k));
  };
  walk(root, '', false);
  return out;
}

function flattenShape(shape: Shape, path: string, required: boolean, out: Map<string, Flat>): Map<string, Flat> {
  if (shape.type === 'structure') {
    if (path) {
      out.set(
        path,
        shape.union
          ? { type: 'object', required, union: Object.keys(shape.members).sort() }
          : { type: 'object', required },
      );
    }
    for (const [k, m] of Object.entries(shape.members))
      flattenShape(m.shape, path ? `${path}.${k}` : k, m.required === true, out);
  } else if (shape.type === 'list') {
    const flat: Flat = { type: 'array', required };
    if (shape.min !== undefined && shape.min > 0) flat.min = shape.min;
    if (shape.max !== undefined) flat.max = shape.max;
    out.set(path, flat);
    flattenShape(shape.member, `${path}[]`, false, out);
  } else if (shape.type === 'string') {
    const flat: Flat = { type: 'string', required };
    if (shape.min !== undefined) flat.min = shape.min;
    if (shape.max !== undefined) flat.max = shape.max;
    if (shape.pattern !== undefined) flat.pattern = shape.pattern;
    if (shape.enum) flat.enum = shape.enum.map(e => e.value).sort();
    out.set(path, flat);
  } else out.set(path, { type: shape.type, required });
  return out;
}

/** `^.*$` and no pattern mean the same: any single line. */
const samePattern = (a?: string, b?: string) => (a ?? '.*') === (b ?? '.*');

for (const info of Object.values(CFN_TYPES)) {
  describe(`cloudformation model: ${info.type} agrees with the registry schema`, () => {
    const schema = load(info.type);
    const theirs = flattenSchema(schema);
    const readOnly = (schema.readOnlyProperties ?? []).map(p => p.replace('/properties/', ''));
    for (const p of [...theirs.keys()]) if (readOnly.some(r => p === r || p.startsWith(`${r}.`))) theirs.delete(p);
    const ours = flattenShape(info.properties, '', false, new Map());

    it('has exactly the settable properties of the schema', () => {
      assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
      assert.ok(ours.size >= 4);
    });

    it('lists the read-only and create-only properties of the schema', () => {
      assert.deepEqual(Object.keys(info.readOnly).sort(), readOnly.filter(p => !p.includes('/')).sort());
      assert.deepEqual(
        [...info.createOnly].sort(),
        (schema.createOnlyProperties ?? []).map(p => p.replace('/properties/', '').replace(/\//g, '.')).sort(),
      );
    });

    for (const [path, t] of theirs) {
      it(path, () => {
        const o = ours.get(path);
        assert.ok(o, `missing ${path}`);
        const adds = SERVICE_ADDS[`${info.type} ${path}`] ?? {};
        assert.equal(o.type, t.type, 'type');
        assert.equal(o.required, t.required, 'required');
        assert.equal(o.min, adds.min ?? t.min, 'min');
        assert.equal(o.max, adds.max ?? t.max, 'max');
        assert.ok(samePattern(o.pattern, t.pattern), `pattern ${o.pattern} vs ${t.pattern}`);
        assert.deepEqual(o.enum, t.enum, 'enum');
        assert.deepEqual(o.union, t.union, 'union');
      });
    }
  });
}

describe('cloudformation model: crossing over to requests', () => {
  const tp = CFN_TYPES['AWS::EC2::VerifiedAccessTrustProvider'];
  const is = CFN_TYPES['AWS::VerifiedPermissions::IdentitySource'];
  const ps = CFN_TYPES['AWS::VerifiedPermissions::PolicyStore'];

  it('maps member paths both ways, through renames and reshaped properties', () => {
    const cases: [typeof tp, string, string][] = [
      [is, 'configuration.openIdConnectConfiguration.issuer', 'Configuration.OpenIdConnectConfiguration.Issuer'],
      [
        is,
        'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.clientIds[2]',
        'Configuration.OpenIdConnectConfiguration.TokenSelection.IdentityTokenOnly.ClientIds[2]',
      ],
      [is, 'principalEntityType', 'PrincipalEntityType'],
      [tp, 'TagSpecifications[0].Tags[3].Key', 'Tags[3].Key'],
      [tp, 'OidcOptions.Issuer', 'OidcOptions.Issuer'],
      [ps, 'deletionProtection', 'DeletionProtection.Mode'],
      [ps, 'validationSettings.mode', 'ValidationSettings.Mode'],
      [ps, 'definition.cedarJson', 'Schema.CedarJson'],
    ];
    for (const [info, request, cfn] of cases) {
      assert.equal(requestPathToCfn(info, request), cfn, request);
      assert.equal(cfnPathToRequest(info, cfn), request, cfn);
    }
    assert.equal(requestPathToCfn(tp, 'TagSpecifications'), 'Tags');
    assert.equal(requestPathToCfn(tp, 'TagSpecifications[1].Tags[0].Value'), 'Tags[0].Value');
  });

  it('converts values both ways and names what a template cannot hold', () => {
    const request = {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'idp',
      OidcOptions: { Issuer: 'https://example.okta.com', ClientId: 'abc' },
      TagSpecifications: [{ ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'team', Value: 'x' }] }],
      ClientToken: 'abc-1',
      DryRun: false,
    };
    const { properties, dropped } = requestToProperties(tp, request);
    assert.deepEqual(dropped, ['ClientToken', 'DryRun']);
    assert.deepEqual(properties, {
      TrustProviderType: 'user',
      UserTrustProviderType: 'oidc',
      PolicyReferenceName: 'idp',
      OidcOptions: { Issuer: 'https://example.okta.com', ClientId: 'abc' },
      Tags: [{ Key: 'team', Value: 'x' }],
    });
    const { ClientToken: _t, DryRun: _d, ...rest } = request;
    void _t;
    void _d;
    assert.deepEqual(propertiesToRequest(tp, properties), rest);

    const store = {
      ValidationSettings: { Mode: 'STRICT' },
      DeletionProtection: { Mode: 'ENABLED' },
      Tags: [{ Key: 'a', Value: 'b' }],
      Schema: { CedarJson: '{}' },
    };
    const asRequest = propertiesToRequest(ps, store);
    assert.deepEqual(asRequest, {
      validationSettings: { mode: 'STRICT' },
      deletionProtection: 'ENABLED',
      tags: { a: 'b' },
      definition: { cedarJson: '{}' },
    });
    assert.deepEqual(requestToProperties(ps, asRequest as Record<string, unknown>).properties, store);
  });
});
