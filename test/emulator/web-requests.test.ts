/**
 * Requests a web page can make a browser send to the emulator (cross-site forms and fetches, fake presigned URLs,
 * DNS rebinding): each is refused and changes nothing, and no answer carries a CORS header.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { avpHeaders, fakeSigV4, rawRequest, xmlText, type RawAnswer } from './helpers';
import { startEmulator, type Emulator } from './index';

const EC2_VERSION = '2016-11-15';
const PRESIGNED = {
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Credential': 'AKIDEXAMPLE/20240101/us-east-1/ec2/aws4_request',
  'X-Amz-Date': '20240101T000000Z',
  'X-Amz-SignedHeaders': 'host',
  'X-Amz-Signature': 'a'.repeat(64),
};
const EC2_FORM = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
const CREATE_FIELDS = {
  Action: 'CreateVerifiedAccessTrustProvider',
  Version: EC2_VERSION,
  TrustProviderType: 'user',
  UserTrustProviderType: 'iam-identity-center',
  PolicyReferenceName: 'planted',
};
const query = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const noCors = (a: RawAnswer) =>
  assert.deepEqual(
    Object.keys(a.headers).filter(h => h.startsWith('access-control-')),
    [],
    'no CORS header lets a page read the answer',
  );

describe('emulator: requests a web page can send', () => {
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

  function plantProvider(): string {
    return emulator.state.addTrustProvider({
      TrustProviderType: 'user',
      UserTrustProviderType: 'iam-identity-center',
      PolicyReferenceName: 'victim',
      Description: '',
      Tags: [],
    }).VerifiedAccessTrustProviderId;
  }

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
      const control = await send('POST', '/__emulator/reset', { 'Content-Type': 'application/json', Host: host }, '{}');
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
