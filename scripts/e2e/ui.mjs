// Runs the UI scripts test/ui/*.ui.mjs against a code-server that has the packaged .vsix installed (started without
// the smoke-test driver, so notifications and dialogs behave as for a user).
// A UI script: export async function run({ page, baseUrl, url, workspace, shots, log }) — throws to fail.
//   page       a fresh Playwright page (own browser context), not navigated yet
//   workspace  the script's own copy of the UI workspace (a fresh folder per script, so edits and the restored
//              editor state of one script never reach the next)
//   url        workbench URL that opens `workspace` as the folder; baseUrl the bare server URL
//   shots      async shots(name) saves `<name>` (e.g. 'problems.png') in the shots dir; shots.dir is that dir
//   log        log(...args) prints with the script's name and the elapsed time
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './config.mjs';
import { launchBrowser } from './browser.mjs';
import { withTimeout } from './util.mjs';

export const UI_DIR = path.join(REPO, 'test', 'ui');
export const IMAGES_DIR = path.join(REPO, 'docs', 'images');

export function uiScripts(filter = process.env.VI_E2E_UI_FILTER) {
  if (!fs.existsSync(UI_DIR)) return [];
  return fs
    .readdirSync(UI_DIR)
    .filter(f => f.endsWith('.ui.mjs') && (!filter || f.includes(filter)))
    .sort()
    .map(f => path.join(UI_DIR, f));
}

/**
 * Runs each script with its own page and its own copy of `workspace`; returns { passed, failed, shots: [{ name, file }] } where shots lists the
 * screenshots of scripts that passed. A failing script leaves `failure-<script>.png` and its browser console log.
 */
export async function runUiScripts({ cs, workspace, shotsDir, scripts = uiScripts(), timeoutMs = 180_000 }) {
  fs.mkdirSync(shotsDir, { recursive: true });
  const result = { passed: 0, failed: 0, shots: [] };
  if (scripts.length === 0) return result;
  const browser = await launchBrowser();
  try {
    for (const file of scripts) {
      const name = path.basename(file, '.ui.mjs');
      const t0 = Date.now();
      const log = (...args) => console.log(`[ui ${name} ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
      const own = path.join(path.dirname(workspace), `ui-${name}`, 'workspace');
      fs.cpSync(workspace, own, { recursive: true });
      const page = await browser.newPage();
      page.setDefaultTimeout(60_000);
      const consoleLines = [];
      page.on('console', m => consoleLines.push(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', e => consoleLines.push(`[pageerror] ${e.message}`));
      const taken = [];
      const shots = async (shot, options = {}) => {
        const target = path.join(shotsDir, shot);
        await page.screenshot({ path: target, ...options });
        taken.push({ name: shot, file: target });
        log(`screenshot ${shot}`);
        return target;
      };
      shots.dir = shotsDir;
      try {
        const mod = await import(pathToFileURL(file).href);
        if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`);
        await withTimeout(
          mod.run({ page, baseUrl: cs.baseUrl, url: cs.folderUrl(own), workspace: own, shots, log }),
          timeoutMs,
          `${name} did not finish within ${timeoutMs / 1000}s`,
        );
        result.passed++;
        result.shots.push(...taken);
        console.log(`  ✓ ui ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
      } catch (e) {
        result.failed++;
        console.log(`  ✗ ui ${name}: ${e?.stack ?? e}`);
        await page.screenshot({ path: path.join(shotsDir, `failure-${name}.png`) }).catch(() => {});
        fs.writeFileSync(path.join(shotsDir, `failure-${name}.console.log`), consoleLines.join('\n') + '\n');
        console.log(`    see ${path.join(shotsDir, `failure-${name}.png`)} and failure-${name}.console.log`);
      } finally {
        await page
          .context()
          .close()
          .catch(() => {});
      }
    }
  } finally {
    await browser.close();
  }
  return result;
}

/**
 * Copies screenshots to docs/images/ (committed for the README): all of them when VI_UPDATE_SCREENSHOTS=1, else only
 * those that do not exist there yet. Returns the names copied.
 */
export function publishScreenshots(shots, { update = process.env.VI_UPDATE_SCREENSHOTS === '1' } = {}) {
  const copied = [];
  for (const { name, file } of shots) {
    const dest = path.join(IMAGES_DIR, name);
    if (!update && fs.existsSync(dest)) continue;
    fs.mkdirSync(IMAGES_DIR, { recursive: true });
    fs.copyFileSync(file, dest);
    copied.push(name);
  }
  return copied;
}
