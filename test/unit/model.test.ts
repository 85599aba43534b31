/**
 * The shape model agrees with the reference (`test/reference/constraints.json`, checked against the botocore
 * service models): every member of the four requests, with its type, required flag, length/value bounds, pattern,
 * enum, list bounds and unions — and no member the reference does not have.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KINDS } from '../../server/src/service/model/kinds';
import type { Shape } from '../../server/src/service/model/shapes';
import { fixturePath } from './helpers';

interface RefPath {
  type: string;
  required?: boolean;
  min?: number;
  max?: number;
  minMaxKind?: string;
  pattern?: string;
  enum?: string[];
  unionMembers?: string[];
  sensitive?: boolean;
  documentedMax?: number;
}

const ref = JSON.parse(readFileSync(fixturePath('..', 'reference', 'constraints.json'), 'utf8')) as {
  paths: Record<string, RefPath>;
};

function flatten(
  shape: Shape,
  prefix: string,
  out: Map<string, { shape: Shape; required: boolean }>,
  required = false,
): void {
  out.set(prefix, { shape, required });
  if (shape.type === 'structure') {
    for (const [name, m] of Object.entries(shape.members))
      flatten(m.shape, `${prefix}.${name}`, out, m.required === true);
  } else if (shape.type === 'list') {
    flatten(shape.member, `${prefix}[]`, out, false);
  }
}

const TYPE: Record<Shape['type'], string> = {
  structure: 'structure',
  list: 'list',
  string: 'string',
  boolean: 'boolean',
  integer: 'integer',
};

for (const info of Object.values(KINDS)) {
  describe(`model: ${info.operation} agrees with constraints.json`, () => {
    const ours = new Map<string, { shape: Shape; required: boolean }>();
    flatten(info.shape, info.operation, ours);
    ours.delete(info.operation);
    const theirs = Object.entries(ref.paths).filter(([p]) => p.startsWith(`${info.operation}.`));

    it('has exactly the reference members', () => {
      const refKeys = theirs.map(([p]) => p).sort();
      assert.deepEqual([...ours.keys()].sort(), refKeys);
      assert.ok(refKeys.length > 10);
    });

    for (const [path, r] of theirs) {
      it(path, () => {
        const o = ours.get(path);
        assert.ok(o, `missing ${path}`);
        const s = o.shape;
        const type = r.type === 'union' ? 'structure' : r.type;
        assert.equal(TYPE[s.type], type, 'type');
        if (r.required !== undefined && !path.endsWith('[]')) assert.equal(o.required, r.required, 'required');
        if (r.type === 'union') {
          assert.ok(s.type === 'structure' && s.union, 'union');
          assert.deepEqual(Object.keys(s.members).sort(), [...(r.unionMembers ?? [])].sort());
        }
        if (s.type === 'string' || s.type === 'list' || s.type === 'integer') {
          assert.equal(s.min, r.min, 'min');
          assert.equal(s.max, r.max, 'max');
        }
        if (s.type === 'string') {
          assert.equal(s.pattern, r.pattern, 'pattern');
          assert.deepEqual(
            s.enum?.map(e => e.value),
            r.enum,
            'enum',
          );
          assert.equal(s.sensitive === true, r.sensitive === true, 'sensitive');
          assert.equal(s.documentedMax, r.documentedMax, 'documentedMax');
        }
      });
    }
  });
}

describe('model: documentation', () => {
  it('every member has a doc of its own and every enum value a meaning', () => {
    for (const info of Object.values(KINDS)) {
      const walk = (shape: Shape, path: string): void => {
        if (shape.type === 'structure') {
          for (const [name, m] of Object.entries(shape.members)) {
            assert.ok(m.doc.length > 15, `${path}.${name} doc`);
            walk(m.shape, `${path}.${name}`);
          }
        } else if (shape.type === 'list') walk(shape.member, `${path}[]`);
        else if (shape.type === 'string' && shape.enum)
          for (const e of shape.enum) assert.ok(e.doc.length > 5, `${path} ${e.value}`);
      };
      walk(info.shape, info.operation);
    }
  });
});
