/**
 * Every diagnostic code has fixtures under `test/fixtures/rules/<code>/`: `invalid-*` files whose diagnostics must
 * be exactly the marked ones, and `valid-*` files that must not produce that code (and whose other diagnostics, if
 * any, are marked too).
 */
import * as assert from 'node:assert/strict';
import { RULES } from '../../server/src/service/rules/registry';
import { assertMarked, listDir, readFixture } from './helpers';

/** Codes whose inputs are generated in `hostile.test.ts` (too big or too many to keep as files). */
const GENERATED = new Set(['too-large', 'binary', 'too-many-problems']);
/** Codes that need facts from outside the file; tested in their own suites. */
const EXTERNAL = new Set(RULES.filter(r => r.family === 'semantic').map(r => r.code));

describe('rules: fixtures per diagnostic code', () => {
  const dirs = listDir('rules');
  for (const code of dirs) {
    describe(code, () => {
      for (const file of listDir('rules', code)) {
        it(file, () => {
          const diags = assertMarked(file, readFixture('rules', code, file));
          if (file.startsWith('valid')) assert.ok(!diags.some(d => d.code === code), `${file} must not report ${code}`);
          else
            assert.ok(
              diags.some(d => d.code === code),
              `${file} must report ${code}`,
            );
        });
      }
    });
  }

  it('every registered code has a valid and an invalid fixture', () => {
    const missing: string[] = [];
    for (const r of RULES) {
      if (GENERATED.has(r.code) || EXTERNAL.has(r.code)) continue;
      const files = dirs.includes(r.code) ? listDir('rules', r.code) : [];
      if (!files.some(f => f.startsWith('valid')) || !files.some(f => f.startsWith('invalid'))) missing.push(r.code);
    }
    assert.deepEqual(missing, []);
  });

  it('every fixture directory names a registered code', () => {
    const codes = new Set(RULES.map(r => r.code));
    assert.deepEqual(
      dirs.filter(d => !codes.has(d)),
      [],
    );
  });
});
