/**
 * Fuzzing in `npm test`: seeded campaigns through the language service (1,500 cases) and the CLI (300 cases); the
 * language server's 200 are in `test/lsp/fuzz.test.ts`. A failure names its seed and index and the file its input
 * was saved to; `npm run fuzz -- --target T --seed S --index I` replays it. Below them: the fuzzer's own guarantees
 * (reproducible cases, a corpus that picks up new fixtures, invariants that catch what they should), and the inputs
 * earlier campaigns found, each kept as a regression test.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe as summary, runCampaign } from '../fuzz/campaign';
import { TEMPLATE_NAME, loadCorpus } from '../fuzz/corpus';
import { Problems, checkDiagnostics, checkEcho, checkPlainData, checkSymbols } from '../fuzz/invariants';
import { generateCase, replay, type FuzzCase } from '../fuzz/mutate';
import { runServiceCase, serviceTarget, warmUp, type ServiceTarget } from '../fuzz/target-service';
import { Lines, longestEcho } from '../fuzz/text';
import { colonlessList } from '../lsp/fixtures';

describe('fuzzing: campaigns', function () {
  this.timeout(180_000);

  it('1,500 mutated inputs through the language service break no invariant', async () => {
    const r = await runCampaign({ target: 'service', seed: 1, cases: 1500 });
    console.log(`      ${summary(r).split('\n')[0]}`);
    assert.equal(r.failures.length, 0, summary(r));
    assert.ok((r.stats.diagnostics ?? 0) > 1500, 'the cases reach the checks');
  });

  it('300 mutated files through the CLI (JSON, SARIF and text) break no invariant', async () => {
    const r = await runCampaign({ target: 'cli', seed: 1, cases: 300 });
    console.log(`      ${summary(r).split('\n')[0]}`);
    assert.equal(r.failures.length, 0, summary(r));
  });
});

describe('fuzzing: the fuzzer', () => {
  const corpus = loadCorpus();

  it('a case is a function of (seed, index), and its splices rebuild its text', () => {
    for (let i = 0; i < 200; i++) {
      const a = generateCase(corpus, 7, i);
      const b = generateCase(corpus, 7, i);
      assert.deepEqual(a, b);
      assert.equal(replay(a), a.text, `case ${i}`);
      for (const s of a.splices) assert.ok(s.start <= s.end, `case ${i}: ${JSON.stringify(s)}`);
    }
    const texts = new Set(Array.from({ length: 50 }, (_, i) => generateCase(corpus, 8, i).text));
    assert.ok(texts.size > 40, `${texts.size} different texts of 50`);
  });

  it('the corpus holds the fixtures (without markers), the official examples and the demo workspace', () => {
    const sources = corpus.map(e => e.source);
    assert.ok(sources.includes('test/fixtures/rules/enum/invalid.trust-provider.json'));
    assert.ok(sources.includes('demo/workspace/sandbox.identity-source.yaml'));
    assert.ok(sources.some(s => s.startsWith('examples.json#')));
    assert.ok(!sources.some(s => s.includes('/grammars/')));
    assert.ok(
      corpus.every(e => !/^\s*\^+\s+error /m.test(e.text)),
      'inline markers are removed',
    );
  });

  it('CloudFormation templates are picked up by name as soon as fixtures exist, and kept under their names', () => {
    for (const name of ['a.template.yaml', 'template.json', 'x/y.cfn.yml', 'cdk.out/Stack.template.json'])
      assert.ok(TEMPLATE_NAME.test(name), name);
    assert.ok(!TEMPLATE_NAME.test('templates.trust-provider.yaml'));
    const root = mkdtempSync(join(tmpdir(), 'vi-fuzz-corpus-'));
    try {
      mkdirSync(join(root, 'test', 'fixtures', 'cfn'), { recursive: true });
      mkdirSync(join(root, 'test', 'reference'), { recursive: true });
      writeFileSync(join(root, 'test', 'reference', 'examples.json'), '{"examples": []}');
      writeFileSync(join(root, 'test', 'fixtures', 'cfn', 'stack.template.yaml'), 'Resources: {}\n');
      writeFileSync(join(root, 'test', 'fixtures', 'cfn', 'app.cfn.json'), '{"Resources": {}}');
      writeFileSync(join(root, 'test', 'fixtures', 'cfn', 'notes.md'), '# not a template\n');
      const found = loadCorpus(root);
      assert.deepEqual(
        found.map(e => [e.name, e.template]),
        [
          ['app.cfn.json', true],
          ['stack.template.yaml', true],
        ],
      );
      for (let i = 0; i < 30; i++) {
        const c = generateCase(found, 1, i);
        assert.ok(c.name === 'app.cfn.json' || c.name === 'stack.template.yaml', c.name);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a case that never ends is saved and reported, and the process ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-fuzz-hang-'));
    try {
      const script = `const { watch } = require(${JSON.stringify(join(__dirname, '..', 'fuzz', 'watchdog.js'))});
        const w = watch(5, 'service', 1000, ${JSON.stringify(dir)}); w.starting(42); for (;;) {}`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.signal, 'SIGKILL', r.stderr);
      assert.match(r.stderr, /FAIL service seed 5 index 42: still running after \d+ s/);
      const saved = readdirSync(dir).sort();
      assert.equal(saved.length, 2, saved.join(', '));
      const savedCase = JSON.parse(readFileSync(join(dir, saved[1]), 'utf8')) as { text: string };
      assert.equal(savedCase.text, generateCase(corpus, 5, 42).text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the invariants catch ranges outside the document, offsets that disagree, unknown codes and echoed input', () => {
    const text = 'a: 1\r\nbb: 2\n';
    const lines = new Lines(text);
    const p = new Problems();
    const codes = new Set(['syntax']);
    const at = (line: number, character: number) => ({ line, character });
    checkDiagnostics(
      p,
      'd',
      lines,
      [
        {
          code: 'syntax',
          severity: 'error',
          message: 'm',
          range: { start: at(0, 0), end: at(0, 4) },
          offset: 0,
          length: 4,
        },
        { code: 'syntax', severity: 'error', message: 'm', range: { start: at(0, 5), end: at(0, 5) } },
        { code: 'syntax', severity: 'error', message: 'm', range: { start: at(1, 2), end: at(1, 1) } },
        {
          code: 'syntax',
          severity: 'error',
          message: 'm',
          range: { start: at(2, 0), end: at(2, 0) },
          offset: 12,
          length: 1,
        },
        { code: 'nope', severity: 'error', message: 'm', range: { start: at(3, 0), end: at(3, 0) } },
      ],
      codes,
    );
    assert.equal(p.list.length, 5, p.list.join('\n'));
    assert.match(p.list[0], /character 5 outside line 0/);
    assert.match(p.list[1], /start after end/);
    assert.match(p.list[2], /offset 12\+1 but range is 12\.\.12/);
    assert.match(p.list[3], /code "nope" is not registered/);
    assert.match(p.list[4], /line 3 outside/);

    const q = new Problems();
    checkDiagnostics(
      q,
      'd',
      lines,
      [{ code: 'nope', severity: 'fatal', message: '', range: { start: at(0, 0), end: at(0, 0) } }],
      codes,
    );
    assert.equal(q.list.length, 3, q.list.join('\n'));

    const long = 'x'.repeat(400);
    assert.equal(longestEcho(`a ${long} b`, ['short', `"${long.slice(0, 300)}"`]), 300);
    assert.equal(longestEcho('abcdef', ['zcdez', 'abq']), 3);
    const e = new Problems();
    checkEcho(e, 'e', `key: ${long}`, [{ what: 'message', text: `bad value ${long.slice(0, 257)}` }]);
    checkEcho(e, 'e', `key: ${long}`, [{ what: 'message', text: `bad value "${long.slice(0, 60)}…"` }]);
    assert.equal(e.list.length, 1, e.list.join('\n'));
  });

  it('the invariants catch symbols VS Code refuses and request data that is not plain', () => {
    const lines = new Lines('a: 1\n"": 2\n');
    const r = (l: number, s: number, e: number) => ({
      start: { line: l, character: s },
      end: { line: l, character: e },
    });
    const p = new Problems();
    checkSymbols(p, 's', lines, [
      { name: 'a', range: r(0, 0, 4), selectionRange: r(0, 0, 1), children: [] },
      { name: '', range: r(1, 0, 5), selectionRange: r(1, 0, 2), children: [] },
      { name: 'b', range: r(1, 0, 2), selectionRange: r(1, 0, 5), children: [] },
    ]);
    assert.equal(p.list.length, 2, p.list.join('\n'));
    const q = new Problems();
    const proto = JSON.parse('{"a": 1}') as object;
    checkPlainData(q, 'd', { a: Object.setPrototypeOf({}, proto), b: [new Date(0)], c: undefined, d: [1, 'x', null] });
    assert.equal(q.list.length, 2, q.list.join('\n'));
  });
});

/** Inputs the campaigns found (before the fixes beside them), as regression tests: each must now break nothing. */
describe('fuzzing: findings', function () {
  this.timeout(30_000);
  let t: ServiceTarget;
  before(async () => {
    t = serviceTarget();
    await warmUp(t);
  });

  const long = (n: number) => Array.from({ length: n }, (_, i) => 'abcdefghijkmnpqrstuvwxyz'[(i * 7) % 24]).join('');
  const run = async (name: string, text: string, offsets = [text.length]) => {
    const c: FuzzCase = {
      seed: 0,
      index: 0,
      source: 'finding',
      name,
      original: text,
      text,
      splices: [],
      ops: [],
      offsets,
    };
    const r = await runServiceCase(t, c);
    assert.deepEqual(r.problems, [], `${name}: ${JSON.stringify(text).slice(0, 200)}`);
    return t.service.validate(t.service.analyze({ uri: `file:///f/${name}`, text })!);
  };

  it('a problem at the end of the text has offsets inside it (JSON and YAML)', async () => {
    await run(
      'a.trust-provider.json',
      '{\n  "TrustProviderType": "user",\n  "TagSpecifications": [\n    {\n      "ResourceType"',
    );
    await run('a.trust-provider.yaml', 'TrustProviderType: user\nOidcOptions: {Issuer: "https://x');
  });

  it('a long key is named shortened in messages and quick-fix titles', async () => {
    const key = long(300);
    const diags = await run('a.trust-provider.yaml', `TrustProviderType: user\n${key}: 1\n`, [0, 30]);
    const unknown = diags.find(d => d.code === 'unknown-member')!;
    assert.match(unknown.message, /^'[a-z]{60}…' is not a member of CreateVerifiedAccessTrustProvider/);
    await run('b.trust-provider.yaml', `${key}:\n  - a\n${key}x: 2\n`, [0]);
  });

  it('a key holding dots does not change which object a message names', async () => {
    const diags = await run(
      'a.trust-provider.yaml',
      'OidcOptions:\n  https://example.okta.com: x\nDetails.UserPoolArn: 1\n',
    );
    const messages = diags.filter(d => d.code === 'unknown-member').map(d => d.message);
    assert.ok(
      messages.some(m => m.startsWith("'https://example.okta.com' is not a member of 'OidcOptions'.")),
      messages.join('\n'),
    );
    assert.ok(
      messages.some(m => /^'Details\.UserPoolArn' is not a member of CreateVerifiedAccessTrustProvider/.test(m)),
      messages.join('\n'),
    );
  });

  it('values quoted in messages are shortened (entity types, tag keys, reference names, tenant IDs, issuers)', async () => {
    const v = long(400);
    await run(
      'a.identity-source.json',
      JSON.stringify({ policyStoreId: 'PSEXAMPLEabcdefg111111', principalEntityType: `${v}!` }),
    );
    await run(
      'a.trust-provider.yaml',
      `TrustProviderType: device\nDeviceTrustProviderType: crowdstrike\nPolicyReferenceName: ${v}-x\nDeviceOptions:\n  TenantId: A${v}\nTagSpecifications:\n  - ResourceType: ${v}\n    Tags:\n      - Key: aws:${v}\n        Value: x\n      - Key: aws:${v}\n        Value: y\n`,
    );
    await run(
      'b.identity-source.yaml',
      `policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: MyCorp::${v}\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: https://${v}.example.com\n    tokenSelection:\n      identityTokenOnly:\n        principalIdClaim: sub\n`,
    );
  });

  it('the YAML parser’s messages quote at most a little of the source', async () => {
    await run('a.trust-provider.yaml', `TrustProviderType: user\n"${long(300)}"\nx: 1\n`);
    await run('c.trust-provider.yaml', `TrustProviderType: *${long(300)}\n`);
    await run('b.trust-provider.yaml', `TrustProviderType: !${long(300)} user\n`);
  });

  it('completion after a long run of white space ends (two patterns backtracked without bound on it)', () => {
    // In a child process: before the fix, either call ran for hours, and a test cannot interrupt a synchronous loop.
    const service = join(__dirname, '..', '..', 'server', 'src', 'service', 'index.js');
    const script = `const s = require(${JSON.stringify(service)}).createLanguageService();
      const json = s.analyze({ uri: 'file:///f/a.trust-provider.json', text: ' '.repeat(60) + '{}' });
      s.complete(json, { line: 0, character: 3 });
      const yaml = s.analyze({ uri: 'file:///f/a.trust-provider.yaml', text: 'a' + ' '.repeat(300000) + 'b\\nx\\n' });
      s.complete(yaml, { line: 1, character: 1 });
      const doc = s.analyze({ uri: 'file:///f/b.trust-provider.yaml', text: '\\n' + ' '.repeat(60) + '}\\n' });
      s.complete(doc, { line: 0, character: 0 });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${r.signal ?? ''} ${r.stderr}`);
  });

  it('a long run of tabs is checked in linear time (each tab searched back to its line start before)', () => {
    const service = join(__dirname, '..', '..', 'server', 'src', 'service', 'index.js');
    const script = `const s = require(${JSON.stringify(service)}).createLanguageService();
      const f = s.analyze({ uri: 'file:///f/a.trust-provider.yaml', text: 'a: b' + '\\t'.repeat(1000000) + 'c\\n' });
      if (!s.validate(f).some(d => d.code === 'cli-yaml-unreadable')) process.exit(3);
      s.complete(f, { line: 0, character: 5 });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${r.signal ?? ''} ${r.stderr}`);
  });

  it('completion on a line of more sequence dashes than any request nests', async () => {
    await run('a.trust-provider.yaml', `${'- '.repeat(70)}x\n${'- '.repeat(70)}`);
  });

  it('templates offered in a blank JSON file of several lines replace only the cursor’s line', async () => {
    await run('a.trust-provider.json', '\n\n', [1]);
    await run('b.identity-source.json', '#details.DiscoveryUrl only a comment\n', [8]);
    const file = t.service.analyze({ uri: 'file:///f/a.trust-provider.json', text: '  \n\n' })!;
    const items = t.service.complete(file, { line: 0, character: 1 });
    assert.ok(items.length > 0);
    for (const i of items)
      assert.deepEqual(i.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
  });

  it('an empty or null key has a name in the outline', async () => {
    await run('a.trust-provider.yaml', 'TrustProviderType: user\nnull: 1\n"": 2\nOidcOptions:\n  ~: 3\n');
    const file = t.service.analyze({ uri: 'file:///f/a.trust-provider.json', text: '{"": 1}' })!;
    assert.deepEqual(
      t.service.symbols(file).map(s => s.name),
      ['""'],
    );
  });

  it('a __proto__ member is request data like any other', async () => {
    await run('a.trust-provider.json', '{"TrustProviderType": "user", "__proto__": {"PolicyReferenceName": "x"}}');
    const file = t.service.analyze({ uri: 'file:///f/a.trust-provider.json', text: '{"__proto__": {"a": 1}}' })!;
    const data = t.service.requestInput(file)!;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data), ['__proto__']);
    assert.equal(JSON.stringify(data), '{"__proto__":{"a":1}}');
  });

  it('quick fixes in a CRLF file never put an edit between CR and LF', async () => {
    await run(
      'a.trust-provider.yaml',
      'TrustProviderType: device\r\nDeviceTrustProviderType: jamf\r\nPolicyReferenceName: jamf\r\nDeviceOptions:\r\n',
      [0],
    );
  });

  it('a key without its colon before a long list: the same diagnostics on any thread’s stack (2026, case 677)', async () => {
    // The YAML library nests each line of the list one level deeper; its composer once overflowed the stack at a
    // depth that depends on the thread, and the rest of the text was dropped there (the worker's 4 MB stack kept more).
    const text = colonlessList(3000);
    const diags = await run('a.trust-provider.yaml', text, [0, text.length]);
    assert.deepEqual(
      diags.map(d => d.code),
      ['too-deep'],
    );
    const service = join(__dirname, '..', '..', 'server', 'src', 'service');
    const onStack = (stackSizeMb: number) =>
      new Promise<unknown>((resolve, reject) => {
        const script = `const { parentPort, workerData } = require('node:worker_threads');
          const s = require(workerData.service).createLanguageService({ isLikelyCommitted: () => false });
          parentPort.postMessage(s.validate(s.analyze({ uri: 'file:///f/a.trust-provider.yaml', text: workerData.text })));`;
        const w = new Worker(script, { eval: true, workerData: { service, text }, resourceLimits: { stackSizeMb } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    for (const mb of [1, 4, 16]) assert.deepEqual(await onStack(mb), diags, `${mb} MB stack`);
  });
});
