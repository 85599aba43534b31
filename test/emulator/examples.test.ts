/**
 * The official examples in test/reference/examples.json, round-tripped: botocore's exact request bytes and the real
 * SDK clients both succeed, the server receives the documented parameters, and answers the documented output.
 */
import assert from 'node:assert/strict';
import * as EC2 from '@aws-sdk/client-ec2';
import * as AVP from '@aws-sdk/client-verifiedpermissions';
import { avpRaw, ec2Raw, readReference, sdkClients, xmlText, type Clients } from './helpers';
import { startEmulator, type Emulator, type SeedData } from './index';

interface Example {
  id: string;
  service: 'verifiedpermissions' | 'ec2';
  operation: string;
  kind: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  outputWire?: Record<string, unknown>;
  httpRequest?: { body: string; headers: Record<string, string> };
  formParams?: Record<string, string>;
  derivedXmlResponse?: string;
}

const EXAMPLES = readReference<{ examples: Example[] }>('examples.json').examples;
const OFFICIAL = (service: string) => EXAMPLES.filter(e => e.service === service && e.kind.startsWith('official'));
type Command = new (input: unknown) => never;
const command = (module: object, operation: string) => (module as Record<string, Command>)[`${operation}Command`];

/** The state an example assumes: its stores, identity source, schema and trust provider, taken from its input and output. */
function seedFor(e: Example): SeedData {
  const out = e.outputWire ?? e.output ?? {};
  if (e.service === 'ec2') {
    const tp = (out.VerifiedAccessTrustProvider ??
      (out.VerifiedAccessTrustProviders as unknown[] | undefined)?.[0]) as Record<string, unknown>;
    if (e.operation === 'CreateVerifiedAccessTrustProvider' || !tp) return {};
    const { Tags, ...rest } = tp;
    const tags = Tags as unknown[] | undefined;
    return {
      trustProviders: [
        {
          ...rest,
          ...(tags ? { TagSpecifications: [{ ResourceType: 'verified-access-trust-provider', Tags: tags }] } : {}),
        },
      ],
    };
  }
  if (e.operation === 'ListPolicyStores') {
    return {
      policyStores: (out.policyStores as { policyStoreId: string; createdDate: string }[]).map(s => ({
        policyStoreId: s.policyStoreId,
        createdDate: s.createdDate,
      })),
    };
  }
  const storeId = e.input.policyStoreId as string;
  const items = (out.identitySources as Record<string, unknown>[] | undefined) ?? [out];
  const source = items[0];
  const details = source.details as { userPoolArn: string; clientIds: string[] } | undefined;
  const identityId = (e.input.identitySourceId ?? source.identitySourceId) as string | undefined;
  const needsSource = e.operation !== 'CreateIdentitySource' && identityId !== undefined;
  return {
    policyStores: [
      {
        policyStoreId: storeId,
        ...(typeof out.createdDate === 'string' && !needsSource ? { createdDate: out.createdDate } : {}),
        ...(out.validationSettings
          ? { validationMode: (out.validationSettings as { mode: 'OFF' | 'STRICT' }).mode }
          : {}),
        ...(typeof out.schema === 'string' ? { schema: out.schema } : {}),
        ...(needsSource
          ? {
              identitySources: [
                {
                  identitySourceId: identityId,
                  principalEntityType: (source.principalEntityType as string | undefined) ?? 'User',
                  ...(typeof source.createdDate === 'string' ? { createdDate: source.createdDate } : {}),
                  configuration: {
                    cognitoUserPoolConfiguration: details
                      ? { userPoolArn: details.userPoolArn, clientIds: details.clientIds }
                      : { userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_0exampleA' },
                  },
                },
              ],
            }
          : {}),
      },
    ],
  };
}

/** Output members whose values the emulator can reproduce (the rest are new IDs and the time of the call). */
const REPRODUCIBLE: Record<string, string[]> = {
  GetIdentitySource: ['details', 'identitySourceId', 'policyStoreId', 'principalEntityType', 'createdDate'],
  ListIdentitySources: ['identitySources'],
  ListPolicyStores: ['policyStores'],
  GetPolicyStore: ['policyStoreId', 'arn', 'validationSettings'],
  GetSchema: ['policyStoreId', 'schema'],
  CreateIdentitySource: ['policyStoreId'],
  UpdateIdentitySource: ['identitySourceId', 'policyStoreId'],
  PutSchema: ['policyStoreId'],
  DeleteIdentitySource: [],
};

/** Wire JSON with timestamps made comparable (`…28.214829Z` and `…28.214Z` name the same millisecond). */
function comparable(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && /Date$/.test(key)) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(v => comparable(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, k)]));
  }
  return value;
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map(k => [k, o[k]]));
/** Drops members the emulator adds beyond an example (e.g. `configuration` beside the legacy `details`). */
const trim = (actual: unknown, expected: unknown): unknown =>
  Array.isArray(expected) && Array.isArray(actual)
    ? actual.map((a, i) => trim(a, expected[i]))
    : expected && actual && typeof expected === 'object' && typeof actual === 'object'
      ? Object.fromEntries(
          Object.keys(expected).map(k => [
            k,
            trim((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
          ]),
        )
      : actual;

describe('emulator: official examples round-trip', () => {
  let emulator: Emulator;
  let sdk: Clients;

  before(async () => {
    emulator = await startEmulator();
    sdk = sdkClients(emulator.url, { maxAttempts: 1 });
  });
  after(async () => {
    sdk.destroy();
    await emulator.close();
  });
  const prepare = (e: Example) => {
    emulator.reset({ empty: true });
    emulator.seed(seedFor(e));
  };

  for (const e of OFFICIAL('verifiedpermissions')) {
    it(`${e.id}: botocore's request bytes give the documented output`, async () => {
      prepare(e);
      const r = await avpRaw(emulator.url, e.operation, e.httpRequest!.body);
      const body = (await r.json()) as Record<string, unknown>;
      assert.equal(r.status, 200, JSON.stringify(body));
      const expected = (e.outputWire ?? e.output)!;
      for (const key of Object.keys(expected)) assert.ok(key in body, `${key} is in the output`);
      const keys = REPRODUCIBLE[e.operation];
      assert.deepEqual(comparable(trim(pick(body, keys), pick(expected, keys))), comparable(pick(expected, keys)));
      if (e.operation === 'PutSchema') {
        // The official example answers "My::Sample::Namespace" for a schema declaring "MySampleNamespace"; we answer what it declares.
        assert.deepEqual(body.namespaces, ['MySampleNamespace']);
      }
    });

    it(`${e.id}: the SDK client sends what botocore sends and succeeds`, async () => {
      prepare(e);
      const output = await sdk.avp.send(new (command(AVP, e.operation))(e.input));
      assert.equal((output as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 200);
      const received = emulator.log.entries.at(-1)!.params;
      const sent = JSON.parse(e.httpRequest!.body) as Record<string, unknown>;
      if (e.operation === 'CreateIdentitySource' && sent.clientToken === undefined) {
        assert.match(String(received.clientToken), /^[0-9a-f-]{36}$/, 'the SDK fills the idempotency token');
        delete received.clientToken;
      }
      assert.deepEqual(received, sent);
    });
  }

  for (const e of EXAMPLES.filter(x => x.kind === 'model-doc-snippet')) {
    it(`${e.id}: the documented configuration creates an identity source that reads back the same`, async () => {
      emulator.reset({ empty: true });
      const storeId = emulator.state.addPolicyStore().policyStoreId;
      const created = await sdk.avp.send(
        new AVP.CreateIdentitySourceCommand({ policyStoreId: storeId, configuration: e.input as never }),
      );
      const got = await sdk.avp.send(
        new AVP.GetIdentitySourceCommand({ policyStoreId: storeId, identitySourceId: created.identitySourceId }),
      );
      assert.deepEqual(trim(got.configuration, e.input), e.input);
    });
  }

  for (const e of EXAMPLES.filter(x => x.kind === 'model-doc-snippet-NOT-WIRE-VALID')) {
    it(`${e.id}: the documentation's PascalCase keys are refused with ValidationException`, async () => {
      emulator.reset({ empty: true });
      const storeId = emulator.state.addPolicyStore().policyStoreId;
      const r = await avpRaw(
        emulator.url,
        e.operation,
        JSON.stringify({ policyStoreId: storeId, configuration: e.input }),
      );
      const body = (await r.json()) as { __type: string; fieldList: { path: string }[] };
      assert.equal(r.status, 400);
      assert.equal(body.__type, 'com.amazonaws.verifiedpermissions#ValidationException');
      assert.ok(body.fieldList.some(f => f.path === 'configuration.CognitoUserPoolConfiguration'));
      assert.equal(emulator.state.identitySources.size, 0);
    });
  }

  const served = new Set([
    'CreateVerifiedAccessTrustProvider',
    'DescribeVerifiedAccessTrustProviders',
    'ModifyVerifiedAccessTrustProvider',
    'DeleteVerifiedAccessTrustProvider',
  ]);
  for (const e of OFFICIAL('ec2')) {
    if (!served.has(e.operation)) {
      it(`${e.id}: an action outside the emulator's scope is refused as InvalidAction`, async () => {
        const r = await ec2Raw(emulator.url, e.formParams!);
        assert.equal(r.status, 400);
        const xml = await r.text();
        assert.equal(xmlText(xml, 'Code'), 'InvalidAction');
        assert.match(xmlText(xml, 'Message') ?? '', /DescribeVerifiedAccessTrustProviders/);
      });
      continue;
    }

    it(`${e.id}: the SDK sends the documented form parameters and gets the documented output`, async () => {
      prepare(e);
      const output = (await sdk.ec2.send(new (command(EC2, e.operation))(e.input))) as unknown as Record<
        string,
        unknown
      >;
      const received: Record<string, unknown> = {
        Action: e.operation,
        Version: '2016-11-15',
        ...emulator.log.entries.at(-1)!.params,
      };
      if (e.operation !== 'DescribeVerifiedAccessTrustProviders') {
        assert.match(String(received.ClientToken), /^[0-9a-f-]{36}$/, 'the SDK fills the idempotency token');
        delete received.ClientToken;
      }
      assert.deepEqual(received, e.formParams);
      delete output.$metadata;
      const expected = e.output!;
      const volatile = (tp: Record<string, unknown>) => {
        if (e.operation === 'CreateVerifiedAccessTrustProvider') delete tp.VerifiedAccessTrustProviderId;
        if (
          e.operation === 'CreateVerifiedAccessTrustProvider' ||
          e.operation === 'ModifyVerifiedAccessTrustProvider'
        ) {
          delete tp.CreationTime;
          delete tp.LastUpdatedTime;
        }
        return tp;
      };
      const one = (o: Record<string, unknown>) =>
        volatile({ ...((o.VerifiedAccessTrustProvider ?? {}) as Record<string, unknown>) });
      if (e.operation === 'DescribeVerifiedAccessTrustProviders') assert.deepEqual(output, expected);
      else assert.deepEqual(one(output), one(expected));
    });

    if (e.operation === 'DescribeVerifiedAccessTrustProviders' || e.operation === 'DeleteVerifiedAccessTrustProvider') {
      it(`${e.id}: the raw XML answer equals the XML derived from the documented output`, async () => {
        prepare(e);
        const r = await ec2Raw(emulator.url, e.formParams!);
        const normalize = (xml: string) =>
          xml
            .replace(/>\s+</g, '><')
            .replace(/<requestId>[^<]*<\/requestId>/, '<requestId/>')
            .trim();
        assert.equal(r.status, 200);
        assert.equal(normalize(await r.text()), normalize(e.derivedXmlResponse!));
      });
    }
  }
});
