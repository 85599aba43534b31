/**
 * The token check against its reference: every fact the code cites is in test/reference/token-mapping.md, and the
 * documented example tokens become the principals, groups and attributes the AWS documentation shows.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_TOKEN_LENGTH } from '../../server/src/service';
import { ROOT } from './helpers';
import { NOW_S, oidcSource, run } from './token-fixtures';

const REFERENCE = join(ROOT, 'test', 'reference');
const md = readFileSync(join(REFERENCE, 'token-mapping.md'), 'utf8');

interface TokenExample {
  fact: string;
  claims: Record<string, unknown>;
  identitySource: Record<string, unknown>;
  expected: {
    principal: { entityType: string; entityId: string };
    parents: Array<{ type: string; id: string }>;
    schemaAttributes?: { bracket: Record<string, string>; dot: Record<string, string> };
    notAttributes?: string[];
    contextToken?: Record<string, string>;
  };
}
const examples = JSON.parse(readFileSync(join(REFERENCE, 'token-mapping.examples.json'), 'utf8')) as {
  tokens: Record<string, TokenExample>;
  principals: {
    fact: string;
    cognito: Array<{ userPoolId: string; sub: string; entityId: string }>;
    cognitoGroups: Array<{ userPoolId: string; group: string; entityId: string }>;
    oidc: Array<{ entityIdPrefix: string; claim: string; entityId: string }>;
    oidcGroups: Array<{ entityIdPrefix: string; group: string; entityId: string }>;
  };
  groupClaimFormats: { fact: string; cases: Array<{ value: unknown; groups: string[] }> };
};

/** Fact IDs defined in the reference: `- **F-…**` at the start of a list item. */
const defined = [...md.matchAll(/^- \*\*(F-[A-Z0-9-]+)\*\*/gm)].map(m => m[1]);
const sources = new Set([...md.matchAll(/^\| (S-[A-Z0-9-]+) +\|/gm)].map(m => m[1]));

/** The body of one fact (up to the next list item or heading). */
function fact(id: string): string {
  const start = md.indexOf(`- **${id}**`);
  assert.ok(start >= 0, `${id} is not in token-mapping.md`);
  const rest = md.slice(start + 2);
  const end = rest.search(/\n- \*\*|\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Cedar type of a value in Cedar's JSON entity format. */
function cedarType(v: unknown): string {
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return 'Long';
  if (Array.isArray(v)) return `Set<${v.length ? cedarType(v[0]) : '?'}>`;
  return 'Record';
}

function at(record: Record<string, unknown>, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], record);
}

/** A documented example with its time claims moved around "now" (the documented ones expired in 2023). */
function current(claims: Record<string, unknown>): Record<string, unknown> {
  return { ...claims, iat: NOW_S - 60, auth_time: NOW_S - 60, exp: NOW_S + 3600 };
}

describe('token: reference facts', () => {
  it('defines each fact once and cites only sources it lists', () => {
    assert.ok(defined.length >= 40, `${defined.length} facts`);
    assert.equal(new Set(defined).size, defined.length, 'duplicate fact IDs');
    for (const id of defined) {
      const cites = [...fact(id).matchAll(/(?<![\w-])S-[A-Z0-9]+(?:-[A-Z0-9]+)*/g)].map(m => m[0]);
      for (const s of cites) assert.ok(sources.has(s), `${id} cites ${s}`);
      assert.ok(cites.length > 0 || /silent → chosen/.test(fact(id)), `${id} cites no source and is not marked silent`);
    }
  });

  it('defines every fact the token module cites', () => {
    const dir = join(ROOT, 'server', 'src', 'service', 'token');
    const cited = new Set<string>();
    for (const f of readdirSync(dir))
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(F-[A-Z0-9-]+)'/g)) cited.add(m[1]);
    assert.ok(cited.size >= 25, `${cited.size} facts cited`);
    for (const id of cited) assert.ok(defined.includes(id), `${id} is cited but not in token-mapping.md`);
  });

  it('has the token size limit the decoder enforces', () => {
    assert.match(fact('F-IAWT-TOKEN-SHAPE'), /1 to 131,072 characters/);
    assert.equal(MAX_TOKEN_LENGTH, 131_072);
  });
});

describe('token: documented examples', () => {
  for (const [name, ex] of Object.entries(examples.tokens)) {
    it(`${name} (${ex.fact}) becomes the documented principal, groups and attributes`, () => {
      fact(ex.fact);
      const r = run(ex.identitySource, current(ex.claims));
      assert.equal(r.accepted, true, JSON.stringify(r.checks.filter(c => c.status === 'fail')));
      assert.deepEqual(r.principal, ex.expected.principal);
      const user = r.entities[0];
      assert.deepEqual(user.uid, { type: ex.expected.principal.entityType, id: ex.expected.principal.entityId });
      assert.deepEqual(user.parents, ex.expected.parents);
      assert.deepEqual(
        r.entities.slice(1).map(e => e.uid),
        ex.expected.parents,
      );
      for (const [notation, attrs] of Object.entries(ex.expected.schemaAttributes ?? {}))
        for (const [attr, type] of Object.entries(attrs)) {
          const v = notation === 'bracket' ? user.attrs[attr] : at(user.attrs, attr);
          assert.equal(cedarType(v), type, `${notation} ${attr}`);
        }
      for (const attr of ex.expected.notAttributes ?? []) assert.ok(!(attr in user.attrs), attr);
      if (ex.expected.contextToken) {
        assert.deepEqual(user.attrs, {}, 'access tokens give the principal no attributes');
        const token = (r.context as { token: Record<string, unknown> }).token;
        for (const [attr, type] of Object.entries(ex.expected.contextToken))
          assert.equal(cedarType(token[attr]), type, attr);
      }
    });
  }

  it(`principal and group IDs are written as the documentation writes them (${examples.principals.fact})`, () => {
    fact(examples.principals.fact);
    for (const p of examples.principals.cognito) {
      const region = p.userPoolId.split('_')[0];
      const src = {
        principalEntityType: 'MyCorp::User',
        configuration: {
          cognitoUserPoolConfiguration: {
            userPoolArn: `arn:aws:cognito-idp:${region}:123456789012:userpool/${p.userPoolId}`,
            clientIds: ['c'],
          },
        },
      };
      const iss = `https://cognito-idp.${region}.amazonaws.com/${p.userPoolId}`;
      const r = run(src, { sub: p.sub, iss, aud: 'c', token_use: 'id', exp: NOW_S + 60 });
      assert.equal(r.principal?.entityId, p.entityId);
    }
    for (const g of examples.principals.cognitoGroups) {
      const region = g.userPoolId.split('_')[0];
      const src = {
        configuration: {
          cognitoUserPoolConfiguration: {
            userPoolArn: `arn:aws:cognito-idp:${region}:123456789012:userpool/${g.userPoolId}`,
          },
        },
      };
      const r = run(src, {
        sub: 's',
        iss: `https://cognito-idp.${region}.amazonaws.com/${g.userPoolId}`,
        token_use: 'access',
        client_id: 'c',
        'cognito:groups': [g.group],
        exp: NOW_S + 60,
      });
      assert.equal(r.entities[0].parents[0].id, g.entityId);
    }
    for (const p of [...examples.principals.oidc, ...examples.principals.oidcGroups]) {
      const claim = 'claim' in p ? p.claim : 's';
      const src = oidcSource(
        { identityTokenOnly: { principalIdClaim: 'user_id' } },
        { entityIdPrefix: p.entityIdPrefix },
      );
      const r = run(src, {
        iss: 'https://auth.example.com',
        user_id: claim,
        nonce: 'n',
        groups: 'group' in p ? [p.group] : [],
        exp: NOW_S + 60,
      });
      if ('claim' in p) assert.equal(r.principal?.entityId, p.entityId);
      else assert.equal(r.entities[0].parents[0].id, p.entityId);
    }
  });

  it(`reads each documented group claim format (${examples.groupClaimFormats.fact})`, () => {
    fact(examples.groupClaimFormats.fact);
    const src = oidcSource({ identityTokenOnly: {} }, { entityIdPrefix: 'P' });
    for (const c of examples.groupClaimFormats.cases) {
      const r = run(src, { iss: 'https://auth.example.com', sub: 's', nonce: 'n', groups: c.value, exp: NOW_S + 60 });
      assert.deepEqual(
        r.entities[0].parents.map(p => p.id),
        c.groups.map(g => `P|${g}`),
      );
    }
  });
});
