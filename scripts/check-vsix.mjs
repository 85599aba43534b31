// Checks a packaged .vsix (run by `npm run package`, so by the test suites and the demo too):
//   - at most 2 MB; the files the installed extension needs are in it; nothing else slipped through the allowlist
//     (.vscodeignore): no sources, maps, tests or node_modules;
//   - the Marketplace manifest: a 128×128 PNG icon (the Marketplace takes no SVG), a gallery banner, categories the
//     Marketplace knows, 1 to 30 keywords, and no address on an `.invalid` host;
//   - every link of the README (the Details page): absolute https/http/mailto links anywhere but an `.invalid` host,
//     `#anchors` that name a heading of the README, and relative links to files that ship in the .vsix (with their
//     `#anchor` when the target is Markdown). A dead link fails the check.
// usage: node scripts/check-vsix.mjs verified-identity.vsix
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const MAX_BYTES = 2_000_000;
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/client/out/extension.js',
  'extension/server/out/server.js',
  'extension/server/out/cli.js',
  'extension/server/out/cedar_wasm_bg.wasm.br',
  'extension/syntaxes/verified-identity.injection.tmLanguage.json',
  'extension/snippets/json.code-snippets',
  'extension/snippets/yaml.code-snippets',
  'extension/media/icon.svg',
  'extension/media/icon.png',
  // The rule documentation that diagnostic code links open (client/src/rule-docs.ts).
  'extension/docs/diagnostics.md',
];
const FORBIDDEN = [/\.map$/, /\.ts$/, /(^|\/)node_modules\//, /^extension\/(test|out|bench|scripts|\.ci)\//, /\/src\//];
/** The Marketplace's categories (vsce refuses others). */
const CATEGORIES = new Set([
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
]);

/** The zip's entries from its central directory: name → { method, compressed size, local header offset }. */
export function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.set(buf.toString('utf8', p + 46, p + 46 + nameLen), {
      method: buf.readUInt16LE(p + 10),
      size: buf.readUInt32LE(p + 20),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of one entry (stored or deflated). */
export function readEntry(buf, entry) {
  const p = entry.offset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new Error('corrupt local header');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.size);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`unsupported compression method ${entry.method}`);
}

/** Width and height of a PNG, or undefined when the bytes are not one. */
export function pngSize(bytes) {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A heading's anchor as GitHub and VS Code's Markdown make it: lower case, punctuation dropped, spaces → `-`. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[`*_~]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown text: heading slugs (numbered when repeated) and `id`/`name` attributes of HTML. */
export function anchors(markdown) {
  const found = new Set();
  const seen = new Map();
  for (const line of withoutCode(markdown).split('\n')) {
    const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      found.add(n ? `${base}-${n}` : base);
    }
    for (const m of line.matchAll(/<[a-z]+\b[^>]*\b(?:id|name)="([^"]+)"/gi)) found.add(m[1]);
  }
  return found;
}

/** The text with fenced code blocks and inline code spans blanked out (links in code are not links). */
function withoutCode(markdown) {
  return markdown
    .replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, m => m.replace(/[^\n]/g, ' '))
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, m => m.replace(/[^\n]/g, ' '));
}

/** Link and image targets of a Markdown text: `[text](target)`, `![alt](target)`, `[ref]: target`, `src`/`href`. */
export function links(markdown) {
  const text = withoutCode(markdown);
  const out = [];
  for (const m of text.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) out.push(m[1]);
  for (const m of text.matchAll(/<(?:a|img)\b[^>]*\b(?:href|src)="([^"]+)"/gi)) out.push(m[1]);
  return out;
}

/**
 * Problems with the links of `markdown` (at `file`, a path inside the .vsix): `read(path)` returns a shipped file's
 * text (or undefined when it does not ship), `has(path)` whether any file ships at that path.
 */
export function linkProblems(file, markdown, { has, read }) {
  const problems = [];
  const own = anchors(markdown);
  for (const target of links(markdown)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
    if (scheme) {
      if (scheme === 'mailto') continue;
      if (scheme !== 'https' && scheme !== 'http') {
        problems.push(`${file}: link ${target}: only https, http and mailto links work on the Details page`);
        continue;
      }
      let host = '';
      try {
        host = new URL(target).hostname;
      } catch {
        problems.push(`${file}: link ${target} is not a valid URL`);
        continue;
      }
      if (host === 'invalid' || host.endsWith('.invalid'))
        problems.push(`${file}: link ${target} points at an .invalid host`);
      continue;
    }
    const [pathPart, fragment] = target.split('#', 2);
    if (!pathPart) {
      if (!own.has(decodeURIComponent(fragment ?? '')))
        problems.push(`${file}: link ${target}: no heading or anchor with that name`);
      continue;
    }
    let resolved;
    try {
      resolved = posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(pathPart.split('?')[0])));
    } catch {
      problems.push(`${file}: link ${target} is not a valid path`);
      continue;
    }
    if (resolved.startsWith('..') || !has(resolved)) {
      problems.push(`${file}: link ${target}: ${resolved} is not in the .vsix`);
      continue;
    }
    if (fragment && /\.md$/i.test(resolved)) {
      const text = read(resolved);
      if (text !== undefined && !anchors(text).has(decodeURIComponent(fragment)))
        problems.push(`${file}: link ${target}: ${resolved} has no anchor ${fragment}`);
    }
  }
  return problems;
}

/** Problems with the manifest the Marketplace shows. */
export function manifestProblems(manifest, { read }) {
  const problems = [];
  if (typeof manifest.icon !== 'string') problems.push('package.json: no icon');
  else {
    const bytes = read(`extension/${posix.normalize(manifest.icon)}`);
    const size = bytes && pngSize(bytes);
    if (!bytes) problems.push(`package.json: icon ${manifest.icon} is not in the .vsix`);
    else if (!size) problems.push(`package.json: icon ${manifest.icon} is not a PNG (the Marketplace takes no SVG)`);
    else if (size.width !== 128 || size.height !== 128)
      problems.push(`package.json: icon ${manifest.icon} is ${size.width}×${size.height}, not 128×128`);
  }
  const banner = manifest.galleryBanner;
  if (!banner || !/^#[0-9a-f]{6}$/i.test(banner.color ?? '') || !['dark', 'light'].includes(banner.theme))
    problems.push('package.json: galleryBanner needs a #rrggbb color and a dark or light theme');
  const categories = manifest.categories;
  if (!Array.isArray(categories) || categories.length === 0) problems.push('package.json: no categories');
  else for (const c of categories) if (!CATEGORIES.has(c)) problems.push(`package.json: unknown category ${c}`);
  const keywords = manifest.keywords;
  if (!Array.isArray(keywords) || keywords.length === 0 || keywords.length > 30)
    problems.push('package.json: 1 to 30 keywords');
  else if (new Set(keywords).size !== keywords.length || keywords.some(k => typeof k !== 'string' || !k.trim()))
    problems.push('package.json: keywords must be distinct, non-empty strings');
  if (/\.invalid\b/.test(JSON.stringify(manifest))) problems.push('package.json: an address on an .invalid host');
  return problems;
}

function main() {
  const file = process.argv[2] ?? 'verified-identity.vsix';
  const buf = readFileSync(file);
  const entries = zipEntries(buf);
  const names = [...entries.keys()];
  const readBytes = name => (entries.has(name) ? readEntry(buf, entries.get(name)) : undefined);
  const problems = [];
  if (buf.length > MAX_BYTES) problems.push(`${buf.length} bytes is over the ${MAX_BYTES}-byte limit`);
  for (const r of REQUIRED) if (!entries.has(r)) problems.push(`missing ${r}`);
  for (const n of names) if (FORBIDDEN.some(f => f.test(n))) problems.push(`should not be packaged: ${n}`);
  if (entries.has('extension/package.json')) {
    const manifest = JSON.parse(readBytes('extension/package.json').toString('utf8'));
    problems.push(...manifestProblems(manifest, { read: readBytes }));
  }
  if (entries.has('extension/readme.md')) {
    const readme = readBytes('extension/readme.md').toString('utf8');
    // Links in the README are relative to the extension's folder; vsce renames README.md to readme.md.
    const has = p => entries.has(`extension/${p}`) || (p === 'README.md' && entries.has('extension/readme.md'));
    const read = p => readBytes(`extension/${p}`)?.toString('utf8');
    problems.push(...linkProblems('README.md', readme, { has, read }));
  }
  if (problems.length) {
    for (const p of problems) console.error(`check-vsix: ${p}`);
    process.exit(1);
  }
  console.log(
    `check-vsix: ${file} ok: ${(buf.length / 1e6).toFixed(2)} MB (limit ${MAX_BYTES / 1e6} MB), ${names.length} entries`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
