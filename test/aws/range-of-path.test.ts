/** `verifiedIdentity/rangeOfPath` (server/src/lsp/range-of-path.ts): where an AWS error about a member path goes. */
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/service';
import { parseMemberPath, rangeOfPath } from '../../server/src/lsp/range-of-path';

const service = createLanguageService();

function analyze(name: string, text: string) {
  const file = service.analyze({ uri: `file:///w/${name}`, text });
  assert.ok(file, `${name} is associated`);
  return file;
}

const text = (
  t: string,
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
) => {
  const lines = t.split('\n');
  assert.equal(r.start.line, r.end.line);
  return lines[r.start.line].slice(r.start.character, r.end.character);
};

describe('aws: member paths to ranges', () => {
  it('parses member paths', () => {
    assert.deepEqual(parseMemberPath('TagSpecifications[0].Tags[1].Key'), ['TagSpecifications', 0, 'Tags', 1, 'Key']);
    assert.deepEqual(parseMemberPath(''), []);
  });

  const yaml = [
    'policyStoreId: PSEXAMPLEabcdefg111111',
    'configuration:',
    '  openIdConnectConfiguration:',
    '    issuer: http://auth.example.com',
    '    tokenSelection:',
    '      identityTokenOnly:',
    '        clientIds: [a, b]',
    '',
  ].join('\n');

  it('finds a scalar value, a structure’s key, a list item, and the nearest ancestor of a missing member', () => {
    const file = analyze('x.identity-source.yaml', yaml);
    const issuer = rangeOfPath(file, 'configuration.openIdConnectConfiguration.issuer')!;
    assert.equal(issuer.exact, true);
    assert.equal(text(yaml, issuer.range), 'http://auth.example.com');
    const conf = rangeOfPath(file, 'configuration.openIdConnectConfiguration')!;
    assert.equal(text(yaml, conf.range), 'openIdConnectConfiguration');
    const item = rangeOfPath(
      file,
      'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.clientIds[1]',
    )!;
    assert.equal(text(yaml, item.range), 'b');
    const missing = rangeOfPath(
      file,
      'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly.principalIdClaim',
    )!;
    assert.equal(missing.exact, false);
    assert.equal(missing.found, 'configuration.openIdConnectConfiguration.tokenSelection.identityTokenOnly');
    assert.equal(text(yaml, missing.range), 'identityTokenOnly');
    const root = rangeOfPath(file, '')!;
    assert.equal(root.range.start.line, 0);
  });

  it('works in JSON too', () => {
    const json =
      '{\n  "TrustProviderType": "user",\n  "TagSpecifications": [\n    { "ResourceType": "verified-access-trust-provider", "Tags": [{ "Key": "aws:x", "Value": "v" }] }\n  ]\n}\n';
    const file = analyze('x.trust-provider.json', json);
    const key = rangeOfPath(file, 'TagSpecifications[0].Tags[0].Key')!;
    assert.equal(text(json, key.range), '"aws:x"');
  });
});
