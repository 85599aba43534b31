/**
 * Incremental JSON analysis (`parse/json-reparse.ts`, `analyze(…, { previous })`) must give exactly what a full
 * analysis of the same text gives: the same tree (offsets, superseded members, issues) and the same diagnostics.
 * Held on seeded random edit sequences over JSON request files: edits inside strings, new and removed array items
 * and members, whitespace, and random characters anywhere (which break the text, and later edits mend it), in
 * both directions of each step.
 */
import * as assert from 'node:assert/strict';
import { createLanguageService, type AnalyzedFile } from '../../server/src/service';
import { diffRegion, reparseJson } from '../../server/src/service/parse/json-reparse';
import { LineIndex } from '../../server/src/service/parse/line-index';

const service = createLanguageService({ isLikelyCommitted: () => true });

/** Mulberry32: a small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trustProvider(tagSpecs: number, seed: number): string {
  const specs = Array.from({ length: tagSpecs }, (_, s) => {
    const tags = Array.from(
      { length: 3 + ((s + seed) % 4) },
      (_, t) => `        {\n          "Key": "k${s}-${t}",\n          "Value": "v ${s} ${t}"\n        }`,
    );
    // Some items with findings of their own (an unknown member, a missing key, a wrong type), to be moved.
    if (s % 3 === 1) tags[0] = `        {\n          "Kye": "k${s}",\n          "Value": ${s}\n        }`;
    return `    {\n      "ResourceType": "verified-access-trust-provider",\n      "Tags": [\n${tags.join(',\n')}\n      ]\n    }`;
  });
  return `{
  "TrustProviderType": "user",
  "UserTrustProviderType": "oidc",
  "PolicyReferenceName": "corp",
  "OidcOptions": {
    "Issuer": "https://example.okta.com",
    "ClientId": "client",
    "Scope": "openid"
  },
  "TagSpecifications": [
${specs.join(',\n')}
  ],
  "DryRun": false
}
`;
}

const IDENTITY_SOURCE = `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "MyApp::User",
  "configuration": {
    "cognitoUserPoolConfiguration": {
      "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE",
      "clientIds": ["a", "b", "c", "d"],
      "groupConfiguration": { "groupEntityType": "MyApp::Group" }
    }
  }
}
`;

const PIECES = [
  'x',
  '"',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  ' ',
  '\n',
  '1',
  'NaN',
  '\\',
  'true',
  '"k": 1,',
  '{"Key": "a"},',
];

/** One random edit of `text`: mostly ones that keep it valid JSON, some that break it. */
function edit(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const r = rnd();
  const at = Math.floor(rnd() * (text.length + 1));
  if (r < 0.45) {
    // Inside a string: type or delete a letter.
    const quote = text.indexOf('"', at);
    const close = quote < 0 ? -1 : text.indexOf('"', quote + 1);
    if (close < 0) return text;
    const i = quote + 1 + Math.floor(rnd() * (close - quote));
    return rnd() < 0.6 || i >= close
      ? text.slice(0, i) + pick(['a', 'Z', '9', ' ', '-']) + text.slice(i)
      : text.slice(0, i) + text.slice(i + 1);
  }
  if (r < 0.55) {
    // Whitespace after a comma or a bracket.
    const i = text.indexOf(',', at);
    return i < 0 ? text : text.slice(0, i + 1) + pick([' ', '\n    ', '\t']) + text.slice(i + 1);
  }
  if (r < 0.65) {
    // A new array item or member after an opening bracket.
    const i = Math.max(text.indexOf('[', at), -1);
    const j = text.indexOf('{', at);
    if (i >= 0 && (j < 0 || i < j))
      return `${text.slice(0, i + 1)}{"Key": "n${at}", "Value": "v"},${text.slice(i + 1)}`;
    if (j >= 0) return `${text.slice(0, j + 1)}"Key": "dup${at % 3}",${text.slice(j + 1)}`;
    return text;
  }
  if (r < 0.72) {
    // Remove the member or item that starts at a line.
    const i = text.indexOf('\n', at);
    const j = i < 0 ? -1 : text.indexOf('\n', i + 1);
    return j < 0 ? text : text.slice(0, i) + text.slice(j);
  }
  // Anything anywhere: insert a piece or delete a few characters.
  if (rnd() < 0.6) return text.slice(0, at) + pick(PIECES) + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 4));
}

function analyze(uri: string, text: string, previous?: AnalyzedFile): AnalyzedFile {
  const file = service.analyze({ uri, text }, previous ? { previous } : {});
  assert.ok(file);
  return file;
}

function same(incremental: AnalyzedFile, full: AnalyzedFile, what: string): void {
  assert.deepStrictEqual(incremental.parsed.documents, full.parsed.documents, `tree differs ${what}`);
  assert.deepStrictEqual(incremental.parsed.refusal, full.parsed.refusal, `refusal differs ${what}`);
  assert.deepStrictEqual(incremental.results(), full.results(), `findings differ ${what}`);
  assert.deepStrictEqual(incremental.diagnostics(), full.diagnostics(), `diagnostics differ ${what}`);
  const lines = incremental.lines.lineCount;
  assert.equal(lines, full.lines.lineCount, `line count differs ${what}`);
  for (let i = 0; i < lines; i++)
    assert.equal(incremental.lines.lineStart(i), full.lines.lineStart(i), `line ${i} ${what}`);
}

describe('incremental JSON analysis (differential)', () => {
  it('finds the region two texts differ in', () => {
    assert.equal(diffRegion('abc', 'abc'), undefined);
    assert.deepEqual(diffRegion('abcd', 'abXcd'), { start: 2, oldEnd: 2, newEnd: 3 });
    assert.deepEqual(diffRegion('aaaa', 'aaa'), { start: 3, oldEnd: 4, newEnd: 3 });
    assert.deepEqual(diffRegion('abc', 'xyz'), { start: 0, oldEnd: 3, newEnd: 3 });
  });

  it('re-parses only the container around an edit, and shares what is before it', () => {
    const before = trustProvider(4, 0);
    const file = analyze('file:///ws/a.trust-provider.json', before);
    const i = before.indexOf('v 2 1') + 2;
    const after = `${before.slice(0, i)}x${before.slice(i)}`;
    const next = reparseJson(file.parsed, after, new LineIndex(after));
    assert.ok(next, 'an edit inside a string is re-parsed in part');
    const [a, b] = [file.parsed.documents[0].root, next.documents[0].root];
    assert.ok(a?.type === 'object' && b?.type === 'object');
    assert.equal(b.properties[0], a.properties[0], 'members before the edit are shared');
    assert.notEqual(b.properties.at(-1), a.properties.at(-1), 'members after it are moved copies');
    assert.equal(a.properties.at(-1)!.start + 1, b.properties.at(-1)!.start);
    assert.deepStrictEqual(next.documents, analyze('file:///ws/b.trust-provider.json', after).parsed.documents);
  });

  for (const [name, uri, start] of [
    ['trust provider', 'file:///ws/p.trust-provider.json', trustProvider(6, 1)],
    ['trust provider, many tags', 'file:///ws/q.trust-provider.json', trustProvider(12, 2)],
    ['identity source', 'file:///ws/s.identity-source.json', IDENTITY_SOURCE],
  ] as const) {
    for (const seed of [1, 2, 3, 4]) {
      it(`${name}: 150 seeded edits (seed ${seed}) give what a full analysis gives`, () => {
        const rnd = random(seed * 7919 + name.length);
        let text: string = start;
        let previous = analyze(uri, text);
        previous.diagnostics();
        let reused = 0;
        let lastClean = text;
        for (let step = 0; step < 150; step++) {
          // A broken text (or one with a duplicate key) is mended by an undo half of the time, as people do.
          const broken = previous.parsed.documents.some(d => d.issues.length > 0);
          if (!broken) lastClean = text;
          text = broken && rnd() < 0.5 ? lastClean : edit(text, rnd);
          const what = `at step ${step} (seed ${seed})`;
          if (previous.parsedSoFar() && reparseJson(previous.parsed, text, new LineIndex(text))) reused++;
          // Both ways of running an analysis: directly, and in steps (the language server's way).
          const incremental = analyze(uri, text, previous);
          if (step % 2) for (const _ of incremental.analyzeInSteps());
          same(incremental, analyze(uri, text), what);
          previous = incremental;
        }
        assert.ok(reused > 40, `only ${reused} of 150 edits were re-parsed in part`);
      });
    }
  }
});
