// UI test of the installed .vsix: a click on a diagnostic's code in the Problems panel opens the rule documentation
// shipped in the extension (docs/diagnostics.md) in the Markdown preview, scrolled so that the rule's row is in view.
// Run by scripts/e2e/ui.mjs: export async function run({ page, url, workspace, shots, log }). No screenshot is kept.

const FILE = 'broken.trust-provider.json';
const CODE = 'unknown-member';

export async function run({ page, url, log }) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE });
  await row.waitFor();
  await row.click();
  await page.locator(`.monaco-editor[data-uri$="${FILE}"] .view-lines`, { hasText: 'Scopes' }).waitFor();
  log(`${FILE} open`);

  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "'Scopes' is not a member" }).first();
  await problem.waitFor();
  // The code, underlined as a link, after the source.
  const link = problem.getByText(CODE, { exact: true }).first();
  await link.waitFor();
  log(`code link: ${await problem.locator('a[href]').first().getAttribute('href')}`);
  await link.click();

  // The preview is a webview: an iframe holding the active frame that renders the document.
  const anchor = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame').locator(`[id="${CODE}"]`);
  await anchor.waitFor({ state: 'attached', timeout: 60_000 });
  const frame = await (await anchor.elementHandle()).ownerFrame();
  const state = await frame.waitForFunction(
    code => {
      const r = document.getElementById(code).getBoundingClientRect();
      const inView = r.top >= 0 && r.top < window.innerHeight && window.scrollY > 0;
      return inView && { top: Math.round(r.top), height: window.innerHeight, scrolled: Math.round(window.scrollY) };
    },
    CODE,
    { timeout: 30_000 },
  );
  const { top, height, scrolled } = await state.jsonValue();
  log(`preview scrolled to ${CODE}: its row at ${top}px of ${height}px, the page scrolled by ${scrolled}px`);
  await page.locator('.tabs-container .tab.active', { hasText: 'diagnostics.md' }).waitFor();
}
