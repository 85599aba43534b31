/** Wire-level behaviour with raw HTTP: SigV4 presence, routing, protocol errors, headers, loopback-only hosts. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { avpRaw, ec2Raw, fakeSigV4, xmlText } from './helpers';
import { startEmulator, type Emulator } from './index';

const EC2_BASE = { Action: 'DescribeVerifiedAccessTrustProviders', Version: '2016-11-15' };

describe('emulator: wire protocol', () => {
  let emulator: Emulator;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.close());

  const json = async (r: Response) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
    headers: r.headers,
  });

  it('answers awsJson1_0 with the right content type, x-amzn-RequestId and an empty body accepted as {}', async () => {
    const r = await json(await avpRaw(emulator.url, 'ListPolicyStores', ''));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.match(r.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(r.body, { policyStores: [] });
  });

  it('puts the full shape ID in __type, the modeled members beside message, and X-Amzn-ErrorType', async () => {
    const r = await json(await avpRaw(emulator.url, 'GetPolicyStore', JSON.stringify({ policyStoreId: 'PSnope' })));
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    assert.deepEqual(r.body, {
      __type: 'com.amazonaws.verifiedpermissions#ResourceNotFoundException',
      message: "The policy store 'PSnope' does not exist.",
      resourceId: 'PSnope',
      resourceType: 'POLICY_STORE',
    });
  });

  it('requires a SigV4 Authorization header and X-Amz-Date for Verified Permissions (403, JSON)', async () => {
    const missing = await json(await avpRaw(emulator.url, 'ListPolicyStores', '{}', {}));
    assert.equal(missing.status, 403);
    assert.equal(missing.body.__type, 'com.amazon.coral.service#MissingAuthenticationTokenException');

    const noDate = fakeSigV4('verifiedpermissions');
    delete noDate['X-Amz-Date'];
    const incomplete = await json(await avpRaw(emulator.url, 'ListPolicyStores', '{}', noDate));
    assert.equal(incomplete.status, 403);
    assert.equal(incomplete.body.__type, 'com.amazon.coral.service#IncompleteSignatureException');

    const garbled = await json(
      await avpRaw(emulator.url, 'ListPolicyStores', '{}', {
        Authorization: 'Bearer abc',
        'X-Amz-Date': '20240101T000000Z',
      }),
    );
    assert.equal(garbled.status, 403);
    assert.equal(garbled.body.__type, 'com.amazon.coral.service#IncompleteSignatureException');

    const wrongScope = await json(await avpRaw(emulator.url, 'ListPolicyStores', '{}', fakeSigV4('ec2')));
    assert.equal(wrongScope.status, 403);
    assert.equal(wrongScope.body.__type, 'com.amazon.coral.service#InvalidSignatureException');
    assert.match(String(wrongScope.body.message), /verifiedpermissions/);
    assert.equal(emulator.log.entries.at(-1)?.errorCode, 'InvalidSignatureException');
  });

  it('requires SigV4 for EC2 too: AuthFailure in the EC2 error XML', async () => {
    for (const headers of [{}, fakeSigV4('verifiedpermissions')]) {
      const r = await ec2Raw(emulator.url, EC2_BASE, headers);
      const xml = await r.text();
      assert.equal(r.status, 401);
      assert.equal(xmlText(xml, 'Code'), 'AuthFailure');
      assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>/);
      assert.equal(xmlText(xml, 'RequestID'), r.headers.get('x-amzn-requestid'));
    }
  });

  it('answers EC2 success XML with the namespace, requestId first and no nextToken on the last page', async () => {
    const r = await ec2Raw(emulator.url, EC2_BASE);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml;charset=UTF-8');
    const xml = await r.text();
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVerifiedAccessTrustProvidersResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><verifiedAccessTrustProviderSet\/><\/DescribeVerifiedAccessTrustProvidersResponse>\n$/,
    );
  });

  it('reports EC2 protocol problems: MissingAction, InvalidAction, NoSuchVersion, UnknownParameter, bad values', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ Version: '2016-11-15' }, 'MissingAction'],
      [{ Action: 'RunInstances', Version: '2016-11-15' }, 'InvalidAction'],
      [{ ...EC2_BASE, Version: '2014-01-01' }, 'NoSuchVersion'],
      [{ ...EC2_BASE, Colour: 'red' }, 'UnknownParameter'],
      [{ ...EC2_BASE, 'Filter.0.Name': 'description' }, 'UnknownParameter'],
      [{ ...EC2_BASE, DryRun: 'yes' }, 'InvalidParameterValue'],
      [{ ...EC2_BASE, MaxResults: 'ten' }, 'InvalidParameterValue'],
      [{ Action: 'DeleteVerifiedAccessTrustProvider', Version: '2016-11-15' }, 'MissingParameter'],
    ];
    for (const [fields, code] of cases) {
      const r = await ec2Raw(emulator.url, fields);
      assert.equal(r.status, 400, code);
      assert.equal(xmlText(await r.text(), 'Code'), code);
    }
  });

  it('accepts EC2 Query as GET with the parameters in the query string', async () => {
    const query = new URLSearchParams(EC2_BASE).toString();
    const r = await fetch(`${emulator.url}/?${query}`, { headers: fakeSigV4('ec2') });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<DescribeVerifiedAccessTrustProvidersResponse /);
  });

  it('decodes flattened 1-based lists and rejects a tag without a key before creating anything', async () => {
    const r = await ec2Raw(emulator.url, {
      Action: 'CreateVerifiedAccessTrustProvider',
      Version: '2016-11-15',
      TrustProviderType: 'user',
      UserTrustProviderType: 'iam-identity-center',
      PolicyReferenceName: 'idc',
      'TagSpecification.1.ResourceType': 'verified-access-trust-provider',
      'TagSpecification.1.Tag.1.Value': 'no key',
    });
    const xml = await r.text();
    assert.equal(xmlText(xml, 'Code'), 'InvalidParameterValue');
    assert.match(xmlText(xml, 'Message') ?? '', /Key/);
    assert.equal(emulator.state.trustProviders.size, 0);
  });

  it('answers unknown Verified Permissions operations, bad JSON and non-AWS requests clearly', async () => {
    const unknown = await json(await avpRaw(emulator.url, 'CreatePolicyTemplate', '{}'));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.__type, 'com.amazon.coral.service#UnknownOperationException');

    const badJson = await json(await avpRaw(emulator.url, 'ListPolicyStores', '{"maxResults":'));
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.__type, 'com.amazon.coral.service#SerializationException');

    const notAws = await fetch(`${emulator.url}/`, {
      method: 'POST',
      body: 'hello',
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(notAws.status, 404);
    assert.match(((await notAws.json()) as { message: string }).message, /X-Amz-Target/);

    const otherPath = await fetch(`${emulator.url}/v1/stores`, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'VerifiedPermissions.ListPolicyStores' },
    });
    assert.equal(otherPath.status, 404);
    assert.equal(emulator.log.count('ListPolicyStores'), 1, 'only the bad-JSON request reached the operation');
  });

  it('rejects unknown JSON members through the language service (fieldList) for the request kinds it models', async () => {
    const store = emulator.state.addPolicyStore();
    const body = {
      policyStoreId: store.policyStoreId,
      configuration: { CognitoUserPoolConfiguration: { UserPoolArn: 'x' } },
    };
    const r = await json(await avpRaw(emulator.url, 'CreateIdentitySource', JSON.stringify(body)));
    assert.equal(r.status, 400);
    const paths = (r.body.fieldList as { path: string }[]).map(f => f.path);
    assert.ok(paths.includes('configuration.CognitoUserPoolConfiguration'), paths.join());
  });

  it('ignores a __type key inside a union, as awsJson1_0 receivers must', async () => {
    const store = emulator.state.addPolicyStore();
    const configuration = {
      __type: 'com.amazonaws.verifiedpermissions#Configuration',
      cognitoUserPoolConfiguration: {
        userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5',
      },
    };
    const r = await json(
      await avpRaw(
        emulator.url,
        'CreateIdentitySource',
        JSON.stringify({ policyStoreId: store.policyStoreId, configuration }),
      ),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [source] = emulator.state.identitySources.values();
    assert.deepEqual(Object.keys(source.configuration), ['cognitoUserPoolConfiguration']);
  });

  it('only answers requests addressed to a loopback host name', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${emulator.url}/__emulator/health`, { headers: { Host: host } }, res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    assert.equal(await status('attacker.example:80'), 403);
    assert.equal(await status(`localhost:${emulator.port}`), 200);
    assert.equal(await status(`127.0.0.1:${emulator.port}`), 200);
  });
});
