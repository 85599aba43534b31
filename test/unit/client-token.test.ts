/**
 * Check a Token… in plain Node: the result document (client/src/token/render.ts) shows every check, the principal
 * and the entities with sensitive claims masked, and cannot be turned into links, images or blocks by a hostile
 * claim; the log redacts JWTs (client/src/redact.ts); the shared presentation (service/token/present.ts) says why a
 * signature was not checked and masks claims wherever the mapping put them.
 */
import * as assert from 'node:assert/strict';
import { REDACTED, Redactor, redact } from '../../client/src/redact';
import { codeBlock, codeSpan, escapeMarkdown, looksLikeJwt, renderTokenResult } from '../../client/src/token/render';
import { displayedClaims, runTokenCheck, verdictLine } from '../../server/src/service';
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
  run,
  sourceOf,
  testVerifier,
} from './token-fixtures';

const view = (result: ReturnType<typeof run>, reveal = false, source = sourceOf(COGNITO_SOURCE)) =>
  renderTokenResult({
    origin: 'cognito.identity-source.json',
    source,
    result,
    reveal,
    checkedAt: '2026-01-15T12:00:00.000Z',
  });

describe('client: Check a Token result document', () => {
  it('shows every check with its icon, reason and fix with member paths, the principal and the entities', () => {
    const r = run(OIDC_ID_SOURCE, oidcAccess({ aud: 'web-app' }), { typ: 'at+jwt' });
    const md = view(r, false, sourceOf(OIDC_ID_SOURCE));
    assert.match(md, /^# Token check: Rejected$/m);
    for (const c of r.checks) assert.ok(md.includes(`**${escapeMarkdown(c.title)}**`), c.title);
    assert.match(
      md,
      /^- ✘ \*\*Token type\*\* \(fail\): This is an access token \(by its typ header \(at\+jwt\)\); the identity source accepts ID tokens only/m,
    );
    assert.match(
      md,
      /^ {2}- \*\*Fix:\*\* Send the ID token instead, or change tokenSelection from identityTokenOnly to accessTokenOnly .* Change `configuration\.openIdConnectConfiguration\.tokenSelection`\.$/m,
    );
    assert.match(md, /^- \? \*\*Signature\*\* \(not checked\)/m);
    assert.match(md, /^`MyCorp::User::"auth\.example\.com\|user-1234"`$/m);
    assert.match(md, /^## Cedar entities$/m);
    assert.match(md, /"type": "MyCorp::UserGroup"/);
  });

  it('masks sensitive claims by default, says how to show them, and shows them when revealed', () => {
    const r = run(COGNITO_SOURCE, cognitoId());
    const md = view(r);
    assert.ok(!md.includes('alice'), 'no user name or email in the masked document');
    assert.match(md, /"email": "<hidden: personal data>"/);
    assert.match(md, /"jti": "<hidden: session identifier>"/);
    assert.match(md, /choose \*\*Show Sensitive Claims\*\*/);
    const shown = view(r, true);
    assert.match(shown, /"email": "alice@example\.com"/);
    assert.match(shown, /"username": "alice"/);
  });

  it('an access token’s claims appear as the context, masked too', () => {
    const r = run(COGNITO_SOURCE, cognitoAccess());
    const md = view(r);
    assert.match(md, /^## Context$/m);
    assert.match(md, /"username": "<hidden: personal data>"/);
    assert.deepEqual((displayedClaims(r, false).context?.token as Record<string, unknown>).scope, [
      'openid',
      'profile',
      'MyAPI/read',
    ]);
  });

  it('a hostile claim cannot add an image, a link or a heading, nor close the code block', () => {
    const evil = '![x](https://evil.example/leak.png) <img src=https://evil.example/a> [y](command:z)';
    const r = run(
      OIDC_ID_SOURCE,
      oidcId({
        [evil]: null, // a claim name that lands in a reason (dropped: null)
        sub: `\`\`\`\n# owned\n${evil}`,
        note: '```\n</code><img src=https://evil.example/b>\n```',
      }),
    );
    const md = view(r, true, sourceOf(OIDC_ID_SOURCE));
    // Outside code spans and blocks (whose text is shown as it is), nothing may be Markdown or HTML syntax.
    const prose = md.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    assert.ok(!/(^|[^\\])!\\?\[/.test(prose), 'no image syntax');
    assert.ok(!/(^|[^\\])<img/.test(prose), 'no HTML');
    assert.ok(!/(^|[^\\])\[y\]/.test(prose), 'no link');
    assert.ok(!/^# owned/m.test(md), 'no heading from a claim');
    const fences = md.match(/^`{3,}json$/gm) ?? [];
    assert.ok(fences.length >= 1 && fences.every(f => f.length > 4), 'the fence is longer than any run in the JSON');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(codeBlock('```', 'json'), '````json\n```\n````');
    assert.equal(escapeMarkdown('a\n# b'), 'a \\# b');
    assert.equal(escapeMarkdown('see ![x](https://e)'), 'see \\!\\[x\\](https\\://e)');
  });

  it('never holds the token', () => {
    const token = jwt(cognitoId());
    const r = run(COGNITO_SOURCE, cognitoId());
    const md = view(r, true);
    for (const part of token.split('.')) assert.ok(!md.includes(part));
  });

  it('tells a JWT from other clipboard text without saying more', () => {
    assert.equal(looksLikeJwt(jwt(cognitoId())), true);
    assert.equal(looksLikeJwt(`Bearer ${jwt(cognitoId())}\n`), true);
    assert.equal(looksLikeJwt('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'), true, 'an unsigned JWT is still one to check');
    assert.equal(looksLikeJwt('a.b.c'), false);
    assert.equal(looksLikeJwt('verifiedIdentity.identitySources.loadMore'), false);
    assert.equal(looksLikeJwt('some text'), false);
  });
});

describe('client: the log redacts JWTs', () => {
  const token = jwt(cognitoId());
  const cases: [string, string][] = [
    ['a bare token', `checking ${token} now`],
    ['a token in JSON', `{"token":"${token}"}`],
    ['a token after Bearer', `Authorization: Bearer ${token}`],
    ['a token in a URL fragment', `https://app.example.com/cb#id_token=${token}&state=1`],
    ['an unsigned token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ['an encrypted token (five parts)', `${token}.${token.split('.')[1]}.abc`],
  ];
  for (const [name, text] of cases)
    it(`removes ${name}`, () => {
      const out = new Redactor().redact(text);
      for (const part of token.split('.')) assert.ok(!out.includes(part), out);
      assert.ok(out.includes(REDACTED));
    });

  it('keeps dotted names that are not tokens', () => {
    for (const text of [
      'verifiedIdentity.identitySources.loadMore',
      'configuration.openIdConnectConfiguration.tokenSelection',
      'file event.identity-source.yaml',
    ])
      assert.equal(redact(text), text);
  });
});

describe('token presentation (service/token/present.ts)', () => {
  it('says why the signature was not checked: no verifier, or an earlier check failed', async () => {
    const offline = await runTokenCheck(sourceOf(COGNITO_SOURCE), jwt(cognitoId()), {
      now: NOW,
      offlineReason: 'online checks are off',
    });
    assert.equal(
      offline.checks.find(c => c.id === 'signature')?.reason,
      'The signature was not checked: online checks are off.',
    );
    const verify = testVerifier();
    const otherIssuer = await runTokenCheck(sourceOf(COGNITO_SOURCE), jwt(cognitoId({ iss: 'https://x.example' })), {
      now: NOW,
      verify,
    });
    assert.match(otherIssuer.checks.find(c => c.id === 'signature')?.reason ?? '', /failed a check above/);
    assert.equal(verify.targets.length, 0, 'no keys asked for');
    const verified = await runTokenCheck(sourceOf(OIDC_ACCESS_SOURCE), jwt(oidcAccess()), { now: NOW, verify });
    assert.equal(verified.checks.find(c => c.id === 'signature')?.status, 'pass');
    assert.equal(verdictLine(verified), 'Accepted: no check failed.');
  });

  it('verdict lines for rejected and incomplete results', () => {
    assert.equal(
      verdictLine(run(COGNITO_SOURCE, cognitoId({ exp: 1 }))),
      'Rejected: 1 check failed; Verified Permissions would not accept this token.',
    );
    assert.equal(verdictLine(run(COGNITO_SOURCE, cognitoId())), 'Accepted (not checked: signature): no check failed.');
  });

  it('masks a sensitive claim in the claims, the attribute, and its Cognito dot-notation record', () => {
    const r = run(COGNITO_SOURCE, cognitoId());
    const d = displayedClaims(r, false);
    const attrs = d.entities[0].attrs as Record<string, Record<string, unknown>>;
    assert.equal(d.claims?.['custom:department'], '<hidden: personal data>');
    assert.equal(attrs['custom:department'], '<hidden: personal data>');
    assert.equal(attrs.custom.department, '<hidden: personal data>');
    assert.equal(attrs.cognito.username, '<hidden: personal data>');
    assert.deepEqual(attrs.cognito.groups, ['admins', 'staff'], 'not sensitive: kept');
    assert.equal(
      (r.entities[0].attrs.custom as Record<string, unknown>).department,
      'Finance',
      'the result is unchanged',
    );
    assert.deepEqual(d.masked, ['cognito:username', 'custom:department', 'email', 'jti']);
  });
});
