/**
 * Attacks on the emulator from a web page (cross-site requests, fake presigned URLs, DNS rebinding) and malformed or
 * oversized bodies: each is refused with the protocol's error, nothing changes, and the emulator keeps answering.
 */
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { fakeSigV4, xmlText } from './helpers';
import { startEmulator, type Emulator } from './index';

const EC2_VERSION = '2016-11-15';
const PRESIGNED = {
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Credential': 'AKIDEXAMPLE/20240101/us-east-1/ec2/aws4_request',
  'X-Amz-Date': '20240101T000000Z',
  'X-Amz-SignedHeaders': 'host',
  'X-Amz-Signature': 'a'.repeat(64),
};
const AVP_HEADERS = (operation: string) => ({
  'Content-Type': 'application/x-amz-json-1.0',
  'X-Amz-Target': `VerifiedPermissions.${operation}`,
  ...fakeSigV4('verifiedpermissions'),
});
const EC2_FORM = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
const CREATE_FIELDS = {
  Action: 'CreateVerifiedAccessTrustProvider',
  Version: EC2_VERSION,
  TrustProviderType: 'user',
  UserTrustProviderType: 'iam-identity-center',
  PolicyReferenceName: 'planted',
};

const query = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

describe('emulator: hardening against web pages and malformed requests', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.close());

  /** A raw HTTP exchange with full control of the headers (Host included). */
  function send(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body: string | Buffer = '',
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${emulator.url}${path}`,
        {
          method,
          headers: {
            ...(body.length > 0 && !headers['Transfer-Encoding'] ? { 'Content-Length': String(body.length) } : {}),
            ...headers,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const avp = (operation: string, body: string | Buffer, extra: Record<string, string> = {}) =>
    send('POST', '/', { ...AVP_HEADERS(operation), ...extra }, body);
  const avpJson = (a: Answer) => JSON.parse(a.text) as Record<string, unknown>;
  const noCors = (a: Answer) =>
    assert.deepEqual(
      Object.keys(a.headers).filter(h => h.startsWith('access-control-')),
      [],
      'no CORS header lets a page read the answer',
    );

  function plantProvider(): string {
    return emulator.state.addTrustProvider({
      TrustProviderType: 'user',
      UserTrustProviderType: 'iam-identity-center',
      PolicyReferenceName: 'victim',
      Description: '',
      Tags: [],
    }).VerifiedAccessTrustProviderId;
  }

  describe('requests a web page can send', () => {
    it('refuses a GET with a fake presigned query that tries a delete (AuthFailure), and deletes nothing', async () => {
      const id = plantProvider();
      const fields = {
        Action: 'DeleteVerifiedAccessTrustProvider',
        Version: EC2_VERSION,
        VerifiedAccessTrustProviderId: id,
        ...PRESIGNED,
      };
      const r = await send('GET', `/?${query(fields)}`);
      assert.equal(r.status, 401);
      assert.equal(xmlText(r.text, 'Code'), 'AuthFailure');
      assert.match(xmlText(r.text, 'Message') ?? '', /Authorization header/);
      assert.equal(r.headers['content-type'], 'text/xml;charset=UTF-8');
      assert.ok(emulator.state.trustProviders.has(id), 'the trust provider is still there');
      assert.equal(emulator.log.entries.at(-1)?.errorCode, 'AuthFailure');
    });

    it('refuses a presigned query for Verified Permissions too (MissingAuthenticationTokenException)', async () => {
      const store = emulator.state.addPolicyStore();
      const fields = {
        ...PRESIGNED,
        'X-Amz-Credential': 'AKIDEXAMPLE/20240101/us-east-1/verifiedpermissions/aws4_request',
      };
      const r = await send(
        'POST',
        `/?${query(fields)}`,
        { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'VerifiedPermissions.DeletePolicyStore' },
        JSON.stringify({ policyStoreId: store.policyStoreId }),
      );
      assert.equal(r.status, 403);
      assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
      assert.equal(avpJson(r).__type, 'com.amazon.coral.service#MissingAuthenticationTokenException');
      assert.ok(emulator.state.policyStores.has(store.policyStoreId));
    });

    it('refuses a cross-origin form POST that tries a create (403), whatever it carries', async () => {
      const body = new URLSearchParams(CREATE_FIELDS).toString();
      const evil = {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://evil.example',
      };
      const plain = await send('POST', '/', evil, body);
      const presigned = await send('POST', `/?${query(PRESIGNED)}`, evil, body);
      for (const r of [plain, presigned]) {
        assert.equal(r.status, 403);
        assert.match(r.text, /cross-site|origin/i);
        noCors(r);
      }
      // Without the Origin header (an old browser), the missing signature still stops it.
      const unsigned = await send('POST', `/?${query(PRESIGNED)}`, EC2_FORM, body);
      assert.equal(unsigned.status, 401);
      assert.equal(emulator.state.trustProviders.size, 0, 'nothing was created');
    });

    it('refuses requests a browser marks cross-site or same-site, even when signed (403)', async () => {
      const body = new URLSearchParams(CREATE_FIELDS).toString();
      for (const site of ['cross-site', 'same-site']) {
        const r = await send('POST', '/', { ...EC2_FORM, ...fakeSigV4('ec2'), 'Sec-Fetch-Site': site }, body);
        assert.equal(r.status, 403, site);
        noCors(r);
        const state = await send('GET', '/__emulator/state', { 'Sec-Fetch-Site': site });
        assert.equal(state.status, 403, `control API, ${site}`);
      }
      assert.equal(emulator.state.trustProviders.size, 0);
      for (const site of ['same-origin', 'none']) {
        const r = await avp('ListPolicyStores', '{}', { 'Sec-Fetch-Site': site });
        assert.equal(r.status, 200, site);
      }
    });

    it('accepts only its own origin in Origin: other sites, other loopback ports and null are refused', async () => {
      for (const origin of [
        'https://evil.example',
        `http://127.0.0.1:${emulator.port + 1}`,
        'null',
        'http://localhost',
      ]) {
        const r = await avp('ListPolicyStores', '{}', { Origin: origin });
        assert.equal(r.status, 403, origin);
      }
      assert.equal((await avp('ListPolicyStores', '{}', { Origin: emulator.url })).status, 200);
    });

    it('answers a CORS preflight without any Access-Control-Allow-* header', async () => {
      for (const path of ['/', '/__emulator/reset']) {
        const r = await send('OPTIONS', path, {
          Origin: 'https://evil.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-amz-target,authorization',
        });
        assert.equal(r.status, 403, path);
        noCors(r);
      }
    });

    it('refuses a foreign Host (DNS rebinding) on the AWS and control endpoints (403)', async () => {
      const id = plantProvider();
      const body = new URLSearchParams({
        Action: 'DeleteVerifiedAccessTrustProvider',
        Version: EC2_VERSION,
        VerifiedAccessTrustProviderId: id,
      }).toString();
      for (const host of [
        'attacker.example',
        `attacker.example:${emulator.port}`,
        'localhost.evil.example',
        '127.0.0.1.nip.io',
      ]) {
        const aws = await send('POST', '/', { ...EC2_FORM, ...fakeSigV4('ec2'), Host: host }, body);
        assert.equal(aws.status, 403, host);
        const control = await send(
          'POST',
          '/__emulator/reset',
          { 'Content-Type': 'application/json', Host: host },
          '{}',
        );
        assert.equal(control.status, 403, host);
      }
      assert.ok(emulator.state.trustProviders.has(id));
      const noHost = await new Promise<string>((resolve, reject) => {
        const socket = connect(emulator.port, '127.0.0.1', () => socket.end('GET /__emulator/health HTTP/1.0\r\n\r\n'));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(noHost, /^HTTP\/1\.1 403 /, 'a request without Host');
      for (const host of [`localhost:${emulator.port}`, `127.0.0.1:${emulator.port}`, `[::1]:${emulator.port}`]) {
        const r = await send('GET', '/__emulator/health', { Host: host });
        assert.equal(r.status, 200, host);
      }
    });

    it('refuses AWS requests without an Authorization header, GETs included', async () => {
      const get = await send(
        'GET',
        `/?${query({ Action: 'DescribeVerifiedAccessTrustProviders', Version: EC2_VERSION })}`,
      );
      assert.equal(get.status, 401);
      assert.equal(xmlText(get.text, 'Code'), 'AuthFailure');
      const post = await avp('ListPolicyStores', '{}', { Authorization: '' });
      assert.equal(post.status, 403);
      assert.equal(post.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
      assert.equal(post.headers['content-type'], 'application/x-amz-json-1.0');
      assert.match(String(post.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    });
  });

  describe('null members (treated as absent, as Smithy servers do)', () => {
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
  });

  describe('malformed and oversized bodies', () => {
    const serialization = (r: Answer, what: string) => {
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
      const r = await avp(
        'PutSchema',
        JSON.stringify({ policyStoreId: store.policyStoreId, definition: { cedarJson } }),
      );
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
});
