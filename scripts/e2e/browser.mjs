// Headless Debian Chromium through playwright-core, with a throwaway profile and HOME (crashpad etc. stay out of ~).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './config.mjs';
import { onCleanup } from './util.mjs';

/**
 * Launches Chromium; returns { browser, newPage(options?), close() }. Each newPage() gets its own context (own
 * storage, so workbench state never leaks between scripts).
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache` },
  });
  let closed;
  const close = () =>
    (closed ??= (async () => {
      removeCleanup();
      await browser.close().catch(() => {});
      fs.rmSync(home, { recursive: true, force: true });
    })());
  const removeCleanup = onCleanup(close);
  const newPage = async (options = {}) => {
    const context = await browser.newContext({ viewport, ...options });
    const page = await context.newPage();
    return page;
  };
  return { browser, newPage, close };
}
