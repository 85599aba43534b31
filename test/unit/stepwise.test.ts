/**
 * Analysis in steps (`AnalyzedFile.analyzeInSteps`, what the language server runs between other requests) must
 * give exactly what the direct calls give: the same parse, the same findings, the same diagnostics. Held on every
 * fixture, on seeded mutations of them, and on generated streams that mix the fast path and the composer, markers,
 * directives and broken documents.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createLanguageService, type AnalyzedFile } from '../../server/src/service';
import { drain } from '../../server/src/service/validate';
import { ROOT } from './helpers';

const service = createLanguageService({ isLikelyCommitted: () => true });

function files(dir: string, out: { name: string; text: string }[] = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ya?ml|json)$/.test(name)) out.push({ name, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function open(name: string, text: string, kind: 'trust-provider' | 'identity-source'): AnalyzedFile {
  const file = service.analyze({ uri: `file:///ws/${name}`, text }, { kind });
  assert.ok(file);
  return file;
}

function kindOf(name: string, text: string): 'trust-provider' | 'identity-source' {
  return /identity|policyStoreId|configuration/i.test(name + text) ? 'identity-source' : 'trust-provider';
}

/** The same text analyzed in steps and directly: every observable result must be equal. */
function same(name: string, text: string): { steps: number } {
  const kind = kindOf(name, text);
  const stepped = open(name, text, kind);
  let steps = 0;
  for (const it = stepped.analyzeInSteps(); !it.next().done;) steps++;
  const direct = open(name, text, kind);
  const a = { refusal: stepped.parsed.refusal, documents: stepped.parsed.documents };
  const b = { refusal: direct.parsed.refusal, documents: direct.parsed.documents };
  if (!isDeepStrictEqual(a, b)) assert.fail(`parse differs on ${name}: ${JSON.stringify(text).slice(0, 2000)}`);
  if (!isDeepStrictEqual(stepped.results(), direct.results())) assert.fail(`findings differ on ${name}`);
  if (!isDeepStrictEqual(stepped.diagnostics(), direct.diagnostics())) assert.fail(`diagnostics differ on ${name}`);
  return { steps };
}

const DOCS = [
  'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: a\n',
  'TrustProviderType: device\nDeviceTrustProviderType: jamf\nPolicyReferenceName: b\nDeviceOptions:\n  TenantId: t\n',
  'TrustProviderType: user\nDryRun: true\nTagSpecifications:\n  - ResourceType: verified-access-trust-provider\n    Tags:\n      - Key: aws:x\n        Value: y\n',
  'base: &b\n  TrustProviderType: user\nother: *b\n',
  'TrustProviderType: [user, device]\n',
  'Description: |\n  a block\n  scalar\nPolicyReferenceName: c\n',
  'Description: "unterminated\n',
  'PolicyReferenceName: d\nPolicyReferenceName: e\n',
  '# only a comment\n',
  '',
  'TrustProviderType: user\n\tPolicyReferenceName: tab\n',
  '{TrustProviderType: user, PolicyReferenceName: flow}\n',
  'a: b: c\n',
  'just a scalar\n',
  '- a list\n- at the root\n',
  'Unknown1: 1\nUnknown2: 2\nUnknown3: 3\n',
];
const SEPARATORS = [
  '---\n',
  '--- ',
  '...\n---\n',
  '\n---\n',
  '# between\n---\n',
  '%YAML 1.2\n---\n',
  '---\n\n\n',
  '...\n',
];

/** Seeded streams of 1 to 40 documents drawn from the pieces above. */
function streams(count: number): string[] {
  let seed = 11;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [rnd(4) === 0 ? SEPARATORS[rnd(SEPARATORS.length)] : ''];
    for (let n = 1 + rnd(40); n > 0; n--) {
      parts.push(DOCS[rnd(DOCS.length)]);
      if (n > 1) parts.push(SEPARATORS[rnd(SEPARATORS.length)]);
    }
    if (rnd(3) === 0) parts.push(['...\n', '# trailing\n', '\n\n', '---\n', '%YAML 1.2\n'][rnd(5)]);
    out.push(parts.join(''));
  }
  return out;
}

describe('analysis in steps gives the same results as direct analysis', function () {
  this.timeout(120_000);

  it('on every fixture and every file under test/', () => {
    const all = files(join(ROOT, 'test'));
    assert.ok(all.length > 100, `${all.length} files`);
    for (const f of all) same(f.name, f.text);
  });

  it('on 1,000 generated streams mixing the fast path, the composer, markers, directives and errors', () => {
    let multi = 0;
    for (const [i, text] of streams(1000).entries()) {
      const { steps } = same(`gen${i}.trust-provider.yaml`, text);
      if (steps > 3) multi++;
    }
    assert.ok(multi > 500, `${multi} streams took more than three steps`);
  });

  it('on refusals, JSON and streams of many documents', () => {
    same('big.trust-provider.json', `{"Description": "${'x'.repeat(3 * 1024 * 1024)}"}`);
    same('bin.trust-provider.yaml', 'a: \u0000');
    same('deep.trust-provider.json', '['.repeat(200));
    same('deep.trust-provider.yaml', Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n'));
    same('x.identity-source.json', '{"policyStoreId": "PS1", "principalEntityType": "A::B", "x": 1}');
    same('broken.identity-source.json', '{"policyStoreId": ');
    const many = Array.from({ length: 3000 }, (_, i) => `PolicyReferenceName: p${i}\nDryRun: true\n`).join('---\n');
    const { steps } = same('many.trust-provider.yaml', many);
    assert.ok(steps >= 3000, `${steps} steps for 3,000 documents`);
  });

  it('leaves nothing to compute afterwards, and steps after a direct call do not compute again', () => {
    const text = DOCS.join('---\n');
    const file = open('x.trust-provider.yaml', text, 'trust-provider');
    drain(file.analyzeInSteps());
    const parsed = file.parsed;
    const diagnostics = file.diagnostics();
    assert.equal(file.parsed, parsed);
    assert.equal(file.diagnostics(), diagnostics);
    const direct = open('y.trust-provider.yaml', text, 'trust-provider');
    const results = direct.results();
    drain(direct.analyzeInSteps());
    assert.equal(direct.results(), results);
  });
});
