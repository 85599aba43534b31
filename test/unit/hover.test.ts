/** Hover: member doc in our words, type, constraints, required-ness, allowed values; on keys and on values. */
import * as assert from 'node:assert/strict';
import { service, withCursor } from './helpers';

function hover(name: string, src: string) {
  const { file, position } = withCursor(name, src);
  return service.hover(file, position);
}

describe('hover', () => {
  it('on a key: doc, type, required, constraints, path', () => {
    const h = hover(
      'x.identity-source.yaml',
      'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    iss|uer: https://x\n',
    );
    assert.ok(h);
    assert.match(h.markdown, /^\*\*issuer\*\* · `string` · \*\*required\*\*/);
    assert.match(h.markdown, /well-known\/openid-configuration/);
    assert.match(h.markdown, /length 1–2048/);
    assert.match(h.markdown, /must be an https:\/\/ URL on one line/);
    assert.match(h.markdown, /\*CreateIdentitySource\* · `configuration\.openIdConnectConfiguration\.issuer`/);
    assert.deepEqual(h.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } });
  });

  it('on an enum value: the allowed values with the current one marked', () => {
    const h = hover('x.trust-provider.json', '{"TrustProviderType": "de|vice"}');
    assert.ok(h);
    assert.match(h.markdown, /- `device` ← current — Checks the device’s posture/);
    assert.match(h.markdown, /- `user` — /);
    assert.match(h.markdown, /fixed once created/);
  });

  it('on a union and on a list item', () => {
    const u = hover('x.identity-source.yaml', 'configu|ration:\n  cognitoUserPoolConfiguration: {}\n');
    assert.match(u!.markdown, /Set exactly one of: `cognitoUserPoolConfiguration`, `openIdConnectConfiguration`/);
    const l = hover(
      'x.identity-source.yaml',
      'configuration:\n  cognitoUserPoolConfiguration:\n    clientIds:\n      - ab|c\n',
    );
    assert.match(l!.markdown, /^\*\*clientIds\*\* · `list of string`/);
    assert.match(l!.markdown, /each: length 1–255/);
  });

  it('nothing on unknown members or outside the document', () => {
    assert.equal(hover('x.trust-provider.yaml', 'Bog|us: 1\n'), undefined);
    assert.equal(hover('x.trust-provider.yaml', '# only a comment|\n'), undefined);
  });
});
