/** Completion: members (required first, not yet present), enum values, booleans, unions, templates; text after insert. */
import * as assert from 'node:assert/strict';
import { complete, insert, labels, service, sorted } from './helpers';

describe('completion', () => {
  describe('YAML', () => {
    it('members of the mapping at the cursor, present ones left out, required first', () => {
      const items = complete(
        'x.identity-source.yaml',
        'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    entityIdPrefix: p\n    |\n',
      );
      assert.deepEqual(sorted(items), ['issuer', 'tokenSelection', 'groupConfiguration']);
      const issuer = items.find(i => i.label === 'issuer')!;
      assert.match(issuer.detail!, /string · required/);
      assert.match(issuer.documentation!, /well-known\/openid-configuration/);
      assert.match(issuer.documentation!, /pattern `https:\/\/\.\*`/);
    });

    it('a partial key is replaced; members below the cursor count as present', () => {
      const items = complete('x.trust-provider.yaml', 'Trus|\nPolicyReferenceName: idp\n');
      assert.ok(labels(items).includes('TrustProviderType'));
      assert.ok(!labels(items).includes('PolicyReferenceName'));
      assert.equal(
        insert('x.trust-provider.yaml', 'Trus|\nPolicyReferenceName: idp\n', 'TrustProviderType'),
        'TrustProviderType: user\nPolicyReferenceName: idp\n',
      );
    });

    it('a structure member inserts its required members, indented', () => {
      assert.equal(
        insert('x.identity-source.yaml', 'policyStoreId: PS1\nconfiguration:\n  |\n', 'openIdConnectConfiguration'),
        'policyStoreId: PS1\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: \n    tokenSelection:\n      \n',
      );
    });

    it('the union offers its members until one is set', () => {
      assert.deepEqual(sorted(complete('x.identity-source.yaml', 'configuration:\n  |\n')), [
        'cognitoUserPoolConfiguration',
        'openIdConnectConfiguration',
      ]);
      assert.deepEqual(
        complete(
          'x.identity-source.yaml',
          'configuration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: a\n  |\n',
        ),
        [],
      );
    });

    it('enum values with their meaning, and booleans', () => {
      const items = complete('x.trust-provider.yaml', 'TrustProviderType: |\n');
      assert.deepEqual(labels(items), ['user', 'device']);
      assert.match(items[1].documentation!, /device’s posture/);
      assert.equal(insert('x.trust-provider.yaml', 'TrustProviderType: us|\n', 'user'), 'TrustProviderType: user\n');
      assert.deepEqual(labels(complete('x.trust-provider.yaml', 'DryRun: |\n')), ['true', 'false']);
      assert.deepEqual(labels(complete('x.trust-provider.yaml', 'DeviceTrustProviderType: j|\n')), [
        'jamf',
        'crowdstrike',
        'jumpcloud',
      ]);
    });

    it('inside list items, including indentless sequences', () => {
      assert.deepEqual(sorted(complete('x.trust-provider.yaml', 'TagSpecifications:\n  - |\n')), [
        'ResourceType',
        'Tags',
      ]);
      assert.deepEqual(
        labels(
          complete(
            'x.trust-provider.yaml',
            'TagSpecifications:\n- ResourceType: verified-access-trust-provider\n  Tags:\n  - Key: a\n    |\n',
          ),
        ),
        ['Value'],
      );
      assert.deepEqual(labels(complete('x.trust-provider.yaml', 'TagSpecifications:\n  - ResourceType: |\n')), [
        'verified-access-trust-provider',
      ]);
    });

    it('update files complete update members', () => {
      const items = complete('x.trust-provider.yaml', 'VerifiedAccessTrustProviderId: vatp-1\n|\n');
      assert.ok(labels(items).includes('Description'));
      assert.ok(!labels(items).includes('TrustProviderType'));
      assert.deepEqual(sorted(complete('x.identity-source.yaml', 'identitySourceId: IS1\n|\n')).slice(0, 2), [
        'policyStoreId',
        'updateConfiguration',
      ]);
    });

    it('in a YAML stream, each document on its own', () => {
      const items = complete(
        'x.trust-provider.yaml',
        'TrustProviderType: user\n---\nVerifiedAccessTrustProviderId: v\n|\n',
      );
      assert.ok(!labels(items).includes('TrustProviderType'));
      assert.ok(labels(items).includes('OidcOptions'));
    });

    it('templates in an empty file, one per provider type', () => {
      const items = complete('x.trust-provider.yaml', '|');
      assert.deepEqual(
        items.filter(i => i.kind === 'template').map(i => i.label),
        [
          'Trust provider: OpenID Connect (user)',
          'Trust provider: IAM Identity Center (user)',
          'Trust provider: Jamf (device)',
          'Trust provider: CrowdStrike (device)',
          'Trust provider: JumpCloud (device)',
        ],
      );
      const text = insert('x.trust-provider.yaml', '|', 'Trust provider: Jamf (device)');
      assert.deepEqual(
        service.validate(service.analyze({ uri: 'file:///t/x.trust-provider.yaml', text })!).map(d => d.code),
        [],
      );
      assert.deepEqual(
        complete('x.identity-source.yaml', '# verified-identity: identity-source\n|')
          .filter(i => i.kind === 'template')
          .map(i => i.label),
        ['Identity source: Amazon Cognito user pool', 'Identity source: OpenID Connect provider'],
      );
    });

    it('no completion inside scalars that are not members', () => {
      assert.deepEqual(complete('x.trust-provider.yaml', 'Description: some |text\n'), []);
    });
  });

  describe('JSON', () => {
    it('members with quotes, commas kept valid', () => {
      const src =
        '{\n  "configuration": {\n    "openIdConnectConfiguration": {\n      |\n      "issuer": "https://x"\n    }\n  }\n}';
      assert.deepEqual(sorted(complete('x.identity-source.json', src)), [
        'tokenSelection',
        'entityIdPrefix',
        'groupConfiguration',
      ]);
      const after = insert('x.identity-source.json', src, 'entityIdPrefix');
      assert.match(after, /"entityIdPrefix": "",\n {6}"issuer"/);
      assert.doesNotThrow(() => JSON.parse(after));
    });

    it('after the last member a leading comma is added', () => {
      const after = insert('x.trust-provider.json', '{"TrustProviderType": "user" |}', 'PolicyReferenceName');
      assert.equal(after, '{"TrustProviderType": "user" , "PolicyReferenceName": ""}');
      assert.doesNotThrow(() => JSON.parse(after));
    });

    it('a partial quoted key is replaced', () => {
      assert.equal(insert('x.identity-source.json', '{"pol|"}', 'policyStoreId'), '{"policyStoreId": ""}');
    });

    it('enum values are quoted', () => {
      assert.equal(
        insert('x.trust-provider.json', '{"TrustProviderType": "|"}', 'device'),
        '{"TrustProviderType": "device"}',
      );
    });

    it('templates in an empty file validate clean', () => {
      const items = complete('x.identity-source.json', '|');
      assert.equal(items.length, 2);
      for (const item of items) {
        const text = insert('x.identity-source.json', '|', item.label);
        assert.doesNotThrow(() => JSON.parse(text));
        assert.deepEqual(service.validate(service.analyze({ uri: 'file:///t/x.identity-source.json', text })!), []);
      }
    });
  });
});
