// UI test of the installed .vsix: a CloudFormation template holding a bucket, a policy store with its Cedar schema and
// an identity source whose principal type the schema does not declare. The error is on the identity source's
// property only (nothing on the bucket), checked against the policy store in the same template; the Problems panel
// lists it, and hovering the squiggle shows it with the property's documentation. Screenshot: cloudformation.png (docs/images/, README).
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }).
import * as fs from 'node:fs';
import * as path from 'node:path';

const FILE = 'orders.template.yaml';
const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: Orders app - sign-in with Okta
Resources:
  OrdersBucket:
    Type: AWS::S3::Bucket
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: STRICT
      Schema:
        CedarFormat: |
          namespace MyCorp {
            entity UserGroup;
            entity User in [UserGroup];
          }
  Okta:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
      PrincipalEntityType: MyCorp::Employee
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: https://auth.example.com
          EntityIdPrefix: auth.example.com
          GroupConfiguration:
            GroupClaim: groups
            GroupEntityType: MyCorp::UserGroup
          TokenSelection:
            IdentityTokenOnly:
              ClientIds: [web-app]
              PrincipalIdClaim: sub
`;
/** The Cedar cross-check's message, in the hover and in the Problems panel. */
const MESSAGE = /not an entity type of the Cedar schema \(checked against policy store Store in this template\)/;

export async function run({ page, url, workspace, shots, log }) {
  fs.writeFileSync(path.join(workspace, FILE), TEMPLATE);
  // Hovers below the line, so the policy store's schema above stays in view.
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'editor.hover.above': false }, null, 2));
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE });
  await row.waitFor();
  await row.click();
  const editor = page.locator('.monaco-editor[data-uri$="' + FILE + '"]');
  const line = editor.locator('.view-line', { hasText: /PrincipalEntityType:\s+MyCorp::Employee/ });
  await line.waitFor();
  log(`${FILE} open`);

  // One error, on the identity source's PrincipalEntityType: the bucket gets nothing from us.
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: MESSAGE }).first();
  await problem.waitFor();
  await editor.locator('.squiggly-error').first().waitFor();
  await page.locator('[id="status.problems"][aria-label*="Errors: 1"]').waitFor();
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  log(`Problems panel: ${rows.map(t => t.replace(/\s+/g, ' ').trim()).join(' | ')}`);
  if (rows.some(t => /OrdersBucket|AWS::S3/.test(t))) throw new Error('a diagnostic on the bucket');
  // The panel closed again (View: Toggle Panel): the editor shows the whole template.
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  // The other extensions of the workbench finish activating (the status bar says so while they do).
  await page.locator('.statusbar-item', { hasText: 'Activating Extensions' }).waitFor({ state: 'detached' });

  // Hover the squiggle: the message, with the schema's declared types.
  const squiggle = editor.locator('.squiggly-error').first();
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('the squiggle has no box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: MESSAGE }).first();
  await hover.waitFor();
  log(`hover: ${(await hover.innerText()).replace(/\s+/g, ' ').trim().slice(0, 200)}`);
  await page.evaluate(() => document.fonts.ready);
  await shots('cloudformation.png');
}
