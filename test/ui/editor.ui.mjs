// UI test of the installed .vsix: open a sample with an error, see the Verified Identity diagnostic in the Problems
// panel, trigger completion inside the file. Screenshots: problems.png, completion.png (docs/images/, README).
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }).

const FILE = 'broken-oidc.identity-source.yaml';
/** The Verified Identity diagnostic for `Issuer` (its code, or its message). */
const DIAGNOSTIC = /unknown-member|'Issuer' is not a member of/;
/** Members of openIdConnectConfiguration that completion offers on an empty line inside it. */
const MEMBERS = /issuer|tokenSelection|entityIdPrefix|groupConfiguration/;

export async function run({ page, url, shots, log }) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE });
  await row.waitFor();
  log('workbench and explorer loaded');

  await row.click();
  const editor = page.locator('.monaco-editor[data-uri$="' + FILE + '"]');
  await editor.locator('.view-lines', { hasText: 'Issuer: https://login.example.com' }).waitFor();
  log(`${FILE} open`);

  // Problems panel (View: Toggle Problems) with the language server's diagnostic, and the squiggle in the editor.
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: DIAGNOSTIC }).first();
  await problem.waitFor();
  await editor.locator('.squiggly-error').first().waitFor();
  // The workbench's own decorations catch up a moment later: status-bar counts and the explorer badge.
  await page.locator('[id="status.problems"][aria-label*="Errors: "]').waitFor();
  await page.locator(`.explorer-folders-view .monaco-icon-label[aria-label*="${FILE} • "]`).waitFor();
  log(`Problems panel: ${(await problem.innerText()).replace(/\s+/g, ' ').trim()}`);
  await shots('problems.png');

  // Completion on a new line inside openIdConnectConfiguration (after the `Issuer:` line).
  await editor.locator('.view-line', { hasText: 'Issuer: https://login.example.com' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  // The suggest widget is an overflowing widget: not necessarily inside the editor's DOM node.
  const suggest = page.locator('.suggest-widget.visible');
  await suggest.waitFor();
  const item = suggest.locator('.monaco-list-row', { hasText: MEMBERS }).first();
  await item.waitFor();
  log(
    `suggest widget: ${(await suggest.locator('.monaco-list-row').allInnerTexts()).map(t => t.split('\n')[0]).join(', ')}`,
  );
  await shots('completion.png');
  await page.keyboard.press('Escape');
}
