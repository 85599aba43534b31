/**
 * How the emulator reads request bodies, as Smithy servers do: `null` members are absent; bodies that are malformed,
 * not UTF-8, too deep or too large get the protocol's 4xx (never a 500), and the emulator keeps serving.
 */
import assert from 'node:assert/strict';
import { avpHeaders, fakeSigV4, rawRequest, xmlText, type RawAnswer } from './helpers';
import { startEmulator, type Emulator } from './index';

const EC2_VERSION = '2016-11-15';
const EC2_FORM = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('emulator: request bodies', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.close());

  const send = (method: string, path: string, headers: Record<string, string> = {}, body: string | Buffer = '') =>
    rawRequest(`${emulator.url}${path}`, method, headers, body);
  const avp = (operation: string, body: string | Buffer, extra: Record<string, string> = {}) =>
    send('POST', '/', { ...avpHeaders(operation), ...extra }, body);
  const avpJson = (a: RawAnswer) => JSON.parse(a.text) as Record<string, unknown>;

  it('ignores a null optional member at the top level', async () => {
    const r = await avp(
      'CreatePolicyStore',
      JSON.stringify({ validationSettings: { mode: 'OFF' }, description: null, tags: null, clientToken: null }),
    );
    assert.equal(r.status, 200, r.text);
    const [store] = emulator.state.policyStores.values();
    assert.equal(store.description, undefined);
  });

  it('reports a null required member as a missing one (ValidationException)', async () => {
    const r = await avp('GetPolicyStore', JSON.stringify({ policyStoreId: null }));
    assert.equal(r.status, 400, r.text);
    const body = avpJson(r);
    assert.equal(body.__type, 'com.amazonaws.verifiedpermissions#ValidationException');
    assert.deepEqual(
      (body.fieldList as { path: string }[]).map(f => f.path),
      ['policyStoreId'],
    );
  });

  it('treats nested nulls as absent: optional ones are ignored, required ones are missing', async () => {
    const store = emulator.state.addPolicyStore();
    const userPoolArn = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5';
    const ok = await avp(
      'CreateIdentitySource',
      JSON.stringify({
        policyStoreId: store.policyStoreId,
        principalEntityType: null,
        configuration: {
          cognitoUserPoolConfiguration: { userPoolArn, clientIds: null, groupConfiguration: null },
          openIdConnectConfiguration: null,
        },
      }),
    );
    assert.equal(ok.status, 200, ok.text);
    const [source] = emulator.state.identitySources.values();
    assert.deepEqual(source.configuration, { cognitoUserPoolConfiguration: { userPoolArn } });
    assert.equal(source.principalEntityType, 'AWS::Cognito');

    const other = emulator.state.addPolicyStore();
    const missing = await avp(
      'CreateIdentitySource',
      JSON.stringify({
        policyStoreId: other.policyStoreId,
        configuration: { cognitoUserPoolConfiguration: { userPoolArn: null, clientIds: ['c'] } },
      }),
    );
    assert.equal(missing.status, 400, missing.text);
    const paths = (avpJson(missing).fieldList as { path: string }[]).map(f => f.path);
    assert.deepEqual(paths, ['configuration.cognitoUserPoolConfiguration.userPoolArn']);
    assert.equal(emulator.state.identitySources.size, 1);
  });

  it('keeps a null inside a list an error of that list (not a crash)', async () => {
    const store = emulator.state.addPolicyStore();
    const r = await avp(
      'CreateIdentitySource',
      JSON.stringify({
        policyStoreId: store.policyStoreId,
        configuration: {
          cognitoUserPoolConfiguration: {
            userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
            clientIds: [null],
          },
        },
      }),
    );
    assert.equal(r.status, 400, r.text);
    assert.equal(avpJson(r).__type, 'com.amazonaws.verifiedpermissions#ValidationException');
  });

  const serialization = (r: RawAnswer, what: string) => {
    assert.equal(r.status, 400, `${what}: ${r.text.slice(0, 200)}`);
    assert.equal(r.headers['x-amzn-errortype'], 'SerializationException', what);
    assert.equal(avpJson(r).__type, 'com.amazon.coral.service#SerializationException', what);
  };

  it('answers a 400,000-deep JSON body with SerializationException, and keeps serving', async () => {
    const deep = '['.repeat(400_000) + ']'.repeat(400_000);
    serialization(await avp('ListPolicyStores', deep), 'deep array');
    serialization(await avp('ListPolicyStores', `{"maxResults":${deep}}`), 'deep member');
    const objects = '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000);
    serialization(await avp('CreatePolicyStore', objects), 'deep objects');
    assert.equal((await avp('ListPolicyStores', '{}')).status, 200);
  });

  it('answers a too-deep Cedar schema in PutSchema with ValidationException, not a crash', async () => {
    const store = emulator.state.addPolicyStore();
    const cedarJson = '{"N":'.repeat(16_000) + '{}' + '}'.repeat(16_000);
    const r = await avp('PutSchema', JSON.stringify({ policyStoreId: store.policyStoreId, definition: { cedarJson } }));
    assert.equal(r.status, 400, r.text.slice(0, 200));
    assert.equal(avpJson(r).__type, 'com.amazonaws.verifiedpermissions#ValidationException');
    assert.equal(store.schema, undefined);
  });

  it('answers bodies that are not a JSON object, truncated, or not UTF-8 with SerializationException', async () => {
    const cases: [string, string | Buffer][] = [
      ['not JSON', 'hello'],
      ['truncated', '{"maxResults":'],
      ['an array', '[]'],
      ['a string', '"x"'],
      ['null', 'null'],
      ['a number', '1'],
      ['two values', '{} {}'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      [
        'invalid UTF-8 in a string',
        Buffer.concat([Buffer.from('{"nextToken":"'), Buffer.from([0xc3]), Buffer.from('"}')]),
      ],
    ];
    for (const [what, body] of cases) serialization(await avp('ListPolicyStores', body), what);
  });

  it('answers EC2 forms with broken percent-encoding or invalid UTF-8 with a 400 EC2 error', async () => {
    const cases: [string, string | Buffer][] = [
      ['bad escape', 'Action=DescribeVerifiedAccessTrustProviders&Version=2016-11-15&Filter.1.Name=%zz'],
      ['encoded invalid UTF-8', 'Action=DescribeVerifiedAccessTrustProviders&Version=2016-11-15&Filter.1.Name=%FF'],
      [
        'raw invalid UTF-8',
        Buffer.concat([
          Buffer.from('Action=DescribeVerifiedAccessTrustProviders&Version=2016-11-15&Filter.1.Name='),
          Buffer.from([0xff]),
        ]),
      ],
    ];
    for (const [what, body] of cases) {
      const r = await send('POST', '/', { ...EC2_FORM, ...fakeSigV4('ec2') }, body);
      assert.equal(r.status, 400, what);
      assert.equal(xmlText(r.text, 'Code'), 'MalformedQueryString', what);
    }
  });

  it('does not take names of Object.prototype for operations, actions or form keys', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const op = await avp(name, '{}');
      assert.equal(op.status, 400, name);
      assert.equal(avpJson(op).__type, 'com.amazon.coral.service#UnknownOperationException', name);
      const signed = { ...EC2_FORM, ...fakeSigV4('ec2') };
      const action = await send('POST', '/', signed, `Action=${name}&Version=${EC2_VERSION}`);
      assert.equal(xmlText(action.text, 'Code'), 'InvalidAction', name);
      const key = await send(
        'POST',
        '/',
        signed,
        `Action=DescribeVerifiedAccessTrustProviders&Version=${EC2_VERSION}&${name}=x`,
      );
      assert.equal(xmlText(key.text, 'Code'), 'UnknownParameter', name);
    }
  });

  it('answers a body over the limit with 413, for both protocols, and keeps serving', async () => {
    const huge = `{"description":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const r = await avp('CreatePolicyStore', huge);
    assert.equal(r.status, 413);
    const form = await send(
      'POST',
      '/',
      { ...EC2_FORM, ...fakeSigV4('ec2') },
      `Action=x&Pad=${'y'.repeat(3 * 1024 * 1024)}`,
    );
    assert.equal(form.status, 413);
    const chunked = await avp('CreatePolicyStore', huge, { 'Transfer-Encoding': 'chunked' });
    assert.equal(chunked.status, 413, 'without Content-Length, found while reading');
    assert.equal(emulator.state.policyStores.size, 0);
    assert.equal(emulator.log.count(), 0, 'no operation ran');
    assert.equal((await avp('ListPolicyStores', '{}')).status, 200);
  });

  it('answers a too-deep control API body with 400', async () => {
    const deep = '['.repeat(400_000) + ']'.repeat(400_000);
    const r = await send('POST', '/__emulator/seed', { 'Content-Type': 'application/json' }, deep);
    assert.equal(r.status, 400);
    assert.match(r.text, /deep/);
  });
});
