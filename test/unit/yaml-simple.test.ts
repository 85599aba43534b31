import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Parser, stringify } from 'yaml';
import { mentionsTemplateTypes } from '../../server/src/service/association';
import { composeYaml, keyString, parseYaml, PARSE_OPTIONS } from '../../server/src/service/parse/yaml';
import { parseSimpleYaml } from '../../server/src/service/parse/yaml-simple';
import { templateText } from '../../server/src/service/features/templates';
import { ROOT, service } from './helpers';

/** The documents when the whole stream takes the fast path, else undefined. */
const simple = (text: string) => {
  const r = parseSimpleYaml(new Parser().parse(text), PARSE_OPTIONS, keyString);
  return r.resume ? undefined : r.docs;
};

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

/** Every YAML file under test/, every official example written as YAML, and every template. */
function corpus(): string[] {
  const texts = yamlFiles(join(ROOT, 'test'));
  const examples = JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'examples.json'), 'utf8')) as unknown;
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const input = (o as { input?: unknown }).input;
    if (input && typeof input === 'object') texts.push(stringify(input));
    for (const v of Object.values(o)) visit(v);
  };
  visit(examples);
  for (const t of service.templates()) texts.push(templateText(t, 'yaml'));
  return texts.filter(t => t.length > 0);
}

/** Seeded edits that break, bend or keep YAML: the inputs where a fast path would go wrong if it could. */
const PIECES = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '#',
  ' #x',
  ':',
  ': ',
  '- ',
  '- - ',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '!x ',
  '{',
  '[',
  '? ',
  '---\n',
  '--- ',
  '...\n',
  '%YAML 1.2\n',
  '~',
  'null',
  '0x1F',
  '0o17',
  '1e3',
  '.inf',
  '-.inf',
  '.NaN',
  '+12',
  '1_000',
  '0.10',
  '\\',
  '|',
  '>',
  '<<: ',
  'true',
  'Yes',
  '-1.5',
  '"\\x41"',
  '"\\q"',
  "'it''s'",
  '12:30',
  'a: b: c',
  '\u00a0',
  '\ufeff',
  '\u2028',
  'x'.repeat(1030),
  // Scalars the AWS CLI's loader reads otherwise than YAML 1.2, or cannot read.
  '2024-06-01',
  '2024-01-01T10:00:00Z',
  '2024-1-1 1:00:00',
  '20240601_01',
  '0b101',
  '-0x1F',
  '1_0.5',
  '.5e3',
  '=',
  '2024-02-30',
  '0b_',
  '!!binary aGk= ',
  '!!timestamp ',
  '!!int ',
  '! ',
  '%YAML 1.1\n---\n',
];

function mutations(texts: string[], count: number): string[] {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let m = texts[rnd(texts.length)];
    for (let j = 1 + rnd(3); j > 0; j--) {
      const at = rnd(m.length + 1);
      const op = rnd(3);
      if (op === 0) m = m.slice(0, at) + PIECES[rnd(PIECES.length)] + m.slice(at);
      else if (op === 1) m = m.slice(0, at) + m.slice(at + 1 + rnd(3));
      else {
        const from = rnd(m.length + 1);
        m = m.slice(0, at) + m.slice(from, from + rnd(20)) + m.slice(at);
      }
    }
    out.push(m);
  }
  return out;
}

describe('YAML: the fast path for plain request files', () => {
  it('builds exactly what the composer builds, on every fixture, example and template', () => {
    const texts = corpus();
    let fast = 0;
    let requests = 0;
    for (const t of texts) {
      // CloudFormation templates (SPEC §9) are in the corpus too, but they are not request files.
      const request = !mentionsTemplateTypes(t);
      if (request) requests++;
      const s = simple(t);
      if (!s) continue;
      if (request) fast++;
      assert.ok(isDeepStrictEqual(s, composeYaml(t)), `differs from the composer on:\n${t}`);
    }
    // Most request files take the fast path (the rest use anchors, block scalars, flow style, or are broken).
    assert.ok(requests > 100 && fast / requests > 0.6, `${fast} of ${requests} request files took the fast path`);
  });

  it('parses exactly as the composer alone does, on 3,000 seeded mutations and on streams that mix both paths', () => {
    // Alias bombs are left to their own tests: each takes the composer tens of milliseconds.
    const texts = corpus().filter(t => t.length < 4096 && (t.match(/\*/g) ?? []).length < 10);
    const streams = texts.map((t, i) => `${t}\n---\n${texts[(i * 7 + 3) % texts.length]}\n...\n---\n${t}`);
    let fast = 0;
    for (const t of [...mutations(texts, 3000), ...streams]) {
      if (simple(t)) fast++;
      if (!isDeepStrictEqual(parseYaml(t), composeYaml(t)))
        assert.fail(`differs from the composer on ${JSON.stringify(t)}`);
    }
    assert.ok(fast > 600, `${fast} mutations took the fast path all through`);
  });

  it('steps aside for everything the composer must judge', () => {
    const cases: Record<string, string> = {
      anchor: 'a: &x 1\nb: *x\n',
      tag: 'a: !!str 1\n',
      flow: 'a: [1, 2]\n',
      'block scalar': 'a: |\n  text\n',
      'empty value': 'a:\nb: 1\n',
      'merge key': 'a: 1\n<<: {b: 2}\n',
      'explicit key': '? a\n: 1\n',
      directive: '%YAML 1.2\n---\na: 1\n',
      'document end marker': 'a: 1\n...\n',
      'tab indentation': 'a:\n\tb: 1\n',
      'comment touching a value': 'a: "x"#c\n',
      'multi-line key': '"a\n b": 1\n',
      'key over 1,024 characters': `${'k'.repeat(1100)}: 1\n`,
      'bad escape': 'a: "\\q"\n',
      'trailing comment item': 'a:\n  b: 1\n  # c\nd: 2\n',
      "a key's ':' on a later line": 'a: 1\nb\n  : 2\n',
      empty: '',
      'comments only': '# nothing\n',
    };
    for (const [name, text] of Object.entries(cases)) assert.equal(simple(text), undefined, name);
  });

  it('resolves scalars with the core schema, and parseYaml uses it for plain files', () => {
    const text = 'a: 1\nb: 0x1F\nc: 1.5e3\nd: .inf\ne: true\nf: ~\ng: "1"\nh: yes\ni:\n  - x\n  - y: 2\n';
    const docs = simple(text);
    assert.ok(docs);
    assert.deepEqual(parseYaml(text), docs);
    const root = docs[0].root;
    assert.equal(root?.type, 'object');
    const values = Object.fromEntries(
      root.type === 'object'
        ? root.properties.map(p => [p.key, p.value && 'value' in p.value ? p.value.value : p.value?.type])
        : [],
    );
    assert.deepEqual(values, { a: 1, b: 31, c: 1500, d: Infinity, e: true, f: null, g: '1', h: 'yes', i: 'array' });
  });

  it('types scalars as the AWS CLI reads them, on both paths, with the problems it has', () => {
    const text = 'a: 2024-06-01\nb: 1_000\nc: 0b101\nd: .5e3\ne: =\nf: "2024-06-01"\n';
    const docs = simple(text);
    assert.ok(docs);
    assert.deepEqual(docs, composeYaml(text));
    const root = docs[0].root;
    const got = root?.type === 'object' ? root.properties.map(p => p.value) : [];
    assert.deepEqual(
      got.map(n => (n && n.type !== 'object' && n.type !== 'array' ? [n.type, n.value, n.cli ?? '-'] : n?.type)),
      [
        ['date', '2024-06-01', 'date'],
        ['number', 1000, 'integer'],
        ['number', 5, 'binary integer'],
        ['string', '.5e3', 'string'],
        ['string', '=', '-'],
        ['string', '2024-06-01', '-'],
      ],
    );
    assert.deepEqual(
      docs[0].issues.map(i => [i.code, i.start]),
      [['cli-yaml-unreadable', text.indexOf('=')]],
    );
  });
});
