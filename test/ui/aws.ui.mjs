// UI test of the installed .vsix against the emulator (test/vscode/setup.mjs): the Verified Identity view with the
// tree filled (connection → policy stores → identity sources → details; trust providers), then Update Identity Source
// from File on a changed copy of a deployed identity source: the diff of deployed ↔ file and the confirmation, then the
// update, checked in the emulator. Screenshots: tree.png, update-diff.png (docs/images/, README).
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }).
import * as fs from 'node:fs';
import * as path from 'node:path';

const FILE = 'partner-api.identity-source.yaml';
const UPDATE = `# Partner API users: the identity source of policy store demo-partner-api, moved to the new login domain.
policyStoreId: PSdemoOidcStore0000002
identitySourceId: ISdemoOidcSource000002
principalEntityType: PartnerApi::User
updateConfiguration:
  openIdConnectConfiguration:
    issuer: https://login.partner.example.com
    entityIdPrefix: partner
    groupConfiguration:
      groupClaim: groups
      groupEntityType: PartnerApi::Group
    tokenSelection:
      accessTokenOnly:
        audiences:
          - https://api.example.com
          - https://api.partner.example.com
        principalIdClaim: sub
`;

async function control(method, route, body) {
  const base = process.env.VI_EMULATOR_URL;
  if (!base) throw new Error('VI_EMULATOR_URL is not set (test/vscode/setup.mjs starts the emulator)');
  const res = await fetch(`${base}/__emulator/${route}`, {
    method,
    ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status}`);
  return res.json();
}

/** The tree row with this text in the view whose pane header says `view`. */
function row(page, view, text) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: view }) });
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

export async function run({ page, url, workspace, shots, log }) {
  await control('POST', 'reset', {});
  fs.writeFileSync(path.join(workspace, FILE), UPDATE);

  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).waitFor();
  // The activity-bar entry of the Verified Identity container.
  await page.locator('.activitybar .action-item a[aria-label^="Verified Identity"]').click();
  await row(page, 'Identity Sources', 'emulator · us-east-1').waitFor();
  const portal = row(page, 'Identity Sources', 'demo-employee-portal');
  await portal.waitFor();
  log('Identity Sources view: connection and stores');
  await portal.click();
  const pool = row(page, 'Identity Sources', 'Cognito us-east-1_DemoPool1');
  await pool.waitFor();
  await pool.click();
  await row(page, 'Identity Sources', 'Principal entity type').waitFor();
  await row(page, 'Identity Sources', 'demo-partner-api').click();
  await row(page, 'Identity Sources', 'https://auth.example.com').waitFor();
  await row(page, 'Trust Providers', 'user · oidc · okta').waitFor();
  log('stores → identity sources → details, trust providers');
  // A wider side bar, so that labels and descriptions are not cut off in the screenshot.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const x = sidebar.x + sidebar.width + 1;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 260, y, { steps: 8 });
    await page.mouse.up();
  }
  // Only the views (the .vsix carries the README's screenshots, within its 2 MB).
  const views = await page.locator('.part.sidebar').boundingBox();
  await shots('tree.png', views ? { clip: { x: 0, y: 0, width: views.x + views.width + 2, height: 640 } } : {});

  // Update Identity Source from File, from the command palette, on the edited file (side bar hidden: a full-width diff).
  await page.keyboard.press('Control+B');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await page.keyboard.press('Control+P');
  await page.keyboard.type(FILE);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor();
  await page.keyboard.press('Enter');
  const editor = page.locator(`.monaco-editor[data-uri$="${FILE}"]`);
  await editor
    .locator('.view-line', { hasText: /login\.partner\.example\.com/ })
    .first()
    .waitFor();
  log(`${FILE} open`);
  // The drift lens above the first member: the file differs from the deployed source.
  const lens = editor.locator('.codelens-decoration', { hasText: /differs from deployed ISdemoOidcSource000002/ });
  await lens.first().waitFor();
  log(`drift lens: ${(await lens.first().innerText()).trim()}`);
  // The lens's icon comes from the codicon font, which the workbench may still be loading.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(500);
  const editorBox = await editor.boundingBox();
  await shots(
    'drift.png',
    editorBox ? { clip: { x: editorBox.x, y: editorBox.y, width: Math.min(editorBox.width, 900), height: 200 } } : {},
  );
  await page.keyboard.press('F1');
  await page.keyboard.type('Verified Identity: Update Identity Source from File');
  const command = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Update Identity Source from File' });
  await command.first().waitFor();
  await page.keyboard.press('Enter');

  // The diff (deployed ↔ file) opens, then the modal question.
  const diff = page.locator('.monaco-diff-editor');
  await diff
    .locator('.view-line', { hasText: /auth\.example\.com/ })
    .first()
    .waitFor();
  await diff
    .locator('.view-line', { hasText: /login\.partner\.example\.com/ })
    .first()
    .waitFor();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  log(`dialog: ${(await dialog.innerText()).replace(/\s+/g, ' ').trim()}`);
  const box = await dialog.boundingBox();
  await shots(
    'update-diff.png',
    box ? { clip: { x: 0, y: 0, width: 1400, height: Math.ceil(box.y + box.height + 24) } } : {},
  );

  await dialog.locator('.monaco-button', { hasText: /^Update$/ }).click();
  await page
    .locator('.notification-list-item', { hasText: 'Updated identity source ISdemoOidcSource000002' })
    .waitFor();
  const state = await control('GET', 'state');
  const source = state.identitySources.find(s => s.identitySourceId === 'ISdemoOidcSource000002');
  if (source?.configuration?.openIdConnectConfiguration?.issuer !== 'https://login.partner.example.com')
    throw new Error(`the emulator did not get the update: ${JSON.stringify(source)}`);
  log('updated in the emulator');
  // Applied: back in the file's tab, the first one (the diff's tab, opened after it, shows the same name), the lens
  // now says the file matches what is deployed.
  const fileTab = page.locator('.tabs-container .tab').first();
  const tabText = (await fileTab.innerText()).replace(/\s+/g, '');
  if (!tabText.startsWith(FILE)) throw new Error(`the first tab is "${tabText}", not ${FILE}`);
  await fileTab.click();
  await editor
    .locator('.codelens-decoration', { hasText: /matches deployed ISdemoOidcSource000002/ })
    .first()
    .waitFor();
  log('drift lens after the update: matches deployed');
}
