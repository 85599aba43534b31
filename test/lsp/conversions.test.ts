/**
 * `verifiedIdentity/convert` over stdio against the bundled server: Convert to CloudFormation Resource of an open
 * request file (the document at the cursor of a stream), of a file on disk, and of a large file analyzed in the
 * worker (the same answer as the service in-process); Convert to Request File of the template resource at the
 * cursor, by logical ID, with a choice among several, and of a template on disk; malformed requests.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConvertResult } from '../../server/src/protocol';
import { createLanguageService, requestDocumentToResource } from '../../server/src/service';
import { TestClient, fileUri } from './client';
import { CLEAN_TRUST_PROVIDER_YAML, TRUST_PROVIDER_YAML, largeIdentitySource, positionOf } from './fixtures';

type Ok = Extract<ConvertResult, { ok: true }>;
type Failed = Extract<ConvertResult, { ok: false }>;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: STRICT
  Okta:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !Ref Store
      PrincipalEntityType: MyCorp::User
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: https://dev-1.okta.com
          TokenSelection:
            IdentityTokenOnly:
              PrincipalIdClaim: sub
              ClientIds: [app]
  Topic:
    Type: AWS::SNS::Topic
`;

describe('LSP: verifiedIdentity/convert', function () {
  this.timeout(120_000);
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vi-lsp-convert-'));
    // Closed files are read only inside a workspace folder.
    client = await TestClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const convert = <T extends ConvertResult = Ok>(params: Record<string, unknown>) =>
    client.request<T>('verifiedIdentity/convert', params);

  it('a request file → resource: the document at the cursor, its notes, a file name that makes a template', async () => {
    const uri = 'file:///ws/conv/stream.trust-provider.yaml';
    const text = `${TRUST_PROVIDER_YAML}---\n${CLEAN_TRUST_PROVIDER_YAML}`;
    await client.open(uri, text);
    const first = await convert({ uri, to: 'cloudformation', format: 'yaml', position: { line: 0, character: 0 } });
    assert.equal(first.ok, true);
    assert.equal(first.logicalId, 'IdpTrustProvider');
    assert.equal(first.fileName, 'IdpTrustProvider.template.yaml');
    assert.equal(first.type, 'AWS::EC2::VerifiedAccessTrustProvider');
    assert.match(first.text, /^IdpTrustProvider:\n {2}Type: AWS::EC2::VerifiedAccessTrustProvider\n {2}Properties:\n/);
    assert.match(first.text, /\n {4}Tags:\n {6}- Key: aws:team\n/);
    assert.ok(!first.text.includes('DryRun') && !first.text.includes('TagSpecifications'));
    assert.ok(first.notes.some(n => n.startsWith('Left out DryRun.')));
    assert.ok(first.notes.some(n => n.startsWith('OidcOptions.ClientSecret is a secret reference')));

    const second = await convert({
      uri,
      to: 'cloudformation',
      format: 'json',
      wrap: 'template',
      position: positionOf(text, 'DeviceTrustProviderType'),
    });
    const template = JSON.parse(second.text) as { Resources: Record<string, { Properties: object }> };
    assert.deepEqual(template.Resources.JamfTrustProvider.Properties, {
      TrustProviderType: 'device',
      DeviceTrustProviderType: 'jamf',
      PolicyReferenceName: 'jamf',
      DeviceOptions: { TenantId: 'example-jamf-tenant' },
    });
    assert.deepEqual(second.notes, []);
  });

  it('a request file on disk, not open', async () => {
    const path = join(dir, 'jamf.trust-provider.yaml');
    writeFileSync(path, CLEAN_TRUST_PROVIDER_YAML);
    const r = await convert({ uri: fileUri(path), to: 'cloudformation', format: 'yaml' });
    assert.equal(r.ok, true);
    assert.equal(r.logicalId, 'JamfTrustProvider');
  });

  it('a large request file analyzed in the worker answers as the service does in-process', async () => {
    const uri = 'file:///ws/conv/big.identity-source.json';
    const text = largeIdentitySource(400_000);
    await client.open(uri, text);
    const r = await convert({ uri, to: 'cloudformation', format: 'yaml' });
    const file = createLanguageService().analyze({ uri, text })!;
    const own = requestDocumentToResource(file.parsed, i => file.results()[i]?.kind, 0, { format: 'yaml' });
    assert.ok(!('error' in own));
    assert.equal(r.text, own.text);
    assert.deepEqual(r.notes, own.notes);
    assert.ok(r.notes.some(n => n.startsWith('Left out, not members of CreateIdentitySource: Description')));
  });

  it('a template resource → request file: at the cursor, by logical ID, or a choice among several', async () => {
    const uri = 'file:///ws/conv/app.template.yaml';
    await client.open(uri, TEMPLATE);
    const okta = await convert({
      uri,
      to: 'request',
      format: 'yaml',
      position: positionOf(TEMPLATE, 'PrincipalIdClaim'),
    });
    assert.equal(okta.ok, true);
    assert.equal(okta.kind, 'identity-source');
    assert.equal(okta.fileName, 'Okta.identity-source.yaml');
    assert.equal(
      okta.text,
      `policyStoreId: <Ref Store>
principalEntityType: MyCorp::User
configuration:
  openIdConnectConfiguration:
    issuer: https://dev-1.okta.com
    tokenSelection:
      identityTokenOnly:
        principalIdClaim: sub
        clientIds:
          - app
`,
    );
    assert.deepEqual(okta.notes, [
      '1 value comes from intrinsic functions and cannot be literal here: replace the placeholder at policyStoreId (Ref).',
    ]);

    const store = await convert({ uri, to: 'request', format: 'json', logicalId: 'Store' });
    assert.equal(store.ok, true);
    assert.equal(store.kind, undefined);
    assert.deepEqual(JSON.parse(store.text), { validationSettings: { mode: 'STRICT' } });

    const outside = await convert<Failed>({ uri, to: 'request', format: 'yaml', position: { line: 0, character: 0 } });
    assert.equal(outside.ok, false);
    assert.deepEqual(outside.candidates, [
      { logicalId: 'Store', type: 'AWS::VerifiedPermissions::PolicyStore' },
      { logicalId: 'Okta', type: 'AWS::VerifiedPermissions::IdentitySource' },
    ]);

    const update = await convert({
      uri,
      to: 'request',
      format: 'yaml',
      logicalId: 'Okta',
      kind: 'identity-source-update',
      id: 'ISEXAMPLEabcdefg111111',
    });
    assert.equal(update.kind, 'identity-source-update');
    assert.match(
      update.text,
      /^policyStoreId: <Ref Store>\nidentitySourceId: ISEXAMPLEabcdefg111111\nupdateConfiguration:/,
    );
  });

  it('a JSON template on disk', async () => {
    const path = join(dir, 'stack.template.json');
    writeFileSync(
      path,
      JSON.stringify({
        Resources: {
          Provider: {
            Type: 'AWS::EC2::VerifiedAccessTrustProvider',
            Properties: {
              TrustProviderType: 'user',
              UserTrustProviderType: 'iam-identity-center',
              PolicyReferenceName: 'idc',
              Tags: [{ Key: 'Name', Value: { 'Fn::Sub': '${AWS::StackName}-idc' } }],
            },
          },
        },
      }),
    );
    const r = await convert({ uri: fileUri(path), to: 'request', format: 'json' });
    assert.equal(r.ok, true);
    assert.equal(r.fileName, 'Provider.trust-provider.json');
    assert.deepEqual(JSON.parse(r.text), {
      TrustProviderType: 'user',
      UserTrustProviderType: 'iam-identity-center',
      PolicyReferenceName: 'idc',
      TagSpecifications: [
        { ResourceType: 'verified-access-trust-provider', Tags: [{ Key: 'Name', Value: '<Fn::Sub>' }] },
      ],
    });
  });

  it('refusals and malformed requests', async () => {
    const uri = 'file:///ws/conv/notes.yaml';
    await client.open(uri, 'just: text\n');
    const notOurs = await convert<Failed>({ uri, to: 'cloudformation', format: 'yaml' });
    assert.equal(notOurs.ok, false);
    assert.match(notOurs.error, /works on request files/);
    const noResources = await convert<Failed>({ uri, to: 'request', format: 'yaml' });
    assert.equal(noResources.ok, false);
    assert.match(noResources.error, /declares no/);
    const missing = await convert<Failed>({
      uri: fileUri(join(dir, 'gone.template.yaml')),
      to: 'request',
      format: 'yaml',
    });
    assert.equal(missing.ok, false);
    assert.equal(await convert({ uri, to: 'elsewhere', format: 'yaml' }), null);
    assert.equal(await convert({ uri, to: 'request', format: 'xml' }), null);
    assert.equal(await convert({ to: 'request', format: 'yaml' }), null);
    // The server is still answering.
    const again = await convert({
      uri: 'file:///ws/conv/app.template.yaml',
      to: 'request',
      format: 'yaml',
      logicalId: 'Okta',
    });
    assert.equal(again.ok, true);
  });
});
