/** The diagnostics table in docs/diagnostics.md is generated from the registry and up to date. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/service/rules/registry';
import { renderDiagnosticsDoc } from '../../server/src/service/rules/docs';
import { ROOT } from './helpers';

describe('docs', () => {
  it('docs/diagnostics.md matches the registry (run `npm run docs:diagnostics`)', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8'), renderDiagnosticsDoc(RULES));
  });
  it('codes are unique, kebab-case, and each has a one-line summary', () => {
    assert.equal(new Set(RULES.map(r => r.code)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(r.summary.length > 10 && !r.summary.includes('\n'), r.code);
    }
  });
});
