/**
 * `verified-identity check-token`: text and JSON reports, exit codes (0 accepted, 1 rejected, 2 usage or I/O), the
 * token from a file, standard input or the command line (with its warning), the identity-source file read as
 * `validate` reads it, `--online` against an issuer on loopback, and no token in any output.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import { ROOT } from './helpers';
import { sendJson, startCountingServer, type CountingServer } from './oidc-server';
import { COGNITO_SOURCE, JWKS, cognitoAccess, cognitoId, jwt, oidcId, oidcSource } from './token-fixtures';

const nowS = () => Math.floor(Date.now() / 1000);
const fresh = () => ({ iat: nowS() - 60, auth_time: nowS() - 60, exp: nowS() + 3600 });

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], cwd: string, stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: t => (out += `${t}\n`),
    err: t => (err += `${t}\n`),
    cwd,
    stdin: max =>
      Promise.resolve(Buffer.byteLength(stdin) > max ? { error: `more than ${max} bytes: not read` } : { text: stdin }),
  });
  return { code, out, err };
}

/** No part of the token (claims or signature) in anything the CLI printed. */
function assertNoToken(r: Run, token: string): void {
  const [, payload, signature] = token.split('.');
  for (const part of [payload, signature].filter(p => p && p.length > 8))
    assert.ok(!`${r.out}${r.err}`.includes(part), 'the token is never printed');
}

describe('CLI check-token', () => {
  let dir: string;
  let issuer: CountingServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vi-check-token-'));
    writeFileSync(join(dir, 'cognito.identity-source.json'), JSON.stringify(COGNITO_SOURCE, null, 2));
    writeFileSync(
      join(dir, 'okta.identity-source.yaml'),
      [
        'policyStoreId: PSEXAMPLEabcdefg111111',
        'principalEntityType: MyCorp::User',
        'configuration:',
        '  openIdConnectConfiguration:',
        '    issuer: https://auth.example.com',
        '    entityIdPrefix: auth.example.com',
        '    groupConfiguration:',
        '      groupClaim: groups',
        '      groupEntityType: MyCorp::UserGroup',
        '    tokenSelection:',
        '      identityTokenOnly:',
        '        clientIds: [web-app]',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'two.identity-source.yaml'),
      `${JSON.stringify(COGNITO_SOURCE)}\n---\n${JSON.stringify(oidcSource({ identityTokenOnly: { clientIds: ['web-app'] } }))}\n`,
    );
    writeFileSync(
      join(dir, 'idc.trust-provider.yaml'),
      'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n',
    );
    writeFileSync(
      join(dir, 'half.identity-source.yaml'),
      'policyStoreId: PSEXAMPLEabcdefg111111\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: https://auth.example.com\n',
    );
    mkdirSync(join(dir, 'a-directory'));
    writeFileSync(join(dir, 'huge.txt'), 'x'.repeat(1024 * 1024 + 10));

    issuer = await startCountingServer({}, (path: string, res: http.ServerResponse, base: string) => {
      if (path === '/.well-known/openid-configuration')
        return sendJson(res, { issuer: base, jwks_uri: `${base}/jwks` });
      if (path === '/jwks') return sendJson(res, JWKS);
      return false;
    });
    writeFileSync(
      join(dir, 'local.identity-source.json'),
      JSON.stringify(
        {
          policyStoreId: 'PSEXAMPLEabcdefg111111',
          principalEntityType: 'MyCorp::User',
          configuration: {
            openIdConnectConfiguration: {
              issuer: issuer.url,
              groupConfiguration: { groupClaim: 'groups', groupEntityType: 'MyCorp::UserGroup' },
              tokenSelection: { identityTokenOnly: { clientIds: ['web-app'] } },
            },
          },
        },
        null,
        2,
      ),
    );
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await issuer.close();
  });

  it('accepts a Cognito ID token read from a file: exit 0, each check, the principal, sensitive claims hidden', async () => {
    const token = jwt(cognitoId(fresh()));
    writeFileSync(join(dir, 'id.jwt'), `${token}\n`);
    const r = await run(
      ['check-token', '--identity-source', 'cognito.identity-source.json', '--token-file', 'id.jwt'],
      dir,
    );
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(
      r.out,
      /^Identity source: cognito\.identity-source\.json: Cognito user pool us-east-1_EXAMPLE \(us-east-1\)$/m,
    );
    assert.match(r.out, /^Token: ID token \(alg RS256, kid rsa-1\)$/m);
    assert.match(r.out, /^ {2}✓ pass +Issuer +The token comes from the configured issuer\.$/m);
    assert.match(
      r.out,
      /^ {2}\? not checked Signature +The signature was not checked: run with --online to verify it/m,
    );
    assert.match(r.out, /^Principal: MyCorp::User::"us-east-1_EXAMPLE\|a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"$/m);
    assert.match(
      r.out,
      /^Groups: MyCorp::UserGroup::"us-east-1_EXAMPLE\|admins", MyCorp::UserGroup::"us-east-1_EXAMPLE\|staff"$/m,
    );
    assert.match(r.out, /"email": "<hidden: personal data>"/);
    assert.match(r.out, /"username": "<hidden: personal data>"/, 'the dot-notation record is hidden too');
    assert.ok(!r.out.includes('alice'), 'no personal claim value');
    assert.match(r.out, /\nAccepted \(not checked: signature\): no check failed\.\n$/);
    assertNoToken(r, token);

    const shown = await run(
      [
        'check-token',
        '--identity-source',
        'cognito.identity-source.json',
        '--token-file',
        'id.jwt',
        '--show-sensitive',
      ],
      dir,
    );
    assert.match(shown.out, /"email": "alice@example\.com"/);
  });

  it('rejects an expired access token with the reason and the fix: exit 1', async () => {
    const token = jwt(cognitoAccess({ iat: nowS() - 7200, exp: nowS() - 3600 }));
    const r = await run(['check-token', '--identity-source', 'cognito.identity-source.json', '-'], dir, token);
    assert.equal(r.code, 1);
    assert.match(r.out, /^Token: access token/m);
    assert.match(r.out, /✗ fail +Expiry +The token expired 1 h ago/);
    assert.match(r.out, /fix: Get a new token \(sign in again or refresh\)/);
    assert.match(r.out, /^Context:$/m, 'an access token’s claims go into the context');
    assert.match(r.out, /\nRejected: 1 check failed; Verified Permissions would not accept this token\.\n$/);
    assertNoToken(r, token);
  });

  it('says "this is an access token; the identity source accepts ID tokens only" with the member to change', async () => {
    const token = jwt({ ...oidcId(fresh()), nonce: undefined, scope: 'openid' }, { typ: 'at+jwt' });
    writeFileSync(join(dir, 'x.jwt'), token);
    const r = await run(['check-token', '--identity-source=okta.identity-source.yaml', '--token-file=x.jwt'], dir);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /✗ fail +Token type +This is an access token \(by its typ header \(at\+jwt\)\); the identity source accepts ID tokens only/,
    );
    assert.match(r.out, /at: configuration\.openIdConnectConfiguration\.tokenSelection$/m);
    assert.match(r.out, /expected id; the token has access/);
  });

  it('prints one JSON object: checks with facts, principal, entities, hidden claims', async () => {
    const token = jwt(cognitoId(fresh()));
    const r = await run(
      ['check-token', '--identity-source', 'cognito.identity-source.json', '-', '-f', 'json'],
      dir,
      token,
    );
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as Record<string, unknown> & {
      checks: { id: string; status: string; facts: string[] }[];
      entities: { uid: unknown; attrs: Record<string, unknown> }[];
    };
    assert.deepEqual(j.identitySource, {
      file: 'cognito.identity-source.json',
      document: 0,
      type: 'cognito',
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE',
      errors: 0,
    });
    assert.equal(j.accepted, true);
    assert.equal(j.complete, false);
    assert.equal(j.tokenType, 'id');
    assert.deepEqual(j.principal, {
      entityType: 'MyCorp::User',
      entityId: 'us-east-1_EXAMPLE|a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    });
    assert.equal(j.checks.length, 13, 'every check of a Cognito source');
    assert.ok(j.checks.every(c => c.facts.length > 0));
    assert.equal(j.entities[0].attrs.email, '<hidden: personal data>');
    assert.deepEqual(j.hidden, ['cognito:username', 'custom:department', 'email', 'jti']);
    assertNoToken(r, token);
  });

  it('takes the token on the command line, with a warning about shell history', async () => {
    const token = jwt(cognitoId(fresh()));
    const r = await run(['check-token', '--identity-source', 'cognito.identity-source.json', '--token', token], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /warning: a token given with --token stays in your shell history/);
    assertNoToken(r, token);
  });

  it('picks a document of a YAML stream with --document, and asks for one when there are several', async () => {
    const token = jwt(oidcId(fresh()));
    const none = await run(['check-token', '--identity-source', 'two.identity-source.yaml', '-'], dir, token);
    assert.equal(none.code, 2);
    assert.match(none.err, /holds 2 documents: pick one with --document N/);
    const second = await run(
      ['check-token', '--identity-source', 'two.identity-source.yaml', '--document', '2', '-'],
      dir,
      token,
    );
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /^Identity source: two\.identity-source\.yaml \(document 2\): OIDC issuer/m);
    const third = await run(
      ['check-token', '--identity-source', 'two.identity-source.yaml', '--document', '3', '-'],
      dir,
      token,
    );
    assert.equal(third.code, 2);
    assert.match(third.err, /there is no document 3/);
  });

  describe('exit 2: usage and I/O, never quoting the token', () => {
    const token = jwt(cognitoId(fresh()));
    const cases: [string, string[], RegExp, string?][] = [
      ['no identity source', ['-'], /needs --identity-source FILE/],
      ['no token', ['--identity-source', 'cognito.identity-source.json'], /needs a token/],
      [
        'two tokens',
        ['--identity-source', 'cognito.identity-source.json', '-', '--token-file', 'id.jwt'],
        /takes one token/,
      ],
      [
        'a stray argument (a token in the wrong place)',
        ['--identity-source', 'cognito.identity-source.json', token],
        /takes no PATH/,
      ],
      [
        'an unknown format',
        ['--identity-source', 'x', '-', '--format', 'sarif'],
        /unknown format 'sarif' for check-token/,
      ],
      [
        'a bad document number',
        ['--identity-source', 'x', '-', '--document', '0'],
        /--document needs a document number/,
      ],
      [
        'a missing identity source',
        ['--identity-source', 'nope.identity-source.yaml', '-'],
        /nope\.identity-source\.yaml: no such file or directory/,
      ],
      [
        'a directory as identity source',
        ['--identity-source', 'a-directory', '-'],
        /a-directory: not a regular file \(a directory\): not read/,
      ],
      [
        'a trust provider file',
        ['--identity-source', 'idc.trust-provider.yaml', '-'],
        /is a trust provider file: check-token takes an identity source/,
      ],
      [
        'an identity source without tokenSelection',
        ['--identity-source', 'half.identity-source.yaml', '-'],
        /no token can be checked against this identity source: The identity source has no tokenSelection\. \(configuration\.openIdConnectConfiguration\.tokenSelection\) The file has 1 error/,
      ],
      [
        'a missing token file',
        ['--identity-source', 'cognito.identity-source.json', '--token-file', 'none.jwt'],
        /token file none\.jwt: no such file or directory/,
      ],
      [
        'a token file that is a directory',
        ['--identity-source', 'cognito.identity-source.json', '--token-file', 'a-directory'],
        /token file a-directory: not a regular file/,
      ],
      [
        'a token file over 1 MB',
        ['--identity-source', 'cognito.identity-source.json', '--token-file', 'huge.txt'],
        /token file huge\.txt: 1,048,586 bytes, over the 1 MB \(1,048,576 bytes\) limit: not read/,
      ],
      [
        'empty standard input',
        ['--identity-source', 'cognito.identity-source.json', '-'],
        /standard input: no token \(it is empty\)/,
        '',
      ],
    ];
    for (const [name, args, message, stdin] of cases)
      it(name, async () => {
        const r = await run(['check-token', ...args], dir, stdin ?? token);
        assert.equal(r.code, 2, r.out + r.err);
        assert.match(r.err, message);
        assert.equal(r.out, '');
        assertNoToken(r, token);
      });
  });

  describe('--online against an issuer on loopback', () => {
    const local = (extra: Record<string, unknown> = {}) => jwt(oidcId({ ...fresh(), iss: issuer.url, ...extra }));
    beforeEach(() => (issuer.requests.length = 0));

    it('verifies the signature with the discovery document’s keys (--allow-loopback)', async () => {
      const r = await run(
        ['check-token', '--identity-source', 'local.identity-source.json', '--online', '--allow-loopback', '-'],
        dir,
        local(),
      );
      assert.equal(r.code, 0, r.out);
      assert.match(
        r.out,
        /✓ pass +Signature +The signature verifies with the issuer's published keys \(jwks_uri\), key rsa-1\./,
      );
      assert.match(r.out, /\nAccepted: no check failed\.\n$/);
      assert.deepEqual(issuer.requests, ['/.well-known/openid-configuration', '/jwks']);
    });

    it('rejects a token signed with another key: exit 1', async () => {
      const token = jwt(oidcId({ ...fresh(), iss: issuer.url }), { foreignKey: true });
      const r = await run(
        ['check-token', '--identity-source', 'local.identity-source.json', '--online', '--allow-loopback', '-'],
        dir,
        token,
      );
      assert.equal(r.code, 1);
      assert.match(r.out, /✗ fail +Signature +The signature does not verify with the issuer's key/);
      assertNoToken(r, token);
    });

    it('does not fetch from loopback without --allow-loopback, and says so', async () => {
      const r = await run(
        ['check-token', '--identity-source', 'local.identity-source.json', '--online', '-'],
        dir,
        local(),
      );
      assert.equal(r.code, 0);
      assert.match(
        r.out,
        /not checked Signature +The signature was not checked: the issuer's discovery document is not fetched: it is on this machine \(loopback\), which the checks fetch only when --allow-loopback is given\./,
      );
      assert.deepEqual(issuer.requests, []);
    });

    it('fetches nothing for a token of another issuer', async () => {
      const r = await run(
        ['check-token', '--identity-source', 'local.identity-source.json', '--online', '--allow-loopback', '-'],
        dir,
        jwt(oidcId(fresh())),
      );
      assert.equal(r.code, 1);
      assert.match(r.out, /The signature was not checked: the token failed a check above/);
      assert.deepEqual(issuer.requests, []);
    });
  });

  it('reads standard input through the bundle (the real stdin), exit codes as documented', () => {
    const cli = join(ROOT, 'server', 'out', 'cli.js');
    const token = jwt(cognitoId(fresh()));
    const ok = spawnSync(
      process.execPath,
      [cli, 'check-token', '--identity-source', 'cognito.identity-source.json', '-'],
      {
        cwd: dir,
        input: `Bearer ${token}\n`,
        encoding: 'utf8',
      },
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Accepted/);
    const bad = spawnSync(
      process.execPath,
      [cli, 'check-token', '--identity-source', 'cognito.identity-source.json', '-', '--format', 'json'],
      {
        cwd: dir,
        input: 'not a token',
        encoding: 'utf8',
      },
    );
    assert.equal(bad.status, 1);
    const j = JSON.parse(bad.stdout) as { checks: { id: string; status: string; reason: string }[] };
    assert.equal(j.checks[0].status, 'fail');
    assert.match(j.checks[0].reason, /has 1 part/);
    assert.ok(!bad.stdout.includes('not a token'));
    const usage = spawnSync(process.execPath, [cli, 'check-token'], { cwd: dir, encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /check-token needs --identity-source FILE/);
  });
});
