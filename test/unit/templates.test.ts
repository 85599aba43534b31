/** Every template validates with no errors in both formats and names a file the defaults associate. */
import * as assert from 'node:assert/strict';
import { associate } from '../../server/src/service/association';
import {
  TEMPLATES,
  templateFileName,
  templateSnippet,
  templateText,
} from '../../server/src/service/features/templates';
import { service } from './helpers';

describe('templates', () => {
  it('one per provider type and identity source type', () => {
    assert.deepEqual(
      TEMPLATES.map(t => t.id),
      [
        'identity-source-cognito',
        'identity-source-oidc',
        'trust-provider-oidc',
        'trust-provider-iam-identity-center',
        'trust-provider-jamf',
        'trust-provider-crowdstrike',
        'trust-provider-jumpcloud',
      ],
    );
  });
  for (const t of TEMPLATES) {
    for (const format of ['json', 'yaml'] as const) {
      it(`${t.id} (${format}) validates clean`, () => {
        const name = templateFileName(t, format);
        assert.equal(associate(`file:///w/${name}`, '', {}, format === 'yaml')?.base, t.base);
        const file = service.analyze({ uri: `file:///w/${name}`, text: templateText(t, format) })!;
        assert.deepEqual(service.validate(file), []);
        const snippet = templateSnippet(t, format);
        assert.match(snippet, /\$\{1:/);
        assert.ok(!/(^|[^\\])\$(?![{\d])/.test(snippet), 'unescaped $ in snippet');
      });
    }
  }
});
