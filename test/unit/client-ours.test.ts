/**
 * client/src/ours.ts: which documents are worth starting the language server for, decided with the service's own
 * association helpers (so the client and the server agree on every case here).
 */
import * as assert from 'node:assert/strict';
import { isOurs, workspaceGlobs } from '../../client/src/ours';

const doc = (uri: string, languageId: string, head = '') => ({ uri, languageId, head });

describe('client: which documents start the language server', () => {
  it('request files by name, in JSON and YAML', () => {
    assert.equal(isOurs(doc('file:///ws/okta.trust-provider.yaml', 'yaml')), true);
    assert.equal(isOurs(doc('file:///ws/a/b/app.identity-source.json', 'json')), true);
    assert.equal(isOurs(doc('file:///ws/app.identity-source.yml', 'yaml')), true);
  });

  it('a YAML document whose first line declares its kind, saved or not', () => {
    const head = '# verified-identity: trust-provider\nTrustProviderType: user\n';
    assert.equal(isOurs(doc('file:///ws/deploy/anything.yaml', 'yaml', head)), true);
    assert.equal(isOurs(doc('untitled:Untitled-1', 'yaml', head)), true);
    assert.equal(isOurs(doc('untitled:Untitled-1', 'yaml', `# a comment\n${head}`)), false);
    assert.equal(isOurs(doc('file:///ws/x.json', 'json', head)), false, 'no modeline in JSON');
  });

  it('files named by verifiedIdentity.files', () => {
    const files = { 'infra/idp/*.yaml': 'trust-provider', 'bogus/*.json': 'not-a-kind' };
    assert.equal(isOurs(doc('file:///ws/infra/idp/corp.yaml', 'yaml'), files), true);
    assert.equal(isOurs(doc('file:///ws/bogus/x.json', 'json'), files), false);
    assert.equal(isOurs(doc('file:///ws/infra/idp/corp.yaml', 'yaml')), false);
  });

  it('nothing else: other tools’ JSON and YAML, other languages', () => {
    assert.equal(isOurs(doc('file:///ws/package.json', 'json', '{ "TrustProviderType": "user" }')), false);
    assert.equal(isOurs(doc('file:///ws/.github/workflows/ci.yml', 'yaml', 'name: ci\n')), false);
    assert.equal(isOurs(doc('file:///ws/okta.trust-provider.yaml', 'plaintext')), false);
    assert.equal(isOurs(doc('file:///ws/okta.trust-provider.yaml.bak', 'yaml')), false);
  });

  it('searches the workspace for the default name patterns and the setting’s, once each', () => {
    assert.deepEqual(workspaceGlobs(), ['**/*.identity-source.{json,yaml,yml}', '**/*.trust-provider.{json,yaml,yml}']);
    assert.deepEqual(workspaceGlobs({ 'infra/*.yaml': 'trust-provider', '**/*.trust-provider.{json,yaml,yml}': 'x' }), [
      '**/*.identity-source.{json,yaml,yml}',
      '**/*.trust-provider.{json,yaml,yml}',
      'infra/*.yaml',
    ]);
  });
});
