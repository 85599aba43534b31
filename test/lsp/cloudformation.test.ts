/**
 * The language server on CloudFormation templates: diagnostics published only on the three types' properties (the
 * other resources, and templates without the three types, get nothing), paths in property names, edits re-checked,
 * and no completion, hover or symbols from us in templates yet (the AWS Toolkit and Red Hat YAML run beside us).
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { positionOf } from './fixtures';

const STACK = 'file:///ws/infra/stack.template.yaml';
const TEXT = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Name: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Nowhere
      Bogus: 1
  Store:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      ValidationSettings:
        Mode: LAX
  Provider:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: iam-identity-center
      PolicyReferenceName: !Ref Nam
      Tags:
        - Key: aws:team
          Value: x
`;

const paths = (ds: Diagnostic[]) => ds.map(d => `${String(d.code)} ${(d.data as { path: string }).path}`);

describe('LSP: CloudFormation templates', () => {
  let client: TestClient;
  beforeEach(async () => (client = await TestClient.start()));
  afterEach(async () => client.stop());

  it('publishes diagnostics on the three types only, with property paths', async () => {
    await client.open(STACK, TEXT);
    const { diagnostics } = await client.waitForDiagnostics(STACK);
    assert.deepEqual(paths(diagnostics), [
      'enum Resources.Store.Properties.ValidationSettings.Mode',
      'cfn-unresolved-reference Resources.Provider.Properties.PolicyReferenceName',
      'tag-key-reserved Resources.Provider.Properties.Tags[0].Key',
    ]);
    assert.deepEqual(diagnostics[0].range.start, positionOf(TEXT, 'LAX'));
    assert.match(diagnostics[1].message as string, /Did you mean 'Name'\?/);
    assert.equal(diagnostics[0].source, 'verified-identity');
  });

  it('re-checks after an edit', async () => {
    await client.open(STACK, TEXT);
    await client.waitForDiagnostics(STACK);
    const at = positionOf(TEXT, 'LAX');
    await client.change(STACK, [
      { range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'STRICT' },
    ]);
    const { diagnostics } = await client.waitForDiagnostics(STACK);
    assert.deepEqual(paths(diagnostics), [
      'cfn-unresolved-reference Resources.Provider.Properties.PolicyReferenceName',
      'tag-key-reserved Resources.Provider.Properties.Tags[0].Key',
    ]);
  });

  it('a template without the three types, and one found by content: nothing, or only ours', async () => {
    const other = 'file:///ws/infra/template.yaml';
    await client.open(other, 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [\n');
    const byContent = 'file:///ws/infra/prod.yaml';
    await client.open(byContent, TEXT);
    const { diagnostics } = await client.waitForDiagnostics(byContent);
    assert.equal(diagnostics.length, 3);
    assert.equal(client.lastDiagnostics(other), undefined);
    assert.equal(await client.request('verifiedIdentity/documentInfo', { uri: other }), null);
  });

  it('no completion, hover or symbols from us in a template yet', async () => {
    await client.open(STACK, TEXT);
    await client.waitForDiagnostics(STACK);
    const position = positionOf(TEXT, 'ValidationSettings', 3);
    const completion = await client.request<{ items: unknown[] } | unknown[] | null>('textDocument/completion', {
      textDocument: { uri: STACK },
      position,
    });
    const items = completion === null ? [] : Array.isArray(completion) ? completion : completion.items;
    assert.deepEqual(items, []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: STACK }, position }), null);
    const symbols = await client.request<unknown[] | null>('textDocument/documentSymbol', {
      textDocument: { uri: STACK },
    });
    assert.deepEqual(symbols ?? [], []);
  });
});
