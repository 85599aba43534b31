/**
 * client/src/redact.ts and client/src/secrets.ts in plain Node: secrets never reach the log (SPEC §5), in any form
 * the extension or an LSP trace may print them; secret references resolve from SecretStorage or fail by name.
 */
import * as assert from 'assert';
import { REDACTED, Redactor, redact } from '../../client/src/redact';
import { MissingSecretError, resolveSecretReferences, secretKey } from '../../client/src/secrets';

const SECRET = 's3cr3t-VALUE-42';

describe('client: log redaction', () => {
  const leaks: [string, string][] = [
    ['YAML', `OidcOptions:\n  ClientSecret: ${SECRET}\n  Scope: openid\n`],
    ['YAML quoted', `ClientSecret: '${SECRET}'`],
    ['YAML list item', `- ClientSecret: ${SECRET}`],
    ['YAML flow', `{ClientSecret: ${SECRET}, Scope: openid}`],
    ['YAML block scalar', `ClientSecret: |\n  ${SECRET}\n  more\nScope: openid`],
    ['JSON', `{"OidcOptions": {"ClientSecret": "${SECRET}", "Scope": "openid"}}`],
    [
      'LSP trace of a YAML document',
      `Params: {"text":"OidcOptions:\\n  ClientSecret: ${SECRET}\\n  Scope: openid\\n"}`,
    ],
    ['LSP trace of a JSON document', `Params: {"text":"{\\n  \\"ClientSecret\\": \\"${SECRET}\\",\\n  \\"a\\": 1}"}`],
    ['LSP trace of a block scalar', `{"text":"ClientSecret: >-\\n  ${SECRET}\\nScope: x"}`],
    ['password', `password: ${SECRET}`],
    ['client_secret in a query', `https://idp/token?client_secret=${SECRET}&x=1`],
    ['access token', `{"access_token": "${SECRET}"}`],
    ['session token', `SessionToken=${SECRET}`],
    ['Authorization header', `Authorization: AWS4-HMAC-SHA256 Credential=AKIAABCDEFGHIJKLMNOP/x, Signature=${SECRET}`],
    ['bearer token', `sent Bearer ${SECRET}.abc`],
    ['AWS secret access key', `aws_secret_access_key = ${SECRET}`],
  ];
  for (const [name, text] of leaks) {
    it(`removes the secret: ${name}`, () => {
      const out = redact(text);
      assert.ok(!out.includes(SECRET), out);
      assert.ok(out.includes(REDACTED), out);
    });
  }

  it('removes AWS access key IDs', () => {
    assert.strictEqual(
      redact('keys AKIAABCDEFGHIJKLMNOP ASIAABCDEFGHIJKLMNOP'),
      `keys AKIA${REDACTED} ASIA${REDACTED}`,
    );
  });

  it('keeps configuration that only looks like it: endpoints, token selection, secret references', () => {
    const text = [
      'TokenEndpoint: https://idp.example.com/token',
      'tokenSelection:',
      '  identityTokenOnly:',
      '    principalIdClaim: sub',
      'ClientSecret: ${secret:okta/ClientSecret}',
      'Stored as ${secret:okta.trust-provider/OidcOptions.ClientSecret}.',
    ].join('\n');
    assert.strictEqual(redact(text), text);
    assert.strictEqual(redact('{"ClientSecret": "${secret:a}"}'), '{"ClientSecret": "${secret:a}"}');
  });

  it('removes registered values wherever they appear, also JSON-escaped', () => {
    const r = new Redactor();
    r.add('pa"ss\\word-1');
    r.add('abc'); // too short to be registered: would redact half the log
    assert.strictEqual(r.redact('x pa"ss\\word-1 y'), `x ${REDACTED} y`);
    assert.strictEqual(r.redact(JSON.stringify({ v: 'pa"ss\\word-1' })), `{"v":"${REDACTED}"}`);
    assert.strictEqual(r.redact('abc'), 'abc');
  });
});

describe('client: secret references', () => {
  const store = new Map<string, string>([[secretKey('okta/ClientSecret'), SECRET]]);
  const secrets = { get: (key: string) => Promise.resolve(store.get(key)) };

  it('resolves exact references anywhere in the request, leaving the input alone', async () => {
    const input = {
      OidcOptions: { ClientSecret: '${secret:okta/ClientSecret}', Scope: 'openid' },
      Tags: [{ Key: 'a', Value: '${secret:okta/ClientSecret}' }],
      Description: 'not a reference: ${secret:okta/ClientSecret} inside text',
    };
    const copy = JSON.parse(JSON.stringify(input)) as typeof input;
    const resolved = await resolveSecretReferences(input, secrets);
    assert.strictEqual(resolved.value.OidcOptions.ClientSecret, SECRET);
    assert.strictEqual(resolved.value.Tags[0].Value, SECRET);
    assert.strictEqual(resolved.value.Description, input.Description);
    assert.deepStrictEqual(resolved.paths, ['OidcOptions.ClientSecret', 'Tags[0].Value']);
    assert.deepStrictEqual(resolved.secrets, [SECRET, SECRET]);
    assert.deepStrictEqual(input, copy);
  });

  it('fails with a message naming the missing reference and where it is', async () => {
    await assert.rejects(
      resolveSecretReferences({ OidcOptions: { ClientSecret: '${secret:missing}' } }, secrets),
      (e: unknown) =>
        e instanceof MissingSecretError &&
        e.message.includes('${secret:missing}') &&
        e.message.includes('OidcOptions.ClientSecret'),
    );
  });
});
