/** Which files are ours and of which kind: default globs, the files setting, the modeline, create vs update. */
import * as assert from 'node:assert/strict';
import { associate, modelineKind } from '../../server/src/service/association';
import { service } from './helpers';

describe('association', () => {
  it('default globs by file name, in any folder', () => {
    assert.equal(associate('file:///w/a/b/okta.trust-provider.yaml', '')?.base, 'trust-provider');
    assert.equal(associate('/w/x.identity-source.json', '', {}, false)?.base, 'identity-source');
    assert.equal(associate('file:///w/x.identity-source.yml', '')?.base, 'identity-source');
    assert.equal(associate('file:///w/trust-provider.yaml', ''), undefined);
    assert.equal(associate('file:///w/x.trust-provider.yaml.bak', ''), undefined);
    assert.equal(associate('file:///C%3A/Users/me/x.trust-provider.json', '', {}, false)?.base, 'trust-provider');
  });

  it('the verifiedIdentity.files setting (globs with and without folders)', () => {
    const files = { 'infra/idp/*.yaml': 'trust-provider', '*.avp.json': 'identity-source' } as const;
    assert.equal(associate('file:///repo/infra/idp/okta.yaml', '', files)?.by, 'setting');
    assert.equal(associate('file:///repo/infra/idp/okta.yaml', '', files)?.base, 'trust-provider');
    assert.equal(associate('file:///repo/deep/x.avp.json', '', files, false)?.base, 'identity-source');
    assert.equal(associate('file:///repo/other/okta.yaml', '', files), undefined);
  });

  it('the YAML first-line modeline, which wins', () => {
    assert.equal(modelineKind('# verified-identity: trust-provider\nfoo: 1'), 'trust-provider');
    assert.equal(modelineKind('#verified-identity:identity-source-update\r\n'), 'identity-source-update');
    assert.equal(modelineKind('\n# verified-identity: trust-provider'), undefined);
    assert.equal(modelineKind('# verified-identity: nonsense'), undefined);
    const a = associate('file:///w/notes.yaml', '# verified-identity: identity-source-update\n');
    assert.deepEqual(a, { base: 'identity-source', forced: 'identity-source-update', by: 'modeline' });
    assert.equal(
      associate('file:///w/x.identity-source.yaml', '# verified-identity: trust-provider\n')?.base,
      'trust-provider',
    );
    assert.equal(associate('file:///w/x.json', '# verified-identity: trust-provider\n', {}, false), undefined);
  });

  it('create vs update from the members present', () => {
    const kind = (uri: string, text: string) =>
      service
        .analyze({ uri, text })!
        .results()
        .map(r => r.kind);
    assert.deepEqual(kind('file:///w/a.identity-source.yaml', 'policyStoreId: p\n'), ['identity-source']);
    assert.deepEqual(kind('file:///w/a.identity-source.yaml', 'identitySourceId: i\n'), ['identity-source-update']);
    assert.deepEqual(kind('file:///w/a.identity-source.yaml', 'updateConfiguration: {}\n'), ['identity-source-update']);
    assert.deepEqual(kind('file:///w/a.trust-provider.json', '{"VerifiedAccessTrustProviderId": "v"}'), [
      'trust-provider-update',
    ]);
    assert.deepEqual(
      kind('file:///w/a.trust-provider.yaml', 'TrustProviderType: user\n---\nVerifiedAccessTrustProviderId: v\n'),
      ['trust-provider', 'trust-provider-update'],
    );
  });

  it('unassociated files are ignored unless a kind is given or content sniffing is asked for', () => {
    assert.equal(service.analyze({ uri: 'file:///w/a.yaml', text: 'TrustProviderType: user\n' }), undefined);
    assert.equal(
      service.analyze({ uri: 'file:///w/a.yaml', text: 'TrustProviderType: user\n' }, { kind: 'trust-provider' })
        ?.association.by,
      'option',
    );
    assert.equal(
      service.analyze({ uri: 'file:///w/a.yaml', text: 'TrustProviderType: user\n' }, { sniff: true })?.association
        .base,
      'trust-provider',
    );
    assert.equal(
      service.analyze({ uri: 'file:///w/a.json', text: '{"policyStoreId": "p"}' }, { sniff: true })?.association.base,
      'identity-source',
    );
    assert.equal(service.analyze({ uri: 'file:///w/a.json', text: '{"x": 1}' }, { sniff: true }), undefined);
  });
});
