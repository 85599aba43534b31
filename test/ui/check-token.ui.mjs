// UI test of the installed .vsix: Check a Token… as a user runs it. A request file for an OIDC identity source that
// takes ID tokens is open; the command palette runs Check a Token…; an access token is pasted into the password box
// (typed, never shown); the result opens in the Markdown preview: the token-type check fails with its reason and
// fix, the signature is not checked (online checks are off), and the Cedar entities are shown with personal claims
// hidden. Screenshot: check-token.png (docs/images/, README).
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }).
import { generateKeyPairSync, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const FILE = 'corp-oidc.identity-source.yaml';
const SOURCE = `policyStoreId: PSEXAMPLEabcdefg111111
principalEntityType: MyCorp::User
configuration:
  openIdConnectConfiguration:
    issuer: https://auth.example.com
    entityIdPrefix: auth.example.com
    groupConfiguration:
      groupClaim: groups
      groupEntityType: MyCorp::UserGroup
    tokenSelection:
      identityTokenOnly:
        clientIds: [web-app]
        principalIdClaim: sub
`;

/** An access token (typ at+jwt) of the issuer, signed with a key made here. */
function accessToken() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = v => Buffer.from(v).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', kid: 'corp-2026', typ: 'at+jwt' };
  const claims = {
    iss: 'https://auth.example.com',
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222',
    aud: 'web-app',
    client_id: 'web-app',
    scope: 'orders:read orders:write',
    groups: ['Accounting', 'Managers'],
    email: 'carlos.salazar@example.com',
    iat: now - 120,
    exp: now + 3600,
  };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), privateKey))}`;
}

export async function run({ page, url, workspace, shots, log }) {
  fs.writeFileSync(path.join(workspace, FILE), SOURCE);
  const token = accessToken();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE });
  await row.waitFor();
  await row.click();
  const editor = page.locator('.monaco-editor[data-uri$="' + FILE + '"]');
  await editor.locator('.view-line', { hasText: /identityTokenOnly/ }).waitFor();
  // The status bar shows the file's kind once the language server has it (the command's `when` clause needs it).
  await page.locator('.statusbar-item', { hasText: /Identity source · create/ }).waitFor();
  log(`${FILE} open`);

  await page.keyboard.press('F1');
  await page.keyboard.type('Verified Identity: Check a Token');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Check a Token…' }).first().waitFor();
  await page.keyboard.press('Enter');

  // A password box (the clipboard holds no token here). The token is typed, and the box shows only dots.
  const box = page.locator('.quick-input-widget input[type="password"]');
  await box.waitFor();
  log('password box open');
  await page.keyboard.insertText(token);
  await page.keyboard.press('Enter');

  // The result in the Markdown preview: a webview, two frames deep.
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await preview.locator('h1', { hasText: 'Token check: Rejected' }).waitFor();
  await preview.locator('li', { hasText: /Token type \(fail\): This is an access token/ }).waitFor();
  await preview
    .locator('code', { hasText: 'MyCorp::User::"auth.example.com|a1b2c3d4-5678-90ab-cdef-EXAMPLE22222"' })
    .waitFor();
  const text = await preview.locator('body').innerText();
  if (text.includes('carlos.salazar@example.com')) throw new Error('a personal claim is shown without being asked for');
  for (const part of token.split('.')) if (text.includes(part)) throw new Error('the result shows the token');
  log('result shown in the Markdown preview');
  await page.evaluate(() => document.fonts.ready);
  await shots('check-token.png');
}
