/** The emulator's wire tables checked against test/reference/constraints.json, and its building blocks in isolation. */
import assert from 'node:assert/strict';
import { AVP_ERROR_STATUS, avpError, avpErrorBody } from './avp-errors';
import { EC2_ERROR_STATUS } from './ec2-render';
import { isLoopbackHost } from './admission';
import { decodeForm, EC2_INPUTS, parseForm, wireKey, type WireType } from './ec2-wire';
import { readReference } from './helpers';
import { canonicalJson } from './idempotency';
import { decodeUtf8, nestsDeeperThan, readJson } from './json';
import { AVP_OPERATIONS, EC2_ACTIONS } from './index';
import { redact } from './log';
import { PageTokens } from './paging';
import { checkSigV4 } from './sigv4';
import { errorDocument, escapeXml } from './xml';

interface Constraints {
  operations: Record<string, unknown>;
  paths: Record<string, { type: string; queryKey?: string }>;
  errors: Record<string, { httpStatus: number; bodyTypeValue: string; members: Record<string, unknown> }>;
  ec2ErrorCodes: Record<string, { httpStatus: number }>;
}
const C = readReference<Constraints>('constraints.json');

/** `A[].B[].C` → `A[0].B[1].C` (so that the i-th and j-th indexes become 1 and 2 on the wire). */
const indexed = (path: string) => {
  let n = 0;
  return path.replace(/\[\]/g, () => `[${n++}]`);
};

function typeAt(shape: WireType, path: string): WireType | undefined {
  let t: WireType | undefined = shape;
  for (const part of path.split('.')) {
    const [, name, brackets] = /^([^[]*)((?:\[\])*)$/.exec(part)!;
    if (t?.t !== 'struct') return undefined;
    t = Object.values(t.members).find(([member]) => member === name)?.[1];
    for (let i = 0; i < brackets.length / 2; i++) t = t?.t === 'list' ? t.item : undefined;
  }
  return t;
}

describe('emulator: wire tables and building blocks', () => {
  it('names every EC2 input member by the form key constraints.json gives, with the same type', () => {
    let checked = 0;
    for (const [path, info] of Object.entries(C.paths)) {
      const [op, ...rest] = path.split('.');
      const shape = EC2_INPUTS[op];
      if (!shape || path.includes('#output') || !info.queryKey) continue;
      const member = rest.join('.');
      const expectedKey = info.queryKey.replace('{i}', '1').replace('{j}', '2');
      assert.equal(wireKey(shape, indexed(member)), expectedKey, path);
      const type = typeAt(shape, member);
      assert.ok(type, `${path} is decoded`);
      assert.equal(type.t === 'struct' ? 'structure' : type.t, info.type, path);
      checked++;
    }
    assert.ok(checked >= 70, `${checked} paths checked`);
  });

  it('decodes flattened, 1-based, out-of-order form lists into the SDK input shape', () => {
    const decoded = decodeForm(EC2_INPUTS.CreateVerifiedAccessTrustProvider, [
      ['TagSpecification.1.Tag.2.Key', 'b'],
      ['TagSpecification.1.Tag.1.Key', 'a'],
      ['TagSpecification.1.ResourceType', 'verified-access-trust-provider'],
      ['OidcOptions.Scope', 'openid email'],
      ['DryRun', 'false'],
    ]);
    assert.deepEqual(decoded, {
      ok: true,
      input: {
        TagSpecifications: [{ Tags: [{ Key: 'a' }, { Key: 'b' }], ResourceType: 'verified-access-trust-provider' }],
        OidcOptions: { Scope: 'openid email' },
        DryRun: false,
      },
    });
    assert.deepEqual(decodeForm(EC2_INPUTS.DescribeVerifiedAccessTrustProviders, [['MaxResults', '5']]), {
      ok: true,
      input: { MaxResults: 5 },
    });
    for (const bad of [
      'OidcOptions',
      'OidcOptions.Issuer.X',
      'TagSpecification.x.ResourceType',
      'DeviceOptions.TenantId.1',
    ]) {
      const r = decodeForm(EC2_INPUTS.CreateVerifiedAccessTrustProvider, [[bad, 'v']]);
      assert.equal(r.ok ? 'ok' : r.code, 'UnknownParameter', bad);
    }
    const modify = decodeForm(EC2_INPUTS.ModifyVerifiedAccessTrustProvider, [['DeviceOptions.TenantId', 't']]);
    assert.equal(modify.ok ? 'ok' : modify.code, 'UnknownParameter', 'TenantId cannot be modified');
  });

  it('uses the HTTP statuses of constraints.json for every error both know', () => {
    const unused: string[] = [];
    for (const [code, { httpStatus }] of Object.entries(C.ec2ErrorCodes)) {
      if (EC2_ERROR_STATUS[code] === undefined) unused.push(code);
      else assert.equal(EC2_ERROR_STATUS[code], httpStatus, code);
    }
    assert.deepEqual(unused, ['InvalidVerifiedAccessInstanceId.NotFound'], 'only Attach/Detach (not served) need more');
    for (const [id, error] of Object.entries(C.errors)) {
      const name = id.split(':')[1];
      assert.equal(AVP_ERROR_STATUS[name], error.httpStatus, name);
    }
    const body = avpErrorBody(avpError.notFound('POLICY_STORE', 'PS1'));
    assert.equal(body.__type, C.errors['verifiedpermissions:ResourceNotFoundException'].bodyTypeValue);
    for (const member of Object.keys(C.errors['verifiedpermissions:ResourceNotFoundException'].members))
      assert.ok(member in body, member);
  });

  it('serves every Verified Permissions operation of constraints.json and the four trust provider actions', () => {
    for (const op of Object.keys(C.operations)) {
      const [service, name] = op.split(':') as [string, string];
      if (service === 'verifiedpermissions') assert.ok(AVP_OPERATIONS.includes(name), name);
      else if (!/^(Attach|Detach)/.test(name)) assert.ok(EC2_ACTIONS.includes(name), name);
    }
    for (const op of ['CreatePolicyStore', 'DeletePolicyStore']) assert.ok(AVP_OPERATIONS.includes(op));
  });

  it('issues page tokens only this emulator, for this query, accepts', () => {
    const pages = new PageTokens();
    const token = pages.issue('ListPolicyStores', 7);
    assert.match(token, /^[A-Za-z0-9\-_=+/.]+$/, 'fits the NextToken pattern');
    assert.equal(pages.read('ListPolicyStores', token), 7);
    assert.equal(pages.read('ListIdentitySources|PS1', token), undefined);
    assert.equal(new PageTokens().read('ListPolicyStores', token), undefined);
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ a: 0, s: 'x' })).toString('base64url');
    assert.equal(pages.read('ListPolicyStores', `${forged}.${sig}`), undefined);
    assert.equal(pages.read('ListPolicyStores', `${body}.${sig}.x`), undefined);
    assert.equal(pages.read('ListPolicyStores', 'garbage'), undefined);
  });

  it('checks the SigV4 Authorization header for form, date and service scope only, and refuses presigned queries', () => {
    const header = (extra: Record<string, string>) => ({ 'x-amz-date': '20240101T000000Z', ...extra });
    const auth = (scope: string, signed = 'host;x-amz-date') =>
      `AWS4-HMAC-SHA256 Credential=AKID/${scope}/aws4_request, SignedHeaders=${signed}, Signature=${'a'.repeat(64)}`;
    const none = new URLSearchParams();
    assert.deepEqual(checkSigV4(header({ authorization: auth('20240101/eu-west-3/ec2') }), none, 'ec2'), {
      ok: true,
      accessKeyId: 'AKID',
      region: 'eu-west-3',
    });
    assert.equal(
      checkSigV4(header({ authorization: auth('20240101/us-east-1/ec2', 'x-amz-date') }), none, 'ec2').ok,
      false,
    );
    assert.equal(checkSigV4(header({ authorization: auth('20231231/us-east-1/ec2') }), none, 'ec2').ok, false);
    const wrong = checkSigV4(header({ authorization: auth('20240101/us-east-1/ec2') }), none, 'verifiedpermissions');
    assert.equal(wrong.ok ? 'ok' : wrong.problem, 'wrong-service');
    const missing = checkSigV4({}, none, 'ec2');
    assert.equal(missing.ok ? 'ok' : missing.problem, 'missing');
    const presigned = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKID/20240101/us-east-1/ec2/aws4_request',
      'X-Amz-Date': '20240101T000000Z',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': 'b'.repeat(64),
    });
    const query = checkSigV4({}, presigned, 'ec2');
    assert.equal(query.ok ? 'ok' : query.problem, 'missing');
    const both = checkSigV4(header({ authorization: auth('20240101/us-east-1/ec2') }), presigned, 'ec2');
    assert.equal(both.ok ? 'ok' : both.problem, 'malformed');
    const empty = checkSigV4(header({ authorization: ' ' }), none, 'ec2');
    assert.equal(empty.ok ? 'ok' : empty.problem, 'missing');
  });

  it('bounds JSON depth with a flat scan that skips strings, and drops null members but not null list items', () => {
    assert.equal(nestsDeeperThan('{"a":[[1]]}', 3), false);
    assert.equal(nestsDeeperThan('{"a":[[[1]]]}', 3), true);
    assert.equal(nestsDeeperThan('{"a":"[[[[{{{{\\"[[[["}', 1), false, 'brackets and escaped quotes inside strings');
    assert.equal(nestsDeeperThan('['.repeat(1_000_000), 100), true);
    assert.deepEqual(readJson('{"a":null,"b":{"c":null,"d":[null,1]},"e":[{"f":null}]}', { dropNullMembers: true }), {
      ok: true,
      value: { b: { d: [null, 1] }, e: [{}] },
    });
    assert.deepEqual(readJson('{"a":null}'), { ok: true, value: { a: null } });
    const bad = readJson('{"secret-looking":tru');
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && !bad.message.includes('secret-looking'), 'the message does not quote the text');
    assert.deepEqual(readJson('[[[]]]', { maxDepth: 2 }), { ok: false, message: 'nested deeper than 2 levels' });
    assert.equal(decodeUtf8(Buffer.from([0x61, 0xc3])), undefined);
    assert.equal(decodeUtf8(Buffer.from('é', 'utf8')), 'é');
  });

  it('decodes forms strictly and recognizes loopback hosts only', () => {
    assert.deepEqual(parseForm('A=1&B=x+y%2Bz&&C&D=%C3%A9'), [
      ['A', '1'],
      ['B', 'x y+z'],
      ['C', ''],
      ['D', 'é'],
    ]);
    for (const bad of ['A=%', 'A=%zz', 'A=%FF', 'A=%C3']) assert.equal(parseForm(bad), undefined, bad);
    for (const host of ['localhost', 'LOCALHOST:80', '127.0.0.1:4599', '127.1.2.3', '[::1]:1', '[::1]'])
      assert.ok(isLoopbackHost(host), host);
    for (const host of [
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '128.0.0.1',
      '127.0.0.256',
      '[::2]',
      '0.0.0.0',
      'a:b:c',
      '',
    ])
      assert.ok(!isLoopbackHost(host), host);
  });

  it('redacts client secrets at any depth, compares parameters regardless of key order, and escapes XML', () => {
    assert.deepEqual(
      redact({ OidcOptions: { ClientSecret: 's', ClientId: 'c' }, 'NativeApplicationOidcOptions.ClientSecret': 't' }),
      {
        OidcOptions: { ClientSecret: '***', ClientId: 'c' },
        'NativeApplicationOidcOptions.ClientSecret': '***',
      },
    );
    assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), canonicalJson({ a: 'x', b: [1, { c: 2, d: 1 }] }));
    assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
    assert.equal(escapeXml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    assert.match(errorDocument('X', 'm<', 'r'), /<Message>m&lt;<\/Message>/);
  });
});
