/**
 * docs/token-checks.md says which facts each token check rests on: every fact a check cites, in any outcome, is in
 * that check's row, every check has a row, and every fact the page names is in test/reference/token-mapping.md.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIds, checkToken, type TokenCheckResult } from '../../server/src/service';
import { ROOT } from './helpers';
import {
  COGNITO_SOURCE,
  NOW,
  OIDC_ACCESS_SOURCE,
  OIDC_ID_SOURCE,
  cognitoAccess,
  cognitoId,
  jwt,
  oidcAccess,
  oidcId,
  oidcSource,
  sourceOf,
} from './token-fixtures';

/** Many outcomes of every check: valid and broken tokens of both kinds against every kind of source. */
function corpus(): TokenCheckResult[] {
  const sources = [
    COGNITO_SOURCE,
    OIDC_ID_SOURCE,
    OIDC_ACCESS_SOURCE,
    oidcSource({ identityTokenOnly: {} }),
    { ...COGNITO_SOURCE, principalEntityType: undefined },
  ].map(sourceOf);
  const claims = [
    cognitoId(),
    cognitoAccess(),
    oidcId(),
    oidcAccess(),
    cognitoId({ exp: 1, nbf: 9e9, aud: 'x', cognito: 'x', 'cognito:groups': 5, x: null, sub: 'y'.repeat(300) }),
    oidcId({ iss: 'https://auth.example.com/', groups: 'a b', aud: 'z', sub: undefined }),
    oidcAccess({ aud: undefined, cid: 'q' }),
    cognitoAccess({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OTHER' }),
    cognitoId({ token_use: 'other' }),
  ];
  const out: TokenCheckResult[] = [];
  for (const source of sources) {
    out.push(checkToken(source, 'not a token', { now: NOW }));
    for (const c of claims)
      for (const sign of [{}, { alg: 'HS256' }, { alg: 'none', signature: '' }]) {
        out.push(checkToken(source, jwt(c, sign), { now: NOW }));
        out.push(checkToken(source, jwt(c, sign), { now: NOW, parameter: 'accessToken' }));
        out.push(checkToken(source, jwt(c, sign), { now: NOW, signature: { status: 'valid' } }));
      }
  }
  return out;
}

describe('docs/token-checks.md', () => {
  const page = readFileSync(join(ROOT, 'docs', 'token-checks.md'), 'utf8');
  const reference = readFileSync(join(ROOT, 'test', 'reference', 'token-mapping.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const line of page.split('\n')) {
    const m = /^\| [^|]*\(`([a-z-]+)`[^|]*\|/.exec(line);
    if (m) rows.set(m[1], line);
  }

  it('has a row for every check', () => {
    assert.deepEqual([...rows.keys()].sort(), [...new Set([...checkIds(sourceOf(COGNITO_SOURCE))])].sort());
  });

  it('names, in its row, every fact a check cites', () => {
    const missing = new Set<string>();
    for (const r of corpus())
      for (const c of r.checks) for (const f of c.facts) if (!rows.get(c.id)?.includes(f)) missing.add(`${c.id}: ${f}`);
    assert.deepEqual([...missing], []);
  });

  it('names only facts the reference holds', () => {
    const named = new Set(page.match(/F-[A-Z0-9-]+[A-Z0-9]/g) ?? []);
    assert.ok(named.size > 20);
    for (const f of named) assert.ok(reference.includes(`**${f}**`), `${f} is in token-mapping.md`);
  });
});
