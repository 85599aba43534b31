/**
 * SARIF output against the SARIF 2.1.0 JSON schema, and its URIs: every path segment percent-encoded (spaces, `#`,
 * `%`, `:`, brackets, non-ASCII), files under the working directory relative to `%SRCROOT%` (set by
 * `originalUriBaseIds` to the working directory), files elsewhere absolute `file:` URIs; each URI resolves back to the
 * file's path. Skipped paths and a run that checked nothing are tool execution notifications.
 *
 * The schema is the one `@microsoft/jest-sarif` ships (2.1.0-rtm.5, draft-04): no npm package ships the final OASIS
 * file. The final schema differs from it only in also requiring a region to have `startLine`, `charOffset` or
 * `byteOffset` (checked here by hand) and in a `language` pattern that only the final one writes correctly (hence
 * `unicodeRegExp: false`).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main } from '../../server/src/cli';
import { artifactLocation, fileUri } from '../../server/src/cli/sarif';

const WARN =
  'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\nDryRun: true\n';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface Sarif {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations?: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: {
        descriptor?: { id: string };
        level: string;
        message: { text: string };
        locations?: { physicalLocation: { artifactLocation: ArtifactLocation } }[];
      }[];
    }[];
    results: {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: ArtifactLocation; region?: Record<string, number> } }[];
    }[];
  }[];
}

const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function assertValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  assert.ok(ok, ajv.errorsText(validateSarif.errors, { separator: '\n' }));
  for (const result of (log as Sarif).runs[0].results) {
    for (const l of result.locations) {
      const r = l.physicalLocation.region;
      if (r) assert.ok('startLine' in r || 'charOffset' in r || 'byteOffset' in r, JSON.stringify(r));
    }
  }
}

/** The file path a SARIF artifact location stands for. */
function pathOf(loc: ArtifactLocation, sarif: Sarif): string {
  if (loc.uriBaseId === undefined) {
    assert.match(loc.uri, /^file:\/\//);
    return fileURLToPath(loc.uri);
  }
  const base = sarif.runs[0].originalUriBaseIds?.[loc.uriBaseId]?.uri;
  assert.ok(base, `no originalUriBaseIds entry for ${loc.uriBaseId}`);
  assert.doesNotMatch(loc.uri, /^[a-z][a-z0-9+.-]*:/i, 'a relative URI must not look like one with a scheme');
  return fileURLToPath(new URL(loc.uri, base));
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: t => (out += `${t}\n`), err: t => (err += `${t}\n`), cwd });
  return { code, out, err };
}

const NAMES = [
  'sub dir/with space.trust-provider.yaml',
  'hash#1.trust-provider.yaml',
  '100%.trust-provider.yaml',
  'héllo-日本.trust-provider.yaml',
  'colon:x.trust-provider.yaml',
  '[br] ^`{}|.trust-provider.yaml',
  '..dots.trust-provider.yaml',
];

describe('CLI: SARIF', () => {
  let dir: string;
  let elsewhere: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-sarif-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'vi-cli-sarif elsewhere #%-'));
    mkdirSync(join(dir, 'sub dir'));
    for (const name of NAMES) writeFileSync(join(dir, name), WARN);
    writeFileSync(join(dir, 'mystery #.json'), '{"x": 1}');
    writeFileSync(join(elsewhere, 'out side é.trust-provider.yaml'), WARN);
    symlinkSync(join(elsewhere, 'out side é.trust-provider.yaml'), join(dir, 'sub dir', 'link #.trust-provider.yaml'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('is valid SARIF 2.1.0 whose URIs are encoded and resolve back to each file, inside and outside the cwd', async () => {
    const outside = join(elsewhere, 'out side é.trust-provider.yaml');
    const r = await run(['validate', '--format', 'sarif', '.', 'mystery #.json', outside], dir);
    assert.equal(r.code, 2, r.err); // mystery #.json cannot be classified
    const sarif = JSON.parse(r.out) as Sarif;
    assertValidSarif(sarif);
    const run0 = sarif.runs[0];
    assert.equal(run0.originalUriBaseIds?.['%SRCROOT%'].uri, `${pathToFileURL(dir).href}/`);

    const byPath = new Map<string, { ruleId: string; loc: ArtifactLocation }[]>();
    for (const res of run0.results) {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      const p = pathOf(loc, sarif);
      byPath.set(p, [...(byPath.get(p) ?? []), { ruleId: res.ruleId, loc }]);
    }
    for (const name of NAMES) {
      const got = byPath.get(join(dir, name));
      assert.ok(got, `no result for ${name}; results for ${[...byPath.keys()].join(', ')}`);
      assert.equal(got[0].ruleId, 'dry-run');
      assert.equal(got[0].loc.uriBaseId, '%SRCROOT%');
    }
    assert.deepEqual(
      NAMES.map(n => byPath.get(join(dir, n))?.[0].loc.uri),
      [
        'sub%20dir/with%20space.trust-provider.yaml',
        'hash%231.trust-provider.yaml',
        '100%25.trust-provider.yaml',
        'h%C3%A9llo-%E6%97%A5%E6%9C%AC.trust-provider.yaml',
        'colon%3Ax.trust-provider.yaml',
        '%5Bbr%5D%20%5E%60%7B%7D%7C.trust-provider.yaml',
        '..dots.trust-provider.yaml',
      ],
    );
    const out = byPath.get(outside);
    assert.ok(out, 'no result for the file outside the working directory');
    assert.equal(out[0].loc.uriBaseId, undefined);
    assert.equal(out[0].loc.uri, pathToFileURL(outside).href);
    assert.deepEqual(
      byPath.get(join(dir, 'mystery #.json'))?.map(x => [x.ruleId, x.loc.uri]),
      [['io-error', 'mystery%20%23.json']],
    );

    const inv = run0.invocations?.[0];
    assert.equal(inv?.executionSuccessful, false);
    const notes = inv?.toolExecutionNotifications ?? [];
    assert.deepEqual(
      notes.map(n => [n.descriptor?.id, n.level, n.message.text]),
      [['skipped-path', 'warning', 'Skipped: symbolic link that leads outside the walked directory: not followed']],
    );
    const skippedAt = notes[0].locations?.[0].physicalLocation.artifactLocation;
    assert.ok(skippedAt);
    assert.equal(skippedAt.uri, 'sub%20dir/link%20%23.trust-provider.yaml');
    assert.equal(pathOf(skippedAt, sarif), join(dir, 'sub dir', 'link #.trust-provider.yaml'));
  });

  it('a run that checked nothing is valid SARIF that says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vi-cli-sarif-empty-'));
    try {
      const r = await run(['validate', '--format', 'sarif', '.'], empty);
      assert.equal(r.code, 2);
      const sarif = JSON.parse(r.out) as Sarif;
      assertValidSarif(sarif);
      const inv = sarif.runs[0].invocations?.[0];
      assert.equal(inv?.executionSuccessful, false);
      assert.deepEqual(
        inv?.toolExecutionNotifications?.map(n => [n.descriptor?.id, n.level]),
        [['nothing-checked', 'error']],
      );
      assert.match(inv?.toolExecutionNotifications?.[0].message.text ?? '', /no request files found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('the schema check is not vacuous: unencoded URIs are rejected', () => {
    for (const uri of ['with space.yaml', '100%.yaml', 'héllo.yaml', '[br].yaml']) {
      const log = {
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 't' } },
            results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri } } }] }],
          },
        ],
      };
      assert.equal(validateSarif(log), false, uri);
    }
  });

  it('file URIs for Windows paths: drive letters and UNC shares', () => {
    assert.equal(fileUri('C:\\Users\\a b\\x#.yaml', true), 'file:///C:/Users/a%20b/x%23.yaml');
    assert.equal(fileUri('\\\\server\\share\\d\\é.yaml', true), 'file://server/share/d/%C3%A9.yaml');
    assert.equal(fileUri('/srv/a b/%.yaml', false), 'file:///srv/a%20b/%25.yaml');
    assert.deepEqual(artifactLocation('/w/a b/c.yaml', '/w'), { uri: 'a%20b/c.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('/elsewhere/c.yaml', '/w'), { uri: 'file:///elsewhere/c.yaml' });
    assert.deepEqual(artifactLocation('/w2/c.yaml', '/w'), { uri: 'file:///w2/c.yaml' });
  });
});
