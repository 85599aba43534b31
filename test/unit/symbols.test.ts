/** Document symbols: the member tree, one top-level symbol per document of a YAML stream. */
import * as assert from 'node:assert/strict';
import type { DocumentSymbol } from '../../server/src/service';
import { analyze, service } from './helpers';

const names = (s: DocumentSymbol[]): unknown =>
  s.map(x => (x.children.length ? { [x.name]: names(x.children) } : x.name));

describe('document symbols', () => {
  it('a member tree with details and ranges', () => {
    const text =
      'TrustProviderType: user\nOidcOptions:\n  Issuer: https://x\nTagSpecifications:\n  - ResourceType: verified-access-trust-provider\n';
    const s = service.symbols(analyze('x.trust-provider.yaml', text));
    assert.deepEqual(names(s), [
      'TrustProviderType',
      { OidcOptions: ['Issuer'] },
      { TagSpecifications: [{ '[0]': ['ResourceType'] }] },
    ]);
    assert.equal(s[0].detail, 'user');
    assert.equal(s[0].kind, 'string');
    assert.deepEqual(s[1].selectionRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
    assert.equal(s[2].detail, '1 item');
  });

  it('YAML streams: one symbol per document with its kind', () => {
    const s = service.symbols(
      analyze('x.trust-provider.yaml', 'TrustProviderType: user\n---\nVerifiedAccessTrustProviderId: vatp-1\n'),
    );
    assert.deepEqual(
      s.map(x => [x.name, x.detail, x.kind]),
      [
        ['Document 1', 'trust-provider', 'document'],
        ['Document 2', 'trust-provider-update', 'document'],
      ],
    );
  });

  it('shared YAML aliases are listed once per place without looping', () => {
    const s = service.symbols(analyze('x.trust-provider.yaml', 'a: &a {x: 1}\nb: *a\nc: *a\n'));
    assert.deepEqual(names(s), [{ a: ['x'] }, { b: ['x'] }, { c: ['x'] }]);
  });
});
