/**
 * The file fence of the Cedar checks, as attacks: a schema file beside a checked file (or named by a setting) that
 * leads out of the checked folder, and schema files whose content would be quoted by the parser's messages. The
 * secret must appear in no diagnostic and no CLI output.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService, type CedarSchemaSource } from '../../server/src/service';
import { loadCedar } from '../../server/src/host/cedar-engine';
import { localSchema } from '../../server/src/host/schema-source';
import { main } from '../../server/src/cli';

const SECRET = 'SECRET_TOKEN_42';
const IDENTITY_SOURCE =
  'policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: MyCorp::User\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\n';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: t => (out += `${t}\n`), err: t => (out += `${t}\n`), cwd });
  return { code, out };
}

describe('file fence: Cedar schema files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-fence-files-'));
    writeFileSync(join(dir, 'secret.env'), `${SECRET}=hunter2\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
    // ws/linked: the schema beside the file is a link to the secret.
    mkdirSync(join(dir, 'ws', 'linked'), { recursive: true });
    symlinkSync(join(dir, 'secret.env'), join(dir, 'ws', 'linked', 'evil.cedarschema'));
    writeFileSync(join(dir, 'ws', 'linked', 'x.identity-source.yaml'), IDENTITY_SOURCE);
    // ws/good: a real schema, and ws/inlink: a link to it (inside the tree).
    mkdirSync(join(dir, 'ws', 'good'));
    writeFileSync(join(dir, 'ws', 'good', 's.cedarschema'), 'namespace MyCorp { entity Person; }\n');
    writeFileSync(join(dir, 'ws', 'good', 'x.identity-source.yaml'), IDENTITY_SOURCE);
    mkdirSync(join(dir, 'ws', 'inlink'));
    symlinkSync(join(dir, 'ws', 'good', 's.cedarschema'), join(dir, 'ws', 'inlink', 'l.cedarschema'));
    writeFileSync(join(dir, 'ws', 'inlink', 'x.identity-source.yaml'), IDENTITY_SOURCE);
    // ws/broken: a schema inside the tree whose parse errors would quote it.
    mkdirSync(join(dir, 'ws', 'broken'));
    writeFileSync(join(dir, 'ws', 'broken', 'b.cedarschema'), `namespace MyCorp {\n  entity User in [${SECRET}];\n}\n`);
    writeFileSync(join(dir, 'ws', 'broken', 'x.identity-source.yaml'), IDENTITY_SOURCE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'sarif']) {
    it(`CLI (${format}): a schema beside the file that links outside the folder is not read`, async () => {
      for (const target of ['ws', 'ws/linked', 'ws/linked/x.identity-source.yaml']) {
        const { out } = await cli(['validate', '--format', format, target], dir);
        assert.ok(!out.includes(SECRET), `${target}: ${out}`);
        assert.match(out, /evil\.cedarschema/, target);
        assert.match(out, /outside the folder being checked/, target);
      }
    });
  }

  it('CLI: a schema linked from inside the checked tree is used', async () => {
    const { out } = await cli(['validate', '--format', 'json', 'ws'], dir);
    const files = (JSON.parse(out) as { files: { file: string; diagnostics: { code: string; message: string }[] }[] })
      .files;
    const inlink = files.find(f => f.file === 'ws/inlink/x.identity-source.yaml')!;
    assert.match(inlink.diagnostics.find(d => d.code === 'cedar-unknown-entity-type')!.message, /l\.cedarschema/);
    const good = files.find(f => f.file === 'ws/good/x.identity-source.yaml')!;
    assert.match(good.diagnostics.find(d => d.code === 'cedar-unknown-entity-type')!.message, /s\.cedarschema/);
  });

  it('CLI: parse errors name the schema file, a line and a column, never its content', async () => {
    for (const args of [
      ['validate', 'ws/broken'],
      ['validate', '--cedar-schema', 'secret.env', 'ws/good'],
      ['validate', '--format', 'sarif', '--cedar-schema', 'secret.env', 'ws/good'],
    ]) {
      const { out } = await cli(args, dir);
      assert.ok(!out.includes(SECRET), `${args.join(' ')}: ${out}`);
      assert.match(out, /does not parse \(line \d+, column \d+: /, args.join(' '));
    }
  });

  it('a setting that leaves the folder (relative or absolute) is refused without reading', async () => {
    const file = join(dir, 'ws', 'good', 'x.identity-source.yaml');
    for (const setting of ['../secret.env', '../../secret.env', join(dir, 'secret.env'), 'good/../../secret.env']) {
      const source = await localSchema(file, setting, join(dir, 'ws'));
      assert.equal(source?.text, '', setting);
      assert.match(source?.unreadable ?? '', /outside the workspace folder/, setting);
    }
    // Inside: relative to the folder, or absolute.
    assert.match((await localSchema(file, 'good/s.cedarschema', join(dir, 'ws')))?.text ?? '', /entity Person/);
    assert.match(
      (await localSchema(file, join(dir, 'ws', 'good', 's.cedarschema'), join(dir, 'ws')))?.text ?? '',
      /entity Person/,
    );
  });

  it('a schema beside the file that links outside is refused, whatever it links to', async () => {
    const beside = await localSchema(join(dir, 'ws', 'linked', 'x.identity-source.yaml'), '', join(dir, 'ws'));
    assert.equal(beside?.text, '');
    assert.match(beside?.unreadable ?? '', /outside the workspace folder/);
    // No workspace folder: the file's own folder is the fence.
    const alone = await localSchema(join(dir, 'ws', 'linked', 'x.identity-source.yaml'), '');
    assert.equal(alone?.text, '');
  });
});

describe('file fence: Cedar parse errors never quote the schema', () => {
  const service = (source: CedarSchemaSource) =>
    createLanguageService({ cedar: loadCedar, cedarSchema: () => Promise.resolve(source) });
  const check = async (text: string, format: 'cedar' | 'json') => {
    const s = service({ text, format, origin: `s.cedarschema${format === 'json' ? '.json' : ''}` });
    return s.validateSemantic(s.analyze({ uri: 'file:///w/x.identity-source.yaml', text: IDENTITY_SOURCE })!);
  };

  const cases: [string, string, 'cedar' | 'json', RegExp][] = [
    ['an undeclared type', `namespace A {\n  entity User in [${SECRET}];\n}\n`, 'cedar', /line 2, column 19: /],
    ['a syntax error', `${SECRET}=hunter2\n`, 'cedar', /line 1, column 1: /],
    ['a name declared twice', `entity ${SECRET};\nentity ${SECRET};\n`, 'cedar', /line 1, column 8: /],
    ['multi-byte text before the error', `// é€😀\nentity U in [${SECRET}];\n`, 'cedar', /line 2, column 14: /],
    ['JSON that does not parse', `{"A": ${SECRET}}`, 'json', /line 1, column 7: /],
    [
      'JSON with an undeclared type',
      JSON.stringify({ A: { entityTypes: { U: { memberOfTypes: [SECRET] } }, actions: {} } }),
      'json',
      /\(uses a type it does not declare\)/, // cedar-wasm gives no position in JSON text
    ],
    ['JSON of the wrong shape', JSON.stringify({ [SECRET]: 1 }), 'json', /\(not a valid Cedar schema in JSON form\)/],
  ];
  for (const [label, text, format, position] of cases) {
    it(label, async () => {
      const d = await check(text, format);
      assert.deepEqual(
        d.map(x => x.code),
        ['cedar-schema-invalid'],
      );
      assert.ok(!d[0].message.includes(SECRET), d[0].message);
      assert.match(d[0].message, position);
    });
  }
});
