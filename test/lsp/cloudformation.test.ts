/**
 * The language server on CloudFormation templates: diagnostics published only on the three types' properties (the
 * other resources, and templates without the three types, get nothing), paths in property names, edits re-checked,
 * and completion, hover, symbols and quick fixes on the three types only (the AWS Toolkit and Red Hat YAML run beside us).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { DocumentInfo } from '../../server/src/protocol';
import { TestClient, fileUri } from './client';
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

  it('completion, hover and symbols on the three types only', async () => {
    await client.open(STACK, TEXT);
    await client.waitForDiagnostics(STACK);
    type Items = { items: { label: string }[] } | { label: string }[] | null;
    const complete = async (position: { line: number; character: number }) => {
      const r = await client.request<Items>('textDocument/completion', { textDocument: { uri: STACK }, position });
      return (r === null ? [] : Array.isArray(r) ? r : r.items).map(i => i.label);
    };
    const hover = (position: { line: number; character: number }) =>
      client.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: STACK },
        position,
      });
    // Inside the policy store's Properties: the properties not yet there; an enum value's choices.
    const props = await complete(positionOf(TEXT, 'ValidationSettings', 0));
    assert.ok(props.includes('ValidationSettings') && props.includes('DeletionProtection'), props.join());
    assert.deepEqual(await complete(positionOf(TEXT, 'LAX', 3)), ['STRICT', 'OFF']);
    // The three type names as any resource's Type.
    assert.deepEqual(await complete(positionOf(TEXT, 'AWS::S3::Bucket', 15)), [
      'AWS::VerifiedPermissions::IdentitySource',
      'AWS::EC2::VerifiedAccessTrustProvider',
      'AWS::VerifiedPermissions::PolicyStore',
    ]);
    // Nothing in the bucket's Properties, the parameters or the header.
    assert.deepEqual(await complete(positionOf(TEXT, 'Bogus', 5)), []);
    assert.deepEqual(await complete(positionOf(TEXT, 'Name: {Type', 0)), []);
    const mode = await hover(positionOf(TEXT, 'UserTrustProviderType', 2));
    assert.match(mode!.contents.value, /changing it replaces the resource/);
    assert.match(
      (await hover(positionOf(TEXT, 'AWS::VerifiedPermissions::PolicyStore', 5)))!.contents.value,
      /policy store/,
    );
    assert.equal(await hover(positionOf(TEXT, 'BucketName', 2)), null);
    assert.equal(await hover(positionOf(TEXT, 'AWS::S3::Bucket', 2)), null);
    const symbols = await client.request<{ name: string; detail?: string }[] | null>('textDocument/documentSymbol', {
      textDocument: { uri: STACK },
    });
    assert.deepEqual(
      (symbols ?? []).map(s => [s.name, s.detail]),
      [
        ['Store', 'AWS::VerifiedPermissions::PolicyStore'],
        ['Provider', 'AWS::EC2::VerifiedAccessTrustProvider'],
      ],
    );
  });

  it('a quick fix on a template diagnostic', async () => {
    const text = TEXT.replace('PolicyReferenceName: !Ref Nam', 'PolicyRefrenceName: idp');
    await client.open(STACK, text);
    const { diagnostics } = await client.waitForDiagnostics(STACK);
    const typo = diagnostics.find(d => d.code === 'unknown-member')!;
    assert.ok(typo, paths(diagnostics).join());
    const actions = await client.request<
      { title: string; edit?: { changes?: Record<string, { newText: string }[]> } }[]
    >('textDocument/codeAction', { textDocument: { uri: STACK }, range: typo.range, context: { diagnostics: [typo] } });
    const rename = actions.find(a => a.title === "Rename 'PolicyRefrenceName' to 'PolicyReferenceName'");
    assert.ok(rename, actions.map(a => a.title).join(' | '));
    assert.match(JSON.stringify(rename.edit), /"newText":"PolicyReferenceName"/);
  });

  it('documentInfo on a closed template: read from disk inside a workspace folder, refused outside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-lsp-cfn-'));
    try {
      const ws = join(dir, 'ws');
      const outside = join(dir, 'elsewhere');
      mkdirSync(ws);
      mkdirSync(outside);
      writeFileSync(join(ws, 'stack.template.yaml'), TEXT);
      writeFileSync(join(ws, 'prod.yaml'), TEXT); // a template by content
      writeFileSync(join(ws, 'bucket.template.yaml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
      writeFileSync(join(outside, 'stack.template.yaml'), TEXT);
      await client.stop();
      client = await TestClient.start({ workspaceFolders: [ws] });
      const info = (path: string) =>
        client.request<DocumentInfo | null>('verifiedIdentity/documentInfo', { uri: fileUri(path) });
      const stack = await info(join(ws, 'stack.template.yaml'));
      assert.ok(stack, 'a closed template in the workspace');
      assert.equal(stack.base, 'cloudformation');
      assert.equal(stack.kind, 'cloudformation');
      assert.equal(stack.associatedBy, 'default');
      assert.equal(stack.errors, 3);
      assert.equal((await info(join(ws, 'prod.yaml')))?.associatedBy, 'content');
      assert.equal(await info(join(ws, 'bucket.template.yaml')), null, 'none of the three types');
      assert.equal(await info(join(ws, 'missing.template.yaml')), null);
      assert.equal(await info(ws), null, 'a folder');
      assert.equal(await info(join(outside, 'stack.template.yaml')), null, 'outside the workspace folders');
      // Open, the document answers wherever it is.
      const open = fileUri(join(outside, 'stack.template.yaml'));
      await client.open(open, TEXT);
      assert.equal(
        (await client.request<DocumentInfo | null>('verifiedIdentity/documentInfo', { uri: open }))?.kind,
        'cloudformation',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
