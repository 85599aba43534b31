/**
 * Every official request example in `test/reference/examples.json` validates with zero errors, in JSON and in YAML;
 * every negative example is flagged.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { fixturePath, service } from './helpers';

interface Example {
  id: string;
  operation: string;
  kind: string;
  input: Record<string, unknown>;
  fragmentPath?: string;
  expectInvalid?: boolean;
}

const examples = (
  JSON.parse(readFileSync(fixturePath('..', 'reference', 'examples.json'), 'utf8')) as { examples: Example[] }
).examples;

const FILE: Record<string, string> = {
  CreateIdentitySource: 'identity-source',
  UpdateIdentitySource: 'identity-source',
  CreateVerifiedAccessTrustProvider: 'trust-provider',
  ModifyVerifiedAccessTrustProvider: 'trust-provider',
};
const KIND: Record<string, string> = {
  CreateIdentitySource: 'identity-source',
  UpdateIdentitySource: 'identity-source-update',
  CreateVerifiedAccessTrustProvider: 'trust-provider',
  ModifyVerifiedAccessTrustProvider: 'trust-provider-update',
};

describe('official examples', () => {
  const relevant = examples.filter(e => FILE[e.operation]);
  it('covers every request kind', () => {
    assert.deepEqual([...new Set(relevant.map(e => e.operation))].sort(), Object.keys(FILE).sort());
  });
  for (const e of relevant) {
    // Fragments (a `configuration` value from the model docs) are wrapped into a minimal request.
    const input = e.fragmentPath ? { policyStoreId: 'PSEXAMPLEabcdefg111111', [e.fragmentPath]: e.input } : e.input;
    for (const format of ['json', 'yaml'] as const) {
      it(`${e.id} (${format})${e.expectInvalid ? ' is flagged' : ' validates clean'}`, () => {
        const text = format === 'json' ? JSON.stringify(input, null, 2) : stringify(input);
        const file = service.analyze({ uri: `file:///ex/${e.id}.${FILE[e.operation]}.${format}`, text })!;
        assert.equal(file.results()[0].kind, KIND[e.operation]);
        const errors = service.validate(file).filter(d => d.severity === 'error');
        if (e.expectInvalid) {
          assert.ok(
            errors.some(
              d => d.code === 'unknown-member' && d.message.includes("Did you mean 'cognitoUserPoolConfiguration'"),
            ),
          );
          assert.ok(errors.some(d => d.code === 'union-none'));
        } else {
          assert.deepEqual(
            errors.map(d => `${d.code} ${d.path}: ${d.message}`),
            [],
          );
        }
      });
    }
  }
  it('the request data round-trips through validateRequest (as the emulator uses it)', () => {
    for (const e of relevant.filter(x => !x.fragmentPath && !x.expectInvalid)) {
      const problems = service
        .validateRequest(KIND[e.operation] as 'identity-source', e.input)
        .filter(p => p.severity === 'error');
      assert.deepEqual(problems, [], e.id);
    }
  });
});
