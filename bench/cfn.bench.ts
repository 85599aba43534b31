/**
 * Issue 10's numbers (CloudFormation templates): a 5,000-line YAML template with 50 identity sources, trust providers
 * and policy stores among other resources, edit → diagnostics over LSP within 1.3 × its YAML parse + 15 ms (and the
 * same analysis in-process); and deciding that an unrelated 5 MB JSON file is not ours within 5 ms (the server's
 * `analyze`, and the content test alone on the whole text, which is what a file under the size limit costs).
 */
import { parseAllDocuments } from 'yaml';
import { createLanguageService } from '../server/src/service';
import { mentionsTemplateTypes } from '../server/src/service/association';
import { TestClient } from '../test/lsp/client';
import { median, result, timeSync, type BenchResult } from './harness';

const HEADER = `AWSTemplateFormatVersion: '2010-09-09'
Description: Verified Access and Verified Permissions for the internal apps
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
  IssuerDomain:
    Type: String
  ClientIds:
    Type: CommaDelimitedList
  OidcSecret:
    Type: String
    NoEcho: true
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Claims:
    us-east-1: {Principal: sub}
    eu-west-1: {Principal: email}
Resources:
`;

function ours(i: number): string {
  switch (i % 3) {
    case 0:
      return `  Store${i}:
    Type: AWS::VerifiedPermissions::PolicyStore
    Properties:
      Description: !Sub 'Policies of app ${i} in \${Env}'
      ValidationSettings:
        Mode: !If [IsProd, STRICT, 'OFF']
      DeletionProtection:
        Mode: ENABLED
      Schema:
        CedarJson: '{"App${i}": {"entityTypes": {"User": {"memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {}}}, "Group": {}}, "actions": {}}}'
      Tags:
        - Key: app
          Value: app-${i}
        - Key: env
          Value: !Ref Env
`;
    case 1:
      return `  Source${i}:
    Type: AWS::VerifiedPermissions::IdentitySource
    Properties:
      PolicyStoreId: !GetAtt Store${i - 1}.PolicyStoreId
      PrincipalEntityType: App${i - 1}::User
      Configuration:
        OpenIdConnectConfiguration:
          Issuer: !Sub 'https://\${IssuerDomain}/oauth2/app${i}'
          EntityIdPrefix: app${i}
          GroupConfiguration:
            GroupClaim: groups
            GroupEntityType: App${i - 1}::Group
          TokenSelection:
            IdentityTokenOnly:
              ClientIds: !Ref ClientIds
              PrincipalIdClaim: !FindInMap [Claims, !Ref 'AWS::Region', Principal]
`;
    default:
      return `  Provider${i}:
    Type: AWS::EC2::VerifiedAccessTrustProvider
    Properties:
      TrustProviderType: user
      UserTrustProviderType: oidc
      PolicyReferenceName: app${i}
      Description: OIDC provider for app ${i}
      OidcOptions:
        Issuer: !Sub 'https://\${IssuerDomain}'
        AuthorizationEndpoint: !Sub 'https://\${IssuerDomain}/oauth2/v1/authorize'
        TokenEndpoint: !Sub 'https://\${IssuerDomain}/oauth2/v1/token'
        UserInfoEndpoint: !Sub 'https://\${IssuerDomain}/oauth2/v1/userinfo'
        ClientId: !Select [0, !Ref ClientIds]
        ClientSecret: !Ref OidcSecret
        Scope: openid email groups
      SseSpecification:
        CustomerManagedKeyEnabled: false
      Tags:
        - Key: app
          Value: app-${i}
`;
  }
}

function other(i: number): string {
  return `  Handler${i}:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub 'handler-${i}-\${Env}'
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt HandlerRole${i}.Arn
      Code:
        ZipFile: |
          exports.handler = async () => ({ statusCode: 200 });
      Environment:
        Variables:
          APP: app-${i}
  HandlerRole${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`;
}

/** A template of about `lines` lines holding `count` resources of the three types, spread among other resources. */
export function largeTemplate(lines: number, count: number): string {
  const parts = [HEADER];
  let n = HEADER.split('\n').length - 1;
  let mine = 0;
  for (let i = 0; n < lines; i++) {
    const part = mine < count && i % 2 === 0 ? ours(mine++) : other(i);
    parts.push(part);
    n += part.split('\n').length - 1;
  }
  return parts.join('');
}

/** Unrelated JSON of about `bytes` bytes (a resource inventory that names other AWS types throughout). */
function unrelatedJson(bytes: number): string {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `{"id":"r-${i}","type":"AWS::S3::Bucket","arn":"arn:aws:s3:::bucket-${i}","tags":{"team":"t${i % 17}"}}`;
    items.push(item);
    size += item.length + 1;
  }
  return `{"resources":[${items.join(',')}]}`;
}

function at(text: string, needle: string, from: number): { line: number; character: number } {
  const offset = text.indexOf(needle, from);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const service = createLanguageService();
  const template = largeTemplate(5000, 50);
  const lines = template.split('\n').length - 1;
  const uri = 'file:///bench/stack.template.yaml';
  const check = () => {
    const f = service.analyze({ uri, text: template })!;
    if (service.validate(f).length !== 0) throw new Error('the bench template is expected to be clean');
  };
  check();
  const parseMs = median(timeSync(() => void parseAllDocuments(template), 20, 5));
  const target = Math.round((1.3 * parseMs + 15) * 10) / 10;
  out.push(result(`cfn: yaml parseAllDocuments, ${lines}-line template (in-process)`, [parseMs], 'ms'));
  out.push(
    result(
      `cfn: analyze + validate, ${lines}-line template, 50 resources (in-process)`,
      timeSync(check, 20, 5),
      'ms',
      target,
      '1.3 × parse + 15 ms',
    ),
  );

  const client = await TestClient.start();
  try {
    await client.open(uri, template);
    await client.waitForDiagnostics(uri, undefined, 30_000);
    const where = at(template, 'OIDC provider for app', template.length >> 1);
    const samples: number[] = [];
    for (let i = 0; i < 18; i++) {
      const insert = i % 2 === 0;
      const range = insert
        ? { start: where, end: where }
        : { start: where, end: { line: where.line, character: where.character + 1 } };
      const t0 = performance.now();
      const version = await client.change(uri, [{ range, text: insert ? 'x' : '' }]);
      await client.waitForDiagnostics(uri, p => p.version === version, 10_000);
      if (i >= 3) samples.push(performance.now() - t0);
    }
    out.push(
      result(
        `cfn: lsp edit → diagnostics, ${lines}-line template, 50 resources (push)`,
        samples,
        'ms',
        target,
        '1.3 × parse + 15 ms',
      ),
    );
  } finally {
    await client.stop();
  }

  const big = unrelatedJson(5 * 1024 * 1024);
  out.push(
    result(
      'cfn: unrelated 5 MB JSON → not ours (service.analyze)',
      timeSync(() => {
        if (service.analyze({ uri: 'file:///bench/inventory.json', text: big })) throw new Error('taken for ours');
      }, 30),
      'ms',
      5,
    ),
  );
  out.push(
    result(
      'cfn: unrelated 5 MB JSON → content test over the whole text',
      timeSync(() => {
        if (mentionsTemplateTypes(big)) throw new Error('taken for ours');
      }, 30),
      'ms',
      5,
    ),
  );
  const limit = unrelatedJson(2 * 1024 * 1024 - 4096);
  out.push(
    result(
      'cfn: unrelated 2 MB JSON (the largest read) → not ours (service.analyze)',
      timeSync(() => {
        if (service.analyze({ uri: 'file:///bench/inventory.json', text: limit })) throw new Error('taken for ours');
      }, 30),
      'ms',
      5,
    ),
  );
  return out;
}
