/**
 * Semantic checks inside CloudFormation templates: the Cedar cross-check against a policy store with a literal schema
 * in the same template (both schema formats, both ways of naming the store), a schema that does not parse (reported at
 * the schema, never quoted), the fallback to the host's schema, and OIDC discovery on literal issuers with a real
 * OpenID provider on loopback.
 */
import * as assert from 'node:assert/strict';
import { clearDiscoveryCache, createLanguageService, type CedarSchemaSource } from '../../server/src/service';
import { loadCedar } from '../../server/src/host/cedar-engine';
import { fetchJson } from '../../server/src/host/fetch-json';
import { readFixture } from './helpers';
import { TEST_CERT, startOpenIdProvider, type TestServer } from './oidc-server';

const CEDAR_JSON = JSON.stringify({
  App: {
    entityTypes: {
      User: { memberOfTypes: ['Group'], shape: { type: 'Record', attributes: {} } },
      Group: { shape: { type: 'Record', attributes: {} } },
    },
    actions: {},
  },
});
const CEDAR_FORMAT = 'namespace App { entity Group; entity User in [Group]; }';

const schemaLines = (format: 'json' | 'cedar', text: string) =>
  format === 'json' ? `        CedarJson: '${text}'\n` : `        CedarFormat: '${text}'\n`;

const template = (schema: string, storeId: string, principal: string, group: string) => `Resources:
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings: {Mode: STRICT}
      Schema:
${schema}  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: ${storeId}
      PrincipalEntityType: ${principal}
      Configuration:
        CognitoUserPoolConfiguration:
          UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcdefghi
          GroupConfiguration:
            GroupEntityType: ${group}
`;

function serviceWith(fallback?: CedarSchemaSource) {
  const asked: (string | undefined)[] = [];
  const service = createLanguageService({
    cedar: loadCedar,
    cedarSchema: (_uri, policyStoreId) => {
      asked.push(policyStoreId);
      return Promise.resolve(fallback);
    },
  });
  const semantic = (text: string) =>
    service.validateSemantic(service.analyze({ uri: 'file:///w/stack.template.yaml', text })!);
  return { semantic, asked };
}

describe('cloudformation templates: Cedar cross-check against a policy store in the template', () => {
  for (const [format, text] of [
    ['json', CEDAR_JSON],
    ['cedar', CEDAR_FORMAT],
  ] as const) {
    for (const ref of ['!Ref Store', '!GetAtt Store.PolicyStoreId', '{"Fn::GetAtt": [Store, PolicyStoreId]}']) {
      it(`${format} schema, PolicyStoreId ${ref}: known types are clean, unknown ones reported`, async () => {
        const { semantic, asked } = serviceWith();
        assert.deepEqual(await semantic(template(schemaLines(format, text), ref, 'App::User', 'App::Group')), []);
        const d = await semantic(template(schemaLines(format, text), ref, 'App::Usr', 'App::Group'));
        assert.deepEqual(
          d.map(x => [x.code, x.path, x.source]),
          [
            [
              'cedar-unknown-entity-type',
              'Resources.Source.Properties.PrincipalEntityType',
              'policy store Store in this template',
            ],
          ],
        );
        assert.match(
          d[0].message,
          /"App::Usr" is not an entity type of the Cedar schema \(checked against policy store Store in this template\)\. Did you mean 'App::User'\?/,
        );
        assert.deepEqual(asked, [], 'the schema in the template is used, the host is not asked');
      });
    }
  }

  it('a group type that is not a parent of the principal, with the group path in property names', async () => {
    const { semantic } = serviceWith();
    const d = await semantic(template(schemaLines('cedar', CEDAR_FORMAT), '!Ref Store', 'App::Group', 'App::User'));
    assert.ok(d.length > 0);
    assert.ok(
      d.every(x => x.path.startsWith('Resources.Source.Properties.')),
      JSON.stringify(d.map(x => x.path)),
    );
    assert.ok(d.some(x => x.path.endsWith('GroupConfiguration.GroupEntityType')));
  });

  it('a schema that does not parse: reported at the schema property, never quoted; sources not checked', async () => {
    const { semantic } = serviceWith();
    const secret = 'NOT_FOR_LOGS_7f3a';
    for (const schema of [
      schemaLines('cedar', `namespace App { entity User; ${secret} }`),
      schemaLines('json', `{"App": {"entityTypes": {"${secret}": 1}}}`),
      schemaLines('json', `${secret} is not json`),
    ]) {
      const text = template(schema, '!Ref Store', 'App::Anything', 'App::Group');
      const d = await semantic(text);
      assert.deepEqual(
        d.map(x => [x.code, x.path.replace(/Cedar(Json|Format)$/, 'X')]),
        [['cfn-cedar-schema-invalid', 'Resources.Store.Properties.Schema.X']],
      );
      assert.ok(!d[0].message.includes(secret), d[0].message);
      assert.equal(d[0].range.start.line, 6);
    }
  });

  it('a policy store whose schema does not parse is reported even when no identity source names it', async () => {
    const { semantic } = serviceWith();
    const text = `Resources:\n  Lonely:\n    Type: AWS::VerifiedPermissions::PolicyStore\n    Properties:\n      ValidationSettings: {Mode: STRICT}\n      Schema:\n        CedarFormat: 'entity User in ['\n`;
    const d = await semantic(text);
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [['cfn-cedar-schema-invalid', 'Resources.Lonely.Properties.Schema.CedarFormat']],
    );
  });

  it('a literal policy store ID: the host decides the schema (setting, file beside, deployed)', async () => {
    const fallback: CedarSchemaSource = { text: CEDAR_FORMAT, format: 'cedar', origin: 'mycorp.cedarschema' };
    const { semantic, asked } = serviceWith(fallback);
    const d = await semantic(
      template(schemaLines('cedar', CEDAR_FORMAT), 'PSEXAMPLEabcdefg111111', 'App::Usr', 'App::Group'),
    );
    assert.deepEqual(asked, ['PSEXAMPLEabcdefg111111']);
    assert.deepEqual(
      d.map(x => [x.code, x.source]),
      [['cedar-unknown-entity-type', 'mycorp.cedarschema']],
    );
  });

  it('the CDK fixture: Fn::GetAtt of the store, its JSON schema, clean', async () => {
    const { semantic } = serviceWith();
    assert.deepEqual(await semantic(readFixture('cloudformation', 'cdk.out', 'VerifiedStack.template.json')), []);
  });
});

describe('cloudformation templates: OIDC discovery on literal issuers', function () {
  this.timeout(30_000);
  let op: TestServer;
  before(async () => {
    clearDiscoveryCache();
    op = await startOpenIdProvider();
  });
  after(() => op.close());

  const online = () =>
    createLanguageService({
      fetchJson: (url, signal, options) => fetchJson(url, { ...options, signal, allowLoopback: true, ca: TEST_CERT }),
    });
  const source = (issuer: string) => `Parameters:
  Issuer: {Type: String}
Resources:
  Source:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: ps-1
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: ${issuer}
          TokenSelection:
            IdentityTokenOnly: {}
`;

  it('a literal issuer is fetched and checked, with the property path', async () => {
    const service = online();
    const ok = service.analyze({ uri: 'file:///w/a.template.yaml', text: source(op.url) })!;
    assert.deepEqual(await service.validateSemantic(ok), []);
    const slash = service.analyze({ uri: 'file:///w/a.template.yaml', text: source(`${op.url}/`) })!;
    const d = await service.validateSemantic(slash);
    assert.deepEqual(
      d.map(x => [x.code, x.path]),
      [['oidc-issuer-mismatch', 'Resources.Source.Properties.Configuration.OpenIdConnectConfiguration.Issuer']],
    );
  });

  it('an issuer from a parameter is not fetched', async () => {
    const before = op.requests.length;
    const service = online();
    const f = service.analyze({ uri: 'file:///w/a.template.yaml', text: source('!Ref Issuer') })!;
    assert.deepEqual(await service.validateSemantic(f), []);
    assert.equal(op.requests.length, before);
  });
});
