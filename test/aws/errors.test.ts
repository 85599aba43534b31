/**
 * Error mapping without a server (synthetic SDK errors, EC2 messages) and the promise of the AWS call log: what it
 * records of a call is operation, region, duration, attempts, request id and error code — never parameters, so a
 * client secret, a token or a credential cannot reach it. The end-to-end version (the extension's log channel after
 * applying a file with a client secret) is in test/vscode/aws-commands.test.ts.
 */
import assert from 'node:assert/strict';
import { formatCall, type AwsCallRecord } from '../../client/src/aws/clients';
import { ec2ErrorPaths, wireKeyToPath } from '../../client/src/aws/ec2-params';
import { describeAwsError } from '../../client/src/aws/errors';
import { AwsOperations } from '../../client/src/aws/operations';
import { literalSecrets, maskSecrets } from '../../client/src/apply/render';
import { Redactor } from '../../client/src/redact';
import { startEmulator } from '../emulator';
import { FAKE_CREDENTIALS, emulatorClients } from './helpers';

describe('aws: error messages and the call log', () => {
  it('turns EC2 wire keys into member paths', () => {
    assert.equal(wireKeyToPath('TagSpecification.1.Tag.2.Key'), 'TagSpecifications[0].Tags[1].Key');
    assert.equal(wireKeyToPath('OidcOptions.Issuer'), 'OidcOptions.Issuer');
  });

  it('finds the member an EC2 message is about: wire key, quoted value, member name', () => {
    const input = { PolicyReferenceName: 'bad name!', OidcOptions: { Issuer: 'https://a' }, Description: 'x' };
    assert.deepEqual(
      ec2ErrorPaths('The request must contain the parameter OidcOptions.ClientId', input).map(f => f.path),
      ['OidcOptions.ClientId'],
    );
    assert.deepEqual(
      ec2ErrorPaths('Invalid value "bad name!" for a policy reference name', input).map(f => f.path),
      ['PolicyReferenceName'],
    );
    assert.deepEqual(
      ec2ErrorPaths("A 'user' trust provider needs 'UserTrustProviderType'.", input).map(f => f.path),
      ['UserTrustProviderType'],
    );
    assert.deepEqual(
      ec2ErrorPaths('OidcOptions can only be modified on a user trust provider of type oidc.', input).map(f => f.path),
      ['OidcOptions'],
    );
    assert.deepEqual(
      ec2ErrorPaths('Something else went wrong.', input).map(f => f.path),
      [''],
    );
  });

  it('names credential problems, network problems and unknown errors plainly', () => {
    const creds = describeAwsError(
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'verifiedpermissions:ListPolicyStores',
      { profile: 'dev' },
    );
    assert.equal(creds.kind, 'credentials');
    assert.match(creds.message, /No valid AWS credentials for profile "dev".*aws sso login/);
    const expired = describeAwsError(
      Object.assign(new Error('The security token included in the request is expired'), {
        name: 'ExpiredTokenException',
      }),
      'ec2:X',
    );
    assert.equal(expired.kind, 'credentials');
    const refused = describeAwsError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'ec2:DescribeVerifiedAccessTrustProviders',
      { endpoint: 'http://127.0.0.1:1' },
    );
    assert.equal(refused.kind, 'network');
    assert.match(refused.message, /Could not reach EC2 at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED/);
    assert.equal(refused.outcomeUnknown, false, 'a listing changes nothing');
    const other = describeAwsError(new Error('boom'), 'ec2:X');
    assert.equal(other.kind, 'unknown');
    assert.match(other.message, /^ec2:X failed \(Error\): boom\.$/);
  });

  it('masks literal secrets in previews and lists them for the redactor; references stay', () => {
    const input = {
      OidcOptions: { ClientSecret: 'literal-secret-1', ClientId: 'id' },
      NativeApplicationOidcOptions: { ClientSecret: '${secret:native}' },
      ClientToken: 'tok',
    };
    assert.deepEqual(maskSecrets(input), {
      OidcOptions: { ClientSecret: '********', ClientId: 'id' },
      NativeApplicationOidcOptions: { ClientSecret: '${secret:native}' },
      ClientToken: 'tok',
    });
    assert.deepEqual(literalSecrets(input), ['literal-secret-1']);
  });

  it('logs AWS calls without parameters: no client secret, token or credential reaches a log line', async () => {
    const emulator = await startEmulator();
    const calls: AwsCallRecord[] = [];
    const clients = emulatorClients(emulator, { calls, maxAttempts: 1 });
    const secret = 'Sup3r-Secr3t-Client-Value';
    try {
      const ops = new AwsOperations(clients);
      const input = {
        TrustProviderType: 'user',
        UserTrustProviderType: 'oidc',
        PolicyReferenceName: 'okta',
        OidcOptions: {
          Issuer: 'https://example.okta.com',
          AuthorizationEndpoint: 'https://example.okta.com/a',
          TokenEndpoint: 'https://example.okta.com/t',
          UserInfoEndpoint: 'https://example.okta.com/u',
          ClientId: 'cid',
          ClientSecret: secret,
          Scope: 'openid',
        },
      };
      const created = await ops.apply('trust-provider', input, 'idem-token-123');
      const failed = await ops
        .apply(
          'trust-provider',
          {
            ...input,
            TagSpecifications: [
              { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'aws:x', Value: secret }] },
            ],
          },
          'idem-token-456',
        )
        .then(
          () => 'unexpected success',
          (e: Error) => e.message,
        );
      const lines = [...calls.map(formatCall), failed, `Created ${created.resource.id}`];
      assert.equal(calls.length, 2);
      assert.match(
        lines[0],
        /^AWS ec2:CreateVerifiedAccessTrustProvider · us-east-1 · \d+ ms · HTTP 200 · request id /,
      );
      assert.match(lines[1], /error InvalidParameterValue/);
      // The redactor the log applies also knows the secret (the apply command registers it before the call).
      const redactor = new Redactor();
      redactor.add(secret);
      const logged = lines.map(l => redactor.redact(l)).join('\n');
      for (const forbidden of [
        secret,
        FAKE_CREDENTIALS.secretAccessKey,
        FAKE_CREDENTIALS.accessKeyId,
        'idem-token-123',
        'Authorization',
        'Signature=',
      ]) {
        assert.equal(logged.includes(forbidden), false, `the log must not contain ${forbidden}`);
      }
    } finally {
      clients.destroy();
      await emulator.close();
    }
  });
});
