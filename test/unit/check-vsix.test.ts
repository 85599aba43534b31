/**
 * scripts/check-vsix.mjs, which `npm run package` runs on every .vsix: README links (dead relative links, missing
 * anchors, `.invalid` hosts, schemes the Details page does not open) and the Marketplace manifest (PNG icon of
 * 128×128, gallery banner, categories, keywords). The script itself runs on small zips written here.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts', 'check-vsix.mjs');

interface CheckVsix {
  linkProblems(
    file: string,
    markdown: string,
    io: { has(p: string): boolean; read(p: string): string | undefined },
  ): string[];
  manifestProblems(manifest: unknown, io: { read(p: string): Buffer | undefined }): string[];
  anchors(markdown: string): Set<string>;
  pngSize(bytes: Buffer): { width: number; height: number } | undefined;
}

/** CRC-32 for the zip entries below. */
function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A zip of deflated entries, as vsce writes them. */
function zip(files: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += local.length + n.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const ICON = readFileSync(join(ROOT, 'media', 'icon.png'));
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

/** Every file check-vsix requires, with a README and a manifest of the caller's choosing. */
function vsix(readme: string, manifest: Record<string, unknown> = MANIFEST): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  for (const f of [
    'LICENSE.txt',
    'client/out/extension.js',
    'server/out/server.js',
    'server/out/cli.js',
    'server/out/cedar_wasm_bg.wasm.br',
    'syntaxes/verified-identity.injection.tmLanguage.json',
    'snippets/json.code-snippets',
    'snippets/yaml.code-snippets',
    'media/icon.svg',
  ])
    files[`extension/${f}`] = 'x';
  files['extension/media/icon.png'] = ICON;
  files['extension/docs/diagnostics.md'] = '# Diagnostics\n\n| <a id="unknown-member"></a>`unknown-member` |\n';
  files['extension/package.json'] = JSON.stringify(manifest);
  files['extension/readme.md'] = readme;
  return files;
}

describe('check-vsix: what the Marketplace shows', () => {
  let check: CheckVsix;
  let dir: string;
  before(async () => {
    check = (await import(pathToFileURL(SCRIPT).href)) as CheckVsix;
    dir = mkdtempSync(join(tmpdir(), 'vi-check-vsix-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function runOn(files: Record<string, Buffer | string>): { status: number | null; stderr: string } {
    const file = join(dir, `t${Math.random().toString(36).slice(2)}.vsix`);
    writeFileSync(file, zip(files));
    const r = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  }

  it('passes a .vsix whose README links only to shipped files, its own headings and real hosts', () => {
    const readme =
      '# Title\n\n## Working with AWS\n\nSee [the table](docs/diagnostics.md#unknown-member), ' +
      '[below](#working-with-aws), ![icon](media/icon.png), [YAML](https://github.com/redhat-developer/vscode-yaml).\n' +
      '`[not a link](nowhere.md)`\n\n```md\n[also not](nowhere.md)\n```\n';
    const r = runOn(vsix(readme));
    assert.equal(r.status, 0, r.stderr);
  });

  it('fails on a dead relative link, a missing anchor, an .invalid host and a command: link', () => {
    const readme =
      '# Title\n\nSee [contributing](CONTRIBUTING.md), [rule](docs/diagnostics.md#no-such-rule), ' +
      '[gone](#nowhere), [site](https://verified-identity.invalid/docs), [run](command:foo.bar).\n';
    const r = runOn(vsix(readme));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /link CONTRIBUTING\.md: CONTRIBUTING\.md is not in the \.vsix/);
    assert.match(r.stderr, /docs\/diagnostics\.md has no anchor no-such-rule/);
    assert.match(r.stderr, /link #nowhere: no heading or anchor with that name/);
    assert.match(r.stderr, /points at an \.invalid host/);
    assert.match(r.stderr, /command:foo\.bar: only https, http and mailto links/);
  });

  it('fails on an SVG icon, a missing banner, an unknown category and too many keywords', () => {
    const bad = {
      ...MANIFEST,
      icon: 'media/icon.svg',
      galleryBanner: undefined,
      categories: ['Linters', 'Security'],
      keywords: Array.from({ length: 31 }, (_, i) => `k${i}`),
      repository: { url: 'https://example.invalid/x.git' },
    };
    const r = runOn(vsix('# Title\n', bad));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /icon media\/icon\.svg is not a PNG/);
    assert.match(r.stderr, /galleryBanner/);
    assert.match(r.stderr, /unknown category Security/);
    assert.match(r.stderr, /1 to 30 keywords/);
    assert.match(r.stderr, /package\.json: an address on an \.invalid host/);
  });

  it("this repository's manifest: a 128×128 PNG icon, a banner, known categories, keywords", () => {
    assert.deepEqual(check.pngSize(ICON), { width: 128, height: 128 });
    const read = (p: string) => (p === 'extension/media/icon.png' ? ICON : undefined);
    assert.deepEqual(check.manifestProblems(MANIFEST, { read }), []);
  });

  it('names anchors as headings and HTML ids do, repeated headings numbered', () => {
    const a = check.anchors('# Verified Identity\n## The CLI\n## Files it understands\n## The CLI\n<a id="x-y"></a>');
    assert.deepEqual([...a].sort(), ['files-it-understands', 'the-cli', 'the-cli-1', 'verified-identity', 'x-y']);
  });
});
