// The demo's promise, checked in a browser: the workbench opens with the Verified Identity views filled from the
// emulator (demo seed). Run by `npm run demo -- --check` against the demo instance, and by the UI suite
// (scripts/e2e/ui.mjs) against its own instance, which the setup hook connects to the same seeded emulator.
// export async function run({ page, url, log }).

function row(page, view, text) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: view }) });
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

export async function run({ page, url, log }) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.activitybar .action-item a[aria-label^="Verified Identity"]').click();
  await row(page, 'Identity Sources', /· us-east-1/).waitFor();
  for (const store of ['demo-employee-portal', 'demo-partner-api', 'PSdemoSandboxStore0003'])
    await row(page, 'Identity Sources', store).waitFor();
  await row(page, 'Identity Sources', 'demo-employee-portal').click();
  await row(page, 'Identity Sources', 'Cognito us-east-1_DemoPool1').waitFor();
  for (const provider of ['user · iam-identity-center · idc', 'user · oidc · okta', 'device · jamf · jamf'])
    await row(page, 'Trust Providers', provider).waitFor();
  log('Identity Sources and Trust Providers are filled from the emulator');
}
