// Renders the Marketplace icon, media/icon.png (128×128; the Marketplace takes no SVG), from media/icon.svg (the
// activity-bar icon, drawn in `currentColor`): its shapes in white, scaled onto a rounded blue square. Headless
// Chromium (playwright-core, a devDependency, and Debian's chromium or CHROMIUM) draws it. The PNG is committed: run
// this after changing the SVG, then `npm run package` (scripts/check-vsix.mjs checks the PNG's size).
//   npm run render:icon
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './e2e/browser.mjs';
import { REPO } from './e2e/config.mjs';

const SIZE = 128;
const source = fs.readFileSync(path.join(REPO, 'media', 'icon.svg'), 'utf8');
const open = /<svg\b([^>]*)>/.exec(source);
if (!open || !source.includes('</svg>')) throw new Error('media/icon.svg: no <svg> element');
const viewBox = /viewBox="([^"]+)"/.exec(open[1])?.[1].split(/\s+/).map(Number);
if (!viewBox || viewBox.length !== 4) throw new Error('media/icon.svg: no viewBox');
const shapes = source.slice(open.index + open[0].length, source.lastIndexOf('</svg>'));
// The stroke settings of the source, with its colour replaced by white.
const stroke = ['stroke-width', 'stroke-linejoin', 'stroke-linecap']
  .map(a => new RegExp(`${a}="([^"]+)"`).exec(open[1]))
  .filter(Boolean)
  .map(m => m[0])
  .join(' ');

const inner = 88; // the drawing's size inside the square
const scale = inner / Math.max(viewBox[2], viewBox[3]);
const offset = (SIZE - inner) / 2;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2f6fb3"/>
      <stop offset="1" stop-color="#163a63"/>
    </linearGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="24" fill="url(#bg)"/>
  <g transform="translate(${offset} ${offset}) scale(${scale}) translate(${-viewBox[0]} ${-viewBox[1]})"
     fill="none" stroke="#ffffff" ${stroke}>${shapes}</g>
</svg>`;

const browser = await launchBrowser({ viewport: { width: SIZE, height: SIZE } });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`, {
    waitUntil: 'load',
  });
  const out = path.join(REPO, 'media', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`render-icon: wrote ${path.relative(REPO, out)} (${fs.statSync(out).size} bytes)`);
} finally {
  await browser.close();
}
