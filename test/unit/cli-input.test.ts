/**
 * Request files read as the AWS CLI reads them (`--cli-input-yaml` / `--cli-input-json`): YAML scalars typed as its
 * loader types them, held to the loader's own answers (`test/reference/cli-yaml-loader.json`, written by ruamel.yaml
 * itself); tabs, streams, a JSON byte-order mark, duplicate keys, `NaN`; the quick fixes, on the text after the edit.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { main } from '../../server/src/cli';
import { parseFile } from '../../server/src/service/parse';
import { isObject, isScalar, type Node, type ScalarNode } from '../../server/src/service/parse/ast';
import { composeYaml, parseYaml } from '../../server/src/service/parse/yaml';
import { quoteScalar } from '../../server/src/service/features/edits';
import { analyze, applyEdits, ROOT, service } from './helpers';

interface LoaderCases {
  loader: string;
  scalars: [text: string, read: string, value?: unknown][];
  files: [text: string, outcome: 'loads' | 'fails'][];
}

const LOADER = JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'cli-yaml-loader.json'), 'utf8')) as LoaderCases;

/** The value of `a` and whether the file has problems the AWS CLI stops at (errors, or a second document). */
function readA(text: string): { node: Node | undefined; refused: string[] } {
  const parsed = parseFile('x.yaml', text, 'yaml');
  const refused = parsed.documents
    .flatMap(d => d.issues)
    .filter(i => i.severity === 'error' || i.code === 'cli-yaml-stream')
    .map(i => `${i.code}: ${i.message}`);
  const root = parsed.documents[0]?.root;
  const node = isObject(root) ? root.properties.find(p => p.key === 'a')?.value : undefined;
  return { node, refused };
}

const TYPES: Record<string, ScalarNode['type']> = {
  str: 'string',
  int: 'number',
  float: 'number',
  bool: 'boolean',
  null: 'null',
  date: 'date',
  datetime: 'date',
  bytes: 'bytes',
};

function sameNumber(ours: unknown, theirs: unknown): boolean {
  if (typeof theirs === 'string') return String(ours) === { nan: 'NaN', inf: 'Infinity', '-inf': '-Infinity' }[theirs];
  return typeof ours === 'number' && typeof theirs === 'number' && Math.abs(ours - theirs) <= 1e-9 * Math.abs(theirs);
}

const diagnostics = (name: string, text: string) =>
  service
    .validate(analyze(name, text))
    .map(d => `${d.document} ${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`);

function fix(name: string, text: string, title: string): string {
  const file = analyze(name, text);
  const all = service.codeActions(file, { start: { line: 0, character: 0 }, end: file.lines.positionAt(text.length) });
  const a = all.find(x => x.title === title);
  assert.ok(a, `no action "${title}" in: ${all.map(x => x.title).join(' | ')}`);
  return applyEdits(file, a.edits);
}

const QUOTE = 'Quote the value (the AWS CLI then reads it as a string)';
const USER = 'TrustProviderType: user\nUserTrustProviderType: iam-identity-center\nPolicyReferenceName: idc\n';

describe('AWS CLI fidelity: YAML scalars as its loader reads them', () => {
  it(`every scalar of the reference reads as ${LOADER.loader} reads it, on both YAML paths`, () => {
    assert.ok(LOADER.scalars.length > 1500);
    const wrong: string[] = [];
    for (const [text, read, value] of LOADER.scalars) {
      const { node, refused } = readA(text);
      let ok: boolean;
      if (read === 'fails') ok = refused.length > 0;
      else if (refused.length > 0 || !isScalar(node) || node.type !== TYPES[read]) ok = false;
      else if (read === 'int' || read === 'float') ok = sameNumber(node.value, value);
      else if (read === 'str' || read === 'bool') ok = node.value === value;
      else if (read === 'date' || read === 'datetime') ok = node.cli === read;
      else ok = true;
      if (!ok)
        wrong.push(
          `${JSON.stringify(text)}: loader ${read} ${JSON.stringify(value)}, ours ${JSON.stringify(node)} ${refused.join('; ')}`,
        );
      if (!isDeepStrictEqual(parseYaml(text), composeYaml(text)))
        wrong.push(`${JSON.stringify(text)}: the two paths differ`);
    }
    assert.deepEqual(wrong, []);
  });

  it('whole files: loaded or refused as the loader does (streams, tabs, duplicates, merges, aliases, BOM, CRLF)', () => {
    const wrong: string[] = [];
    for (const [text, outcome] of LOADER.files) {
      const { refused } = readA(text);
      if (refused.length > 0 !== (outcome === 'fails'))
        wrong.push(`${JSON.stringify(text)}: loader ${outcome}, ours ${refused.join('; ') || 'nothing'}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('marks only what the YAML library reads differently, with the kind the CLI reads', () => {
    const cli = (s: string) => {
      const { node } = readA(`a: ${s}\n`);
      return isScalar(node) ? [node.type, node.cli ?? '-'] : undefined;
    };
    assert.deepEqual(cli('2024-06-01'), ['date', 'date']);
    assert.deepEqual(cli('2024-06-01T10:00:00Z'), ['date', 'datetime']);
    assert.deepEqual(cli('1_000'), ['number', 'integer']);
    assert.deepEqual(cli('0b101'), ['number', 'binary integer']);
    assert.deepEqual(cli('1_0.5'), ['number', 'float']);
    assert.deepEqual(cli('!!binary aGk='), ['bytes', 'bytes']);
    assert.deepEqual(cli('.5e3'), ['string', 'string']); // YAML 1.2 core: 500
    assert.deepEqual(cli('!!bool yes'), ['boolean', 'boolean']);
    // The same in both readings: no mark.
    assert.deepEqual(cli('0x1F'), ['number', '-']);
    assert.deepEqual(cli('yes'), ['string', '-']);
    assert.deepEqual(cli('"2024-06-01"'), ['string', '-']);
    assert.deepEqual(cli('2024-6-1'), ['string', '-']);
  });
});

describe('AWS CLI fidelity: checks and quick fixes', () => {
  it('a string member given a date, an integer or bytes: an error at the member, fixed by quoting', () => {
    const text = `${USER}Description: 2024-06-01\nClientToken: 20240601_01\n`;
    const file = analyze('x.trust-provider.yaml', text);
    const found = service.validate(file).map(d => [d.code, d.path, d.message]);
    assert.deepEqual(found, [
      [
        'cli-yaml-type',
        'Description',
        "'Description' must be a string, but the AWS CLI reads 2024-06-01 as a date, not a string. Quote it to send it as a string.",
      ],
      [
        'cli-yaml-type',
        'ClientToken',
        "'ClientToken' must be a string, but the AWS CLI reads 20240601_01 as an integer, not a string. Quote it to send it as a string.",
      ],
    ]);
    let fixed = fix('x.trust-provider.yaml', text, QUOTE);
    assert.equal(fixed, `${USER}Description: "2024-06-01"\nClientToken: 20240601_01\n`);
    fixed = fix('x.trust-provider.yaml', fixed, QUOTE);
    assert.equal(fixed, `${USER}Description: "2024-06-01"\nClientToken: "20240601_01"\n`);
    assert.deepEqual(diagnostics('x.trust-provider.yaml', fixed), []);
    assert.deepEqual(service.requestInput(analyze('x.trust-provider.yaml', fixed))?.ClientToken, '20240601_01');
  });

  it('quoting keeps the value: a date and time over two lines, CRLF line ends, a list item', () => {
    const folded = `${USER}Description: 2024-01-01\n  10:00:00\n`;
    assert.deepEqual(diagnostics('x.trust-provider.yaml', folded), ['0 3:13 error cli-yaml-type']);
    const fixed = fix('x.trust-provider.yaml', folded, QUOTE);
    assert.equal(fixed, `${USER}Description: "2024-01-01\n  10:00:00"\n`);
    assert.equal(service.requestInput(analyze('x.trust-provider.yaml', fixed))?.Description, '2024-01-01 10:00:00');

    const crlf = `${USER}Description: 2024-06-01\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r');
    assert.deepEqual(diagnostics('x.trust-provider.yaml', crlf), ['0 3:13 error cli-yaml-type']);
    assert.equal(fix('x.trust-provider.yaml', crlf, QUOTE), crlf.replace('2024-06-01', '"2024-06-01"'));

    const list =
      'policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: MyApp::User\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5\n    clientIds:\n      - 1_234\n';
    const d = service.validate(analyze('x.identity-source.yaml', list));
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [['cli-yaml-type', 'configuration.cognitoUserPoolConfiguration.clientIds[0]']],
    );
    assert.equal(fix('x.identity-source.yaml', list, QUOTE), list.replace('- 1_234', '- "1_234"'));
  });

  it('quotes with single quotes when double ones would change the text, and never carries the value', () => {
    const file = analyze('x.trust-provider.yaml', `${USER}Description: C:\\dir "x"\n`);
    const root = file.parsed.documents[0].root;
    const node = isObject(root) ? root.properties.find(p => p.key === 'Description')!.value! : undefined;
    assert.ok(node);
    const edits = quoteScalar(file, node);
    assert.deepEqual(
      edits.map(e => e.newText),
      ["'", "'"],
    );
    const text = `${file.text.slice(0, node.start)}'${file.text.slice(node.start, node.end)}'${file.text.slice(node.end)}`;
    assert.equal(service.requestInput(analyze('x.trust-provider.yaml', text))?.Description, 'C:\\dir "x"');
    const both = analyze('x.trust-provider.yaml', `${USER}Description: it's "x"\n`);
    const r = both.parsed.documents[0].root;
    assert.deepEqual(quoteScalar(both, isObject(r) ? r.properties[3].value! : node), []);
  });

  it('no quote fix where quoting would not help: tagged values, quoted values under `!`', () => {
    for (const value of ['!!timestamp 2024-01-01', '!!binary aGk=', '! "2024-06-01"']) {
      const file = analyze('x.trust-provider.yaml', `${USER}Description: ${value}\n`);
      assert.deepEqual(
        service.validate(file).map(d => d.code),
        ['cli-yaml-type'],
        value,
      );
      const titles = service
        .codeActions(file, { start: { line: 3, character: 0 }, end: { line: 3, character: 40 } })
        .map(a => a.title);
      assert.ok(!titles.includes(QUOTE), value);
    }
  });

  it('values the loader cannot build reject the file, wherever they are; plain ones are fixed by quoting', () => {
    const text = `${USER}ClientToken: =\nUnknownMember: 2024-02-30\n`;
    assert.deepEqual(diagnostics('x.trust-provider.yaml', text), [
      '0 3:13 error cli-yaml-unreadable',
      '0 4:0 error unknown-member',
      '0 4:15 error cli-yaml-unreadable',
    ]);
    assert.equal(fix('x.trust-provider.yaml', `${USER}ClientToken: =\n`, QUOTE), `${USER}ClientToken: "="\n`);
  });

  it('other members see what the CLI sends: a date is no string for the enum, pattern and tag rules', () => {
    const text =
      'TrustProviderType: device\nDeviceTrustProviderType: crowdstrike\nPolicyReferenceName: x\nDeviceOptions:\n  TenantId: 2024-06-01\n';
    assert.deepEqual(diagnostics('x.trust-provider.yaml', text), ['0 4:12 error cli-yaml-type']);
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `${USER}DryRun: 0b1\n`), ['0 3:8 error wrong-type']);
    assert.match(
      service.validate(analyze('x.trust-provider.yaml', `${USER}DryRun: 0b1\n`))[0].message,
      /not 0b1, which the AWS CLI reads as a binary integer/,
    );
  });

  it('a secret given as a number is reported without its value', () => {
    const text =
      'TrustProviderType: user\nUserTrustProviderType: oidc\nPolicyReferenceName: idp\nOidcOptions:\n  Issuer: https://example.com\n  AuthorizationEndpoint: https://example.com/a\n  TokenEndpoint: https://example.com/t\n  UserInfoEndpoint: https://example.com/u\n  ClientId: app\n  ClientSecret: 9876_5432\n  Scope: openid\n';
    const messages = service.validate(analyze('x.trust-provider.yaml', text)).map(d => d.message);
    assert.equal(messages.length, 1);
    assert.doesNotMatch(messages[0], /9876/);
    assert.equal(fix('x.trust-provider.yaml', text, QUOTE), text.replace('9876_5432', '"9876_5432"'));
  });
});

describe('AWS CLI fidelity: tabs, streams, JSON', () => {
  it('tabs outside quotes, block scalars and comments: one error per line, none where the parser already objects', () => {
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `${USER}Description: a\tb\t c\nClientToken:\tx\n`), [
      '0 3:14 error cli-yaml-unreadable',
      '0 4:12 error cli-yaml-unreadable',
    ]);
    assert.deepEqual(
      diagnostics('x.trust-provider.yaml', `${USER}Description: "a\tb" # c\td\nClientToken: |\n  x\ty\n`),
      [],
    );
    const indented = diagnostics('x.trust-provider.yaml', `${USER}TagSpecifications:\n\t- ResourceType: x\n`);
    assert.equal(indented.filter(d => d.startsWith('0 4:0 ')).length, 1, indented.join('\n'));
  });

  it('a stream: each document checked, one warning where the second starts, even when it is empty', () => {
    const second = 'VerifiedAccessTrustProviderId: vatp-0123456789abcdef0\nDescription: 2024-06-01\n';
    const text = `${USER}---\n${second}---\n${second}`;
    assert.deepEqual(diagnostics('x.trust-provider.yaml', text), [
      '1 3:0 warning cli-yaml-stream',
      '1 5:13 error cli-yaml-type',
      '2 8:13 error cli-yaml-type',
    ]);
    const file = analyze('x.trust-provider.yaml', text);
    assert.deepEqual(service.requestInput(file, 2)?.VerifiedAccessTrustProviderId, 'vatp-0123456789abcdef0');
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `${USER}---\n`), ['1 3:0 warning cli-yaml-stream']);
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `---\n${USER}...\n`), []);
    // Nothing but empty documents: the file holds no request, and that is what is said.
    assert.deepEqual(diagnostics('x.trust-provider.yaml', '---\n---\n'), ['0 0:0 error empty-document']);
  });

  it('YAML flow collections may end with a comma, and CRLF line ends are fine', () => {
    const text = `${USER}TagSpecifications:\n  - ResourceType: verified-access-trust-provider\n    Tags: [{Key: a, Value: b},]\n`;
    assert.deepEqual(diagnostics('x.trust-provider.yaml', text), []);
    assert.deepEqual(diagnostics('x.trust-provider.yaml', text.replace(/\n/g, '\r\n')), []);
    const json =
      '{\r\n  "TrustProviderType": "user",\r\n  "UserTrustProviderType": "iam-identity-center",\r\n  "PolicyReferenceName": "idc"\r\n}\r\n';
    assert.deepEqual(diagnostics('x.trust-provider.json', json), []);
  });

  it('a JSON byte-order mark: an error the AWS CLI would give, the rest still checked, fixed by removing it', () => {
    const json =
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": 1}';
    const d = service.validate(analyze('x.trust-provider.json', `\ufeff${json}`));
    assert.deepEqual(
      d.map(x => [x.code, x.severity, x.range.start.character, x.range.end.character]),
      [
        ['cli-json-bom', 'error', 0, 1],
        ['wrong-type', 'error', 102, 103],
      ],
    );
    assert.match(d[0].message, /Invalid JSON received/);
    const fixed = fix('x.trust-provider.json', `\ufeff${json}`, 'Remove the byte-order mark');
    assert.equal(fixed, json);
    assert.deepEqual(diagnostics('x.trust-provider.json', fixed), ['0 0:101 error wrong-type']);
    // YAML: fine for the CLI, and for us.
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `\ufeff${USER}`), []);
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `\ufeff# verified-identity: trust-provider\n${USER}`), []);
  });

  it('JSON duplicates: the last value is the one sent and checked; the ignored ones are warnings, removable', () => {
    const text =
      '{"TrustProviderType": "device", "TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc"}';
    const d = service.validate(analyze('x.trust-provider.json', text));
    assert.deepEqual(
      d.map(x => [x.code, x.severity, x.range.start.character]),
      [['duplicate-key', 'warning', 1]],
    );
    assert.equal(service.requestInput(analyze('x.trust-provider.json', text))?.TrustProviderType, 'user');
    const fixed = fix('x.trust-provider.json', text, "Remove 'TrustProviderType'");
    assert.equal(fixed, text.replace('"TrustProviderType": "device", ', ''));
    // YAML: the loader refuses the file.
    assert.deepEqual(diagnostics('x.trust-provider.yaml', `${USER}PolicyReferenceName: idc2\n`), [
      '0 3:0 error duplicate-key',
    ]);
  });

  it('JSON NaN and Infinity: numbers, as Python reads them, so the member reports the type error botocore gives', () => {
    const text =
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": NaN, "Description": "NaN", "TagSpecifications": [-Infinity]}';
    const d = service.validate(analyze('x.trust-provider.json', text));
    assert.deepEqual(
      d.map(x => [x.code, x.path, x.message]),
      [
        ['wrong-type', 'PolicyReferenceName', "'PolicyReferenceName' must be a string, not the number NaN."],
        ['wrong-type', 'TagSpecifications[0]', "'TagSpecifications[0]' must be an object, not the number -Infinity."],
      ],
    );
    // Not JSON for Python either: a syntax error as before.
    assert.deepEqual(
      diagnostics('x.trust-provider.json', text.replace(': NaN', ': -NaN')).filter(x => x.endsWith('syntax')).length >
        0,
      true,
    );
  });
});

describe('AWS CLI fidelity: the CLI validator gives the same verdict as the editor', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-cli-input-'));
    const json =
      '{"TrustProviderType": "user", "UserTrustProviderType": "iam-identity-center", "PolicyReferenceName": "idc"}\n';
    writeFileSync(join(dir, 'bom.trust-provider.json'), `\ufeff${json}`);
    writeFileSync(join(dir, 'bom.trust-provider.yaml'), `\ufeff${USER}`);
    writeFileSync(join(dir, 'date.trust-provider.yaml'), `${USER}Description: 2024-06-01\n`);
    writeFileSync(join(dir, 'stream.trust-provider.yaml'), `${USER}---\n${USER}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function validate(file: string): Promise<{ code: number; found: string[] }> {
    let out = '';
    const code = await main(['validate', '--format', 'json', file], { out: t => (out += t), err: () => {}, cwd: dir });
    const report = JSON.parse(out) as {
      files: {
        diagnostics: {
          document: number;
          code: string;
          severity: string;
          range: { start: { line: number; character: number } };
        }[];
      }[];
    };
    const found = report.files[0].diagnostics.map(
      d => `${d.document} ${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`,
    );
    return { code, found };
  }

  it('a JSON file with a byte-order mark fails, as it does in the AWS CLI; a YAML one passes', async () => {
    assert.deepEqual(await validate('bom.trust-provider.json'), { code: 1, found: ['0 0:0 error cli-json-bom'] });
    assert.deepEqual(await validate('bom.trust-provider.yaml'), { code: 0, found: [] });
  });

  it('a YAML date where a string belongs fails; a stream passes with its warning', async () => {
    assert.deepEqual(await validate('date.trust-provider.yaml'), {
      code: 1,
      found: ['0 3:13 error cli-yaml-type'],
    });
    assert.deepEqual(await validate('stream.trust-provider.yaml'), {
      code: 0,
      found: ['1 3:0 warning cli-yaml-stream'],
    });
  });
});
