/**
 * Check a Token… in a real VS Code, on a request file: the command reads the identity source through the language
 * server, takes the token from the input (replaced here by the test, as a user would paste it), checks it in the
 * extension host and opens the result document. With online checks on, the signature is verified with the keys of
 * an issuer on loopback. The token never reaches the log.
 */
import * as assert from 'assert';
import { generateKeyPairSync, sign } from 'crypto';
import type * as http from 'http';
import * as vscode from 'vscode';
import type { CheckTokenOutcome } from '../../client/src/commands/check-token';
import { sendJson, startCountingServer, type CountingServer } from '../unit/oidc-server';
import { awsApi } from './aws-helpers';
import { closeEditors, extensionApi, freshName, writeFile } from './editor.helpers';
import { waitFor } from './util';

const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

function token(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64(JSON.stringify({ alg: 'RS256', kid: 'k1', ...header }))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), key.privateKey))}`;
}

function identitySource(issuer: string): string {
  return [
    'policyStoreId: PSEXAMPLEabcdefg111111',
    'principalEntityType: MyCorp::User',
    'configuration:',
    '  openIdConnectConfiguration:',
    `    issuer: ${issuer}`,
    '    entityIdPrefix: corp',
    '    groupConfiguration:',
    '      groupClaim: groups',
    '      groupEntityType: MyCorp::UserGroup',
    '    tokenSelection:',
    '      identityTokenOnly:',
    '        clientIds: [web-app]',
    '',
  ].join('\n');
}

const now = () => Math.floor(Date.now() / 1000);

async function checkWith(uri: unknown, jwt: string): Promise<{ outcome: CheckTokenOutcome; text: string }> {
  const api = await extensionApi();
  const original = api.token.input;
  const asked: string[] = [];
  api.token.input = {
    read: target => {
      asked.push(target);
      return Promise.resolve(jwt);
    },
  };
  try {
    const outcome = await vscode.commands.executeCommand<CheckTokenOutcome>('verifiedIdentity.checkToken', uri);
    assert.ok(outcome, 'the command answers with its outcome');
    assert.deepStrictEqual(asked.length, 1);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.uri));
    for (const part of jwt.split('.')) {
      assert.ok(!doc.getText().includes(part), 'the result never holds the token');
      assert.ok(!api.log.recent().some(l => l.includes(part)), 'the log never holds the token');
    }
    return { outcome, text: doc.getText() };
  } finally {
    api.token.input = original;
  }
}

describe('Check a Token… in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('Check a Token on a request file: an access token for an ID-token source fails with the reason and the fix', async () => {
    const uri = await writeFile(
      freshName('tokens', 'corp', '.identity-source.yaml'),
      identitySource('https://auth.example.com'),
    );
    const jwt = token(
      {
        iss: 'https://auth.example.com',
        sub: 'user-1',
        aud: 'web-app',
        client_id: 'web-app',
        scope: 'orders:read',
        email: 'carlos@example.com',
        groups: ['Accounting'],
        iat: now() - 60,
        exp: now() + 600,
      },
      { typ: 'at+jwt' },
    );
    const { outcome, text } = await checkWith(uri, jwt);
    assert.strictEqual(outcome.accepted, false);
    assert.strictEqual(outcome.complete, false);
    assert.match(text, /^# Token check: Rejected$/m);
    assert.match(
      text,
      /^- ✘ \*\*Token type\*\* \(fail\): This is an access token \(by its typ header \(at\+jwt\)\); the identity source accepts ID tokens only \(identityTokenOnly\)\.$/m,
    );
    assert.match(text, /Change `configuration\.openIdConnectConfiguration\.tokenSelection`\./);
    assert.match(text, /^- ✔ \*\*Issuer\*\* \(pass\)/m);
    assert.match(
      text,
      /^- \? \*\*Signature\*\* \(not checked\): The signature was not checked: online checks are off/m,
    );
    assert.match(text, /^`MyCorp::User::"corp\|user-1"`$/m);
    assert.match(text, /Member of: `MyCorp::UserGroup::"corp\|Accounting"`/);
    assert.match(text, /"email": "<hidden: personal data>"/);
    assert.ok(!text.includes('carlos@example.com'), 'personal claims are masked by default');
  });

  it('Check a Token on an identity source inside a CloudFormation template: the resource at the cursor, or the only one', async () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Store:',
      '    Type: AWS::VerifiedPermissions::PolicyStore',
      '    Properties:',
      '      ValidationSettings:',
      '        Mode: "OFF"',
      '  Okta:',
      '    Type: AWS::VerifiedPermissions::IdentitySource',
      '    Properties:',
      '      PolicyStoreId: !Ref Store',
      '      PrincipalEntityType: MyCorp::User',
      '      Configuration:',
      '        OpenIdConnectConfiguration:',
      '          Issuer: https://auth.example.com',
      '          EntityIdPrefix: corp',
      '          GroupConfiguration:',
      '            GroupClaim: groups',
      '            GroupEntityType: MyCorp::UserGroup',
      '          TokenSelection:',
      '            IdentityTokenOnly:',
      '              ClientIds: [web-app]',
      '',
    ].join('\n');
    const uri = await writeFile(freshName('tokens', 'stack', '.template.yaml'), template);
    const jwt = token({
      iss: 'https://auth.example.com',
      sub: 'user-2',
      aud: 'web-app',
      token_use: 'id',
      groups: ['Admins'],
      iat: now() - 60,
      exp: now() + 600,
    });
    // At a position inside the identity source resource.
    const atCursor = await checkWith({ uri: uri.toString(), position: { line: 14, character: 12 } }, jwt);
    assert.match(atCursor.text, /Okta in stack/);
    assert.match(atCursor.text, /^- ✔ \*\*Issuer\*\* \(pass\)/m);
    assert.match(atCursor.text, /^`MyCorp::User::"corp\|user-2"`$/m);
    assert.match(atCursor.text, /Member of: `MyCorp::UserGroup::"corp\|Admins"`/);
    // Outside every resource: the template's only identity source is taken.
    const only = await checkWith({ uri: uri.toString(), position: { line: 0, character: 0 } }, jwt);
    assert.match(only.text, /Okta in stack/);
    // On the policy store: not an identity source; the command says so (in the log and an error message).
    const api = await extensionApi();
    const onStore = await vscode.commands.executeCommand('verifiedIdentity.checkToken', {
      uri: uri.toString(),
      position: { line: 3, character: 8 },
    });
    assert.strictEqual(onStore, undefined);
    assert.ok(api.log.recent().some(l => /Store in stack.*runs on identity sources/.test(l)));
  });

  describe('with online checks on', () => {
    let issuer: CountingServer;
    const config = () => vscode.workspace.getConfiguration('verifiedIdentity');
    before(async () => {
      issuer = await startCountingServer({}, (path: string, res: http.ServerResponse, base: string) => {
        if (path === '/.well-known/openid-configuration')
          return sendJson(res, { issuer: base, jwks_uri: `${base}/jwks` });
        if (path === '/jwks')
          return sendJson(res, {
            keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }],
          });
        return false;
      });
      await config().update('onlineChecks', true, vscode.ConfigurationTarget.Workspace);
    });
    after(async () => {
      await config().update('onlineChecks', undefined, vscode.ConfigurationTarget.Workspace);
      await issuer.close();
    });

    it('Check a Token verifies the signature with the issuer’s published keys (loopback issuer)', async () => {
      const uri = await writeFile(freshName('tokens', 'local', '.identity-source.yaml'), identitySource(issuer.url));
      const claims = { iss: issuer.url, sub: 'user-2', aud: 'web-app', nonce: 'n1', iat: now() - 60, exp: now() + 600 };
      const { outcome, text } = await checkWith(uri, token(claims));
      assert.strictEqual(outcome.accepted, true, text);
      assert.strictEqual(outcome.complete, true, text);
      assert.match(text, /^# Token check: Accepted$/m);
      assert.match(
        text,
        /^- ✔ \*\*Signature\*\* \(pass\): The signature verifies with the issuer's published keys \(jwks_uri\), key k1\.$/m,
      );
      assert.ok(issuer.requests.includes('/jwks'), 'the key set was fetched');

      const forged = token({ ...claims, sub: 'admin' }).split('.');
      forged[2] = token(claims).split('.')[2];
      const bad = await checkWith(uri, forged.join('.'));
      assert.strictEqual(bad.outcome.accepted, false);
      assert.match(bad.text, /^- ✘ \*\*Signature\*\* \(fail\): The signature does not verify/m);
    });
  });

  it('Check a Token on a deployed identity source in the view, and Show Sensitive Claims reveals them in place', async () => {
    const { api, prompts, restore } = await awsApi();
    const shown: string[] = [];
    prompts.notify = (_severity, message, actions) => {
      shown.push(message);
      return Promise.resolve(actions.includes('Show Sensitive Claims') ? 'Show Sensitive Claims' : undefined);
    };
    try {
      const jwt = token({
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_DemoPool1',
        sub: 'c0ffee00-1111-2222-3333-444455556666',
        aud: '1example23456789demo',
        token_use: 'id',
        'cognito:groups': ['Admins'],
        email: 'dana@example.com',
        iat: now() - 60,
        exp: now() + 600,
      });
      const { outcome, text } = await checkWith(
        { type: 'identitySource', id: 'ISdemoCognitoSource001', policyStoreId: 'PSdemoCognitoStore0001' },
        jwt,
      );
      assert.strictEqual(outcome.accepted, true, text);
      assert.match(
        text,
        /Identity source:\*\* identity source ISdemoCognitoSource001 in policy store PSdemoCognitoStore0001 \(deployed\), Cognito user pool us-east-1_DemoPool1/,
      );
      assert.match(text, /^`DemoCorp::User::"us-east-1_DemoPool1\|c0ffee00-1111-2222-3333-444455556666"`$/m);
      assert.match(text, /Member of: `DemoCorp::Group::"us-east-1_DemoPool1\|Admins"`/);
      assert.deepStrictEqual(shown, ['Verified Identity: Accepted (not checked: signature): no check failed.']);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.uri));
      await waitFor(() => doc.getText().includes('"email": "dana@example.com"'), 10_000, {
        events: [vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>],
        message: 'the revealed claims',
      });
      assert.ok(!api.log.recent().some(l => l.includes('dana@example.com')), 'claims never reach the log');
    } finally {
      restore();
    }
  });
});
