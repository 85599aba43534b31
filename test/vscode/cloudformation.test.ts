/**
 * CloudFormation templates in a real VS Code (issue 10): a template holding all three of our types beside other
 * resources gets our diagnostics only inside the three types' properties, completion inside them, and converts a
 * resource to a request file.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConvertOutcome } from '../../client/src/convert/file';
import { closeEditors, extensionApi, freshName, openMarked } from './editor.helpers';
import { codeOf, diagnosticsFor, waitFor } from './util';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::LanguageExtensions',
  'Parameters:',
  '  Env:',
  '    Type: String',
  '    Unknwn: ignored by us',
  'Resources:',
  '  Bucket:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      NotAProperty: 1',
  '  Store:',
  '    Type: AWS::VerifiedPermissions::PolicyStore',
  '    Properties:',
  '      ValidationSettings:',
  '        Mode: STRICT',
  '      Schema:',
  '        CedarJson: \'{"MyCorp":{"entityTypes":{"User":{"memberOfTypes":["Group"]},"Group":{}},"actions":{}}}\'',
  '  Okta:',
  '    Type: AWS::VerifiedPermissions::IdentitySource',
  '    Properties:',
  '      PolicyStoreId: !Ref Store',
  '      PrincipalEntityType: MyCorp::User',
  '      Configuration:',
  '        OpenIdConnectConfiguration:',
  '          Issuer: https://auth.example.com',
  '          «Isuer»: https://typo.example.com',
  '          TokenSelection:',
  '            IdentityTokenOnly:',
  '              ClientIds: [web-app]',
  '  Provider:',
  '    Type: AWS::EC2::VerifiedAccessTrustProvider',
  '    Properties:',
  '      TrustProviderType: user',
  '      UserTrustProviderType: iam-identity-center',
  '      PolicyReferenceName: idc',
  '      ‸',
  'Outputs:',
  '  StoreId:',
  '    Value: !Ref Store',
  '',
].join('\n');

describe('CloudFormation templates in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });
  after(closeEditors);

  it('diagnostics only inside the three types, completion inside them, Convert to Request File', async () => {
    const { doc, ranges, cursor } = await openMarked(freshName('cfn', 'stack', '.template.yaml'), TEMPLATE);
    const all = await diagnosticsFor(doc.uri, ds => ds.some(d => codeOf(d) === 'unknown-member'));
    const ours = all.filter(d => d.source === 'verified-identity');
    const typo = ours.find(d => codeOf(d) === 'unknown-member');
    assert.ok(typo, JSON.stringify(ours.map(codeOf)));
    assert.deepStrictEqual(typo.range, ranges[0]);
    assert.match(typo.message, /Issuer/);
    // Nothing from us on the bucket, the parameters or the outputs: only lines 11..36 hold our three resources.
    for (const d of ours)
      assert.ok(d.range.start.line >= 11 && d.range.end.line <= 36, `${codeOf(d)} at line ${d.range.start.line}`);

    // Completion of the trust provider's properties at the cursor.
    const list = await waitFor(
      async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          cursor!,
        );
        return l.items.some(i => (typeof i.label === 'string' ? i.label : i.label.label) === 'Description')
          ? l
          : undefined;
      },
      15_000,
      { message: 'completion of the trust provider properties', interval: 300 },
    );
    const labels = list.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('Tags'), JSON.stringify(labels));
    assert.ok(!labels.includes('TrustProviderType'), 'properties already given are not offered again');

    // Convert to Request File on the identity source.
    const outcome = await vscode.commands.executeCommand<ConvertOutcome>('verifiedIdentity.convertToRequest', {
      uri: doc.uri.toString(),
      logicalId: 'Okta',
      format: 'yaml',
    });
    assert.ok(outcome, 'the conversion answers');
    assert.strictEqual(outcome.logicalId, 'Okta');
    const converted = await vscode.workspace.openTextDocument(outcome.uri);
    assert.match(converted.getText(), /^principalEntityType: MyCorp::User$/m);
    assert.match(converted.getText(), /issuer: https:\/\/auth\.example\.com/);
  });
});
