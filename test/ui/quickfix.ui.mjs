// UI test of the installed .vsix: a quick fix through the editor's own menu. Open a sample whose `Issuer` should be
// `issuer`, put the cursor on it, press Ctrl+. (the lightbulb menu), pick "Rename 'Issuer' to 'issuer'", and check the
// text and the squiggles. Screenshot: quickfix.png (docs/images/, README).
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }).

const FILE = 'broken-oidc.identity-source.yaml';
const FIX = "Rename 'Issuer' to 'issuer'";

export async function run({ page, url, shots, log }) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE });
  await row.waitFor();
  await row.click();
  const editor = page.locator('.monaco-editor[data-uri$="' + FILE + '"]');
  const line = editor.locator('.view-line', { hasText: /Issuer:\s+https:\/\/login\.example\.com/ });
  await line.waitFor();
  // The language server's error under `Issuer` (unknown member, did you mean 'issuer'?).
  await editor.locator('.squiggly-error').first().waitFor();
  log(`${FILE} open with its squiggle`);

  // Cursor on the key: click the line, then Home (first non-blank character).
  await line.click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  const item = menu.locator('.monaco-list-row', { hasText: FIX }).first();
  await item.waitFor();
  log(`quick fix menu: ${(await menu.locator('.monaco-list-row').allInnerTexts()).map(t => t.trim()).join(' | ')}`);
  await item.hover(); // highlighted, as a user pointing at it
  await shots('quickfix.png');

  await item.click();
  // Playwright's string hasText ignores case, and Monaco renders spaces as U+00A0: regular expressions with \s.
  await editor.locator('.view-line', { hasText: /\bissuer:\s+https:\/\/login\.example\.com/ }).waitFor();
  if ((await editor.locator('.view-line', { hasText: /Issuer:/ }).count()) !== 0)
    throw new Error('Issuer is still there');
  // Both errors go: the unknown `Issuer` and the missing `issuer`.
  await editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
  log('renamed; no error squiggles left');
}
