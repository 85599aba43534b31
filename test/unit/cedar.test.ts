/**
 * Cedar checks against real schemas parsed by @cedar-policy/cedar-wasm, in the human and the JSON format, with
 * namespaces: unknown entity types, a group type that is not a parent of the principal type, a broken schema, the
 * quick fix, and completion of entity types.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService, type CedarSchemaSource } from '../../server/src/service';
import { loadCedar } from '../../server/src/host/cedar-engine';
import { localSchema } from '../../server/src/host/schema-source';
import { applyEdits, fixturePath, readFixture } from './helpers';

function serviceWith(source: CedarSchemaSource | undefined) {
  return createLanguageService({ cedar: loadCedar, cedarSchema: () => Promise.resolve(source) });
}

const OIDC = (principal: string, group: string) =>
  `policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: ${principal}\nconfiguration:\n  openIdConnectConfiguration:\n    issuer: https://auth.example.com\n    groupConfiguration:\n      groupClaim: groups\n      groupEntityType: ${group}\n    tokenSelection:\n      identityTokenOnly: {}\n`;

for (const file of ['mycorp.cedarschema', 'mycorp.cedarschema.json']) {
  describe(`Cedar checks against ${file}`, () => {
    const source: CedarSchemaSource = {
      text: readFixture('cedar', file),
      format: file.endsWith('.json') ? 'json' : 'cedar',
      origin: file,
    };
    const service = serviceWith(source);
    const semantic = async (text: string) =>
      service.validateSemantic(service.analyze({ uri: 'file:///w/x.identity-source.yaml', text })!);

    it('known types whose group is a parent of the principal: clean', async () => {
      assert.deepEqual(await semantic(OIDC('MyCorp::User', 'MyCorp::Group')), []);
    });

    it('an unknown principal type, with "did you mean" and the schema named', async () => {
      const d = await semantic(OIDC('MyCorp::Usr', 'MyCorp::Group'));
      assert.deepEqual(
        d.map(x => [x.code, x.severity, x.path, x.range.start.line, x.range.start.character, x.range.end.character]),
        [['cedar-unknown-entity-type', 'error', 'principalEntityType', 1, 21, 32]],
      );
      assert.match(
        d[0].message,
        /"MyCorp::Usr" is not an entity type of the Cedar schema \(checked against mycorp\.cedarschema(\.json)?\)\. Did you mean 'MyCorp::User'\?/,
      );
      assert.equal(d[0].source, file);
    });

    it('an unknown group type (a missing namespace is a different type)', async () => {
      const d = await semantic(OIDC('MyCorp::User', 'Group'));
      assert.deepEqual(
        d.map(x => [x.code, x.path]),
        [['cedar-unknown-entity-type', 'configuration.openIdConnectConfiguration.groupConfiguration.groupEntityType']],
      );
    });

    it('a group type that is not a parent of the principal type', async () => {
      const d = await semantic(OIDC('MyCorp::User', 'MyCorp::Team'));
      assert.deepEqual(
        d.map(x => [x.code, x.severity]),
        [['cedar-group-not-parent', 'error']],
      );
      assert.match(
        d[0].message,
        /"MyCorp::Team" is not a parent type of "MyCorp::User".*memberOfTypes.*entity User in \[Team\]/,
      );
    });

    it('Cognito group types and update files are checked too', async () => {
      const text = `policyStoreId: PS1\nidentitySourceId: IS1\nprincipalEntityType: MyCorp::User\nupdateConfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\n    groupConfiguration:\n      groupEntityType: MyCorp::Groups\n`;
      assert.deepEqual(
        (await semantic(text)).map(x => x.code),
        ['cedar-unknown-entity-type'],
      );
    });

    it('the quick fix takes the suggestion', async () => {
      const text = OIDC('MyCorp::Usr', 'MyCorp::Group');
      const f = service.analyze({ uri: 'file:///w/x.identity-source.yaml', text })!;
      const diags = await service.validateSemantic(f);
      const actions = service.codeActions(f, diags[0].range, diags);
      const fix = actions.find(a => a.title === "Change to 'MyCorp::User'");
      assert.ok(fix);
      assert.equal(applyEdits(f, fix.edits), OIDC('MyCorp::User', 'MyCorp::Group'));
    });

    it('completion offers the schema’s entity types, parents of the principal first for groups', async () => {
      const text = OIDC('MyCorp::User', 'x').replace('groupEntityType: x', 'groupEntityType: ');
      const f = service.analyze({ uri: 'file:///w/x.identity-source.yaml', text })!;
      const items = await service.completeLive(f, { line: 7, character: 23 });
      assert.deepEqual(
        items.map(i => i.label),
        ['MyCorp::Group', 'MyCorp::Document', 'MyCorp::Team', 'MyCorp::User'],
      );
      assert.match(items[0].detail!, new RegExp(`entity type · ${file.replace(/\./g, '\\.')}`));
      const p = service.analyze({
        uri: 'file:///w/x.identity-source.json',
        text: '{"policyStoreId": "PS1", "principalEntityType": ""}',
      })!;
      const labels = (await service.completeLive(p, { line: 0, character: 49 })).map(i => i.insertText);
      assert.ok(labels.includes('"MyCorp::User"'));
    });
  });
}

describe('Cedar: schema problems and sources', () => {
  it('a deployed Cedar 2-era schema (appliesTo without resourceTypes, from the official GetSchema example) still gives entity types', async () => {
    const { examples } = JSON.parse(readFixture('..', 'reference', 'examples.json')) as {
      examples: { id: string; output: { schema: string } }[];
    };
    const schema = examples.find(e => e.id === 'awscli-get-schema')!.output.schema;
    const service = serviceWith({
      text: schema,
      format: 'json',
      origin: 'policy store PSEXAMPLEabcdefg111111 (deployed)',
    });
    const ok = await service.validateSemantic(
      service.analyze({
        uri: 'file:///w/x.identity-source.yaml',
        text: 'policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: MySampleNamespace::Employee\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\n',
      })!,
    );
    assert.deepEqual(ok, []);
    const bad = await service.validateSemantic(
      service.analyze({
        uri: 'file:///w/x.identity-source.yaml',
        text: 'policyStoreId: PSEXAMPLEabcdefg111111\nprincipalEntityType: Employee\nconfiguration:\n  cognitoUserPoolConfiguration:\n    userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a\n',
      })!,
    );
    assert.deepEqual(
      bad.map(d => d.code),
      ['cedar-unknown-entity-type'],
    );
    assert.match(
      bad[0].message,
      /Did you mean 'MySampleNamespace::Employee'\? .*checked against policy store PSEXAMPLEabcdefg111111 \(deployed\)|checked against policy store PSEXAMPLEabcdefg111111 \(deployed\).*Did you mean 'MySampleNamespace::Employee'/,
    );
  });

  it('a schema that does not parse yields one warning and no other Cedar diagnostics', async () => {
    const service = serviceWith({
      text: readFixture('cedar', 'broken.cedarschema'),
      format: 'cedar',
      origin: 'broken.cedarschema',
    });
    const d = await service.validateSemantic(
      service.analyze({ uri: 'file:///w/x.identity-source.yaml', text: OIDC('A::B', 'A::C') })!,
    );
    assert.deepEqual(
      d.map(x => [x.code, x.severity, x.path]),
      [['cedar-schema-invalid', 'warning', 'principalEntityType']],
    );
    // A position and a reason, never the schema's text (fence-files.test.ts).
    assert.match(
      d[0].message,
      /broken\.cedarschema does not parse \(line 2, column 19: uses a type it does not declare\)/,
    );
  });

  it('a named schema that is missing, or a schema file over 1 MB, is reported, not silently skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-cedar-'));
    try {
      writeFileSync(join(dir, 'huge.cedarschema'), `// ${'x'.repeat(1024 * 1024)}\n`);
      const file = join(dir, 'x.identity-source.yaml');
      const check = async (setting: string) => {
        const service = createLanguageService({
          cedar: loadCedar,
          cedarSchema: () => localSchema(file, setting, dir),
        });
        return service.validateSemantic(service.analyze({ uri: file, text: OIDC('A::B', 'A::C') })!);
      };
      const missing = await check('schemas/nope.cedarschema');
      assert.deepEqual(
        missing.map(x => [x.code, x.severity]),
        [['cedar-schema-invalid', 'warning']],
      );
      assert.match(missing[0].message, /the Cedar schema nope\.cedarschema cannot be read \(no such file\)/);
      const huge = await check('');
      assert.match(huge[0]?.message ?? '', /huge\.cedarschema cannot be read \(larger than 1 MB\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no schema, no Cedar checks; trust providers are never Cedar-checked', async () => {
    const service = serviceWith(undefined);
    assert.deepEqual(
      await service.validateSemantic(
        service.analyze({ uri: 'file:///w/x.identity-source.yaml', text: OIDC('X::Y', 'X::Z') })!,
      ),
      [],
    );
  });

  it('the schema beside the file is found; the setting wins', async () => {
    const beside = await localSchema(fixturePath('cedar', 'x.identity-source.yaml'), '');
    // Sorted, broken.cedarschema comes first; with three candidates the origin says which was taken and how to choose.
    assert.match(beside?.origin ?? '', /^broken\.cedarschema \(the first of 3 schema files beside this file: name one/);
    const named = await localSchema(
      fixturePath('cedar', 'x.identity-source.yaml'),
      'mycorp.cedarschema.json',
      fixturePath('cedar'),
    );
    assert.equal(named?.format, 'json');
    // A named file that is missing is not "no schema": it comes back as unusable, with the reason.
    assert.equal(
      (await localSchema(fixturePath('cedar', 'x.identity-source.yaml'), 'missing.cedarschema', fixturePath('cedar')))
        ?.unreadable,
      'no such file',
    );
  });
});
