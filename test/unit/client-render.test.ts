/**
 * Open as YAML / the previews render requests that the AWS CLI reads back unchanged: strings its YAML loader would
 * type as dates, integers or bytes when plain are quoted, and the product's own reading finds nothing to report.
 */
import * as assert from 'node:assert/strict';
import { renderRequest } from '../../client/src/apply/render';
import { createLanguageService } from '../../server/src/service';

const service = createLanguageService();

describe('client: requests rendered as YAML read back as the AWS CLI reads them', () => {
  const body = {
    TrustProviderType: 'user',
    UserTrustProviderType: 'iam-identity-center',
    PolicyReferenceName: '2024-06-01',
    Description: '2024-06-01T10:00:00Z',
    ClientToken: '20240601_01',
    SseSpecification: { CustomerManagedKeyEnabled: false, KmsKeyArn: '0b101' },
    TagSpecifications: [
      {
        ResourceType: 'verified-access-trust-provider',
        Tags: [
          { Key: '=', Value: '1_000' },
          { Key: 'plain', Value: 'yes' },
          { Key: 'hex', Value: '0x1F' },
          { Key: 'float', Value: '1_0.5' },
        ],
      },
    ],
  };

  it('quotes every string the CLI would not read as a string, and nothing else', () => {
    const text = renderRequest(body, 'yaml');
    for (const v of ['2024-06-01', '2024-06-01T10:00:00Z', '20240601_01', '0b101', '=', '1_000', '0x1F', '1_0.5'])
      assert.ok(text.includes(`"${v}"`), `${v} is quoted in:\n${text}`);
    assert.match(text, /^TrustProviderType: user$/m);
    assert.match(text, /Value: yes$/m, 'a YAML 1.2 string stays plain');
  });

  it('reads back to the same request with no problem reported', () => {
    const text = renderRequest(body, 'yaml');
    const file = service.analyze({ uri: 'file:///ws/x.trust-provider.yaml', text })!;
    assert.deepEqual(service.requestInput(file), body);
    const codes = service.validate(file).map(d => d.code);
    assert.ok(!codes.some(c => c.startsWith('cli-yaml') || c === 'wrong-type'), codes.join(', '));
  });
});
