/**
 * The exported JSON Schemas (draft-07) agree with the validator: official examples pass, the negative example
 * fails, and fixtures the validator rejects for shape reasons are rejected by the schema too.
 */
import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALL_KINDS } from '../../server/src/service';
import { fixturePath, listDir, parseMarked, readFixture, service } from './helpers';

// Unions are `oneOf: [{required: [member]}]` beside the properties: valid draft-07 that Ajv's strictRequired dislikes.
const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
const validators = Object.fromEntries(ALL_KINDS.map(k => [k, ajv.compile(service.schema(k))]));

describe('JSON Schema export', () => {
  it('is draft-07 and describes every kind', () => {
    for (const k of ALL_KINDS) {
      const s = service.schema(k);
      assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(s.additionalProperties, false);
    }
  });

  it('accepts every official example and rejects the negative one', () => {
    const { examples } = JSON.parse(readFileSync(fixturePath('..', 'reference', 'examples.json'), 'utf8')) as {
      examples: { id: string; operation: string; input: unknown; fragmentPath?: string; expectInvalid?: boolean }[];
    };
    const kind: Record<string, string> = {
      CreateIdentitySource: 'identity-source',
      UpdateIdentitySource: 'identity-source-update',
      CreateVerifiedAccessTrustProvider: 'trust-provider',
      ModifyVerifiedAccessTrustProvider: 'trust-provider-update',
    };
    let n = 0;
    for (const e of examples.filter(x => kind[x.operation])) {
      const input = e.fragmentPath ? { policyStoreId: 'PSEXAMPLEabcdefg111111', [e.fragmentPath]: e.input } : e.input;
      const ok = validators[kind[e.operation]](input);
      assert.equal(ok, !e.expectInvalid, `${e.id}: ${JSON.stringify(validators[kind[e.operation]].errors)}`);
      n++;
    }
    assert.ok(n >= 9);
  });

  it('agrees with the validator on the shape fixtures', () => {
    const SHAPE = [
      'unknown-member',
      'wrong-type',
      'missing-required',
      'enum',
      'length',
      'pattern',
      'list-length',
      'union-none',
      'union-multiple',
    ];
    let checked = 0;
    for (const code of SHAPE) {
      for (const f of listDir('rules', code)) {
        const { text } = parseMarked(readFixture('rules', code, f));
        const file = service.analyze({ uri: `file:///f/${f}`, text })!;
        const data: unknown = f.endsWith('.json') ? JSON.parse(text) : parse(text);
        const kind = file.results()[0].kind;
        const shapeErrors = service.validate(file).filter(d => SHAPE.includes(d.code) || d.code === 'placeholder');
        assert.equal(validators[kind](data), shapeErrors.length === 0, `${code}/${f}`);
        checked++;
      }
    }
    assert.ok(checked > 15);
  });
});
