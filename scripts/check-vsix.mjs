// Checks a packaged .vsix (run by `npm run package`): at most 2 MB, the files the installed extension needs are in
// it, and nothing else slipped through the allowlist (.vscodeignore): no sources, maps, tests or node_modules.
// usage: node scripts/check-vsix.mjs verified-identity.vsix
import { readFileSync } from 'node:fs';

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
];
const FORBIDDEN = [/\.map$/, /\.ts$/, /(^|\/)node_modules\//, /^extension\/(test|out|bench|scripts|\.ci)\//, /\/src\//];

/** File names from the zip's central directory. */
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

const file = process.argv[2] ?? 'verified-identity.vsix';
const buf = readFileSync(file);
const names = zipEntries(buf);
const problems = [];
if (buf.length > MAX_BYTES) problems.push(`${buf.length} bytes is over the ${MAX_BYTES}-byte limit`);
for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing ${r}`);
for (const n of names) if (FORBIDDEN.some(f => f.test(n))) problems.push(`should not be packaged: ${n}`);
if (problems.length) {
  for (const p of problems) console.error(`check-vsix: ${p}`);
  process.exit(1);
}
console.log(
  `check-vsix: ${file} ok: ${(buf.length / 1e6).toFixed(2)} MB (limit ${MAX_BYTES / 1e6} MB), ${names.length} entries`,
);
