/**
 * Issue 2's in-process numbers: a 30-line file validated in-process (≤ 1 ms), and a 5,000-line YAML stream validated
 * in ≤ 1.3× the time the YAML parser alone takes on it. The CLI's number is in cli.bench.ts.
 */
import { parseAllDocuments } from 'yaml';
import { createLanguageService } from '../server/src/service';
import { median, result, timeSync, type BenchResult } from './harness';

const service = createLanguageService();

export const OIDC_TRUST_PROVIDER = `TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: idp
Description: OIDC identity provider for the engineering org
OidcOptions:
  Issuer: https://example.okta.com
  AuthorizationEndpoint: https://example.okta.com/oauth2/v1/authorize
  TokenEndpoint: https://example.okta.com/oauth2/v1/token
  UserInfoEndpoint: https://example.okta.com/oauth2/v1/userinfo
  ClientId: 0oa1example2client3id
  ClientSecret: \${secret:okta-client-secret}
  Scope: openid email profile groups
SseSpecification:
  CustomerManagedKeyEnabled: true
  KmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
TagSpecifications:
  - ResourceType: verified-access-trust-provider
    Tags:
      - Key: Name
        Value: okta
      - Key: team
        Value: platform
      - Key: cost-center
        Value: "1234"
      - Key: environment
        Value: production
      - Key: owner
        Value: identity@example.com
ClientToken: okta-trust-provider-2026-11
DryRun: false
`;

export function yamlStream(lines: number): string {
  const docs: string[] = [];
  let n = 0;
  for (let i = 0; n < lines; i++) {
    const d = `---\n${OIDC_TRUST_PROVIDER.replace('PolicyReferenceName: idp', `PolicyReferenceName: idp${i}`)}`;
    docs.push(d);
    n += d.split('\n').length - 1;
  }
  return docs.join('');
}

function validate(uri: string, text: string): void {
  service.validate(service.analyze({ uri, text })!);
}

export function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const small = OIDC_TRUST_PROVIDER;
  const smallJson = JSON.stringify(
    service.requestInput(service.analyze({ uri: 'file:///b/x.trust-provider.yaml', text: small })!),
    null,
    2,
  );
  out.push(
    result(
      `validate a ${small.split('\n').length - 1}-line YAML file in-process`,
      timeSync(() => validate('file:///b/x.trust-provider.yaml', small), 2000),
      'ms',
      1,
    ),
  );
  out.push(
    result(
      `validate a ${smallJson.split('\n').length}-line JSON file in-process`,
      timeSync(() => validate('file:///b/x.trust-provider.json', smallJson), 2000),
      'ms',
      1,
    ),
  );

  const stream = yamlStream(5000);
  const parseOnly = median(timeSync(() => void parseAllDocuments(stream), 30, 5));
  const ours = median(timeSync(() => validate('file:///b/stream.trust-provider.yaml', stream), 30, 5));
  out.push(result('5,000-line YAML stream: yaml parseAllDocuments alone', [parseOnly], 'ms'));
  out.push(result('5,000-line YAML stream: parse + validate', [ours], 'ms'));
  out.push(result('5,000-line YAML stream: (parse + validate) / parse alone', [ours / parseOnly], 'x', 1.3));

  return Promise.resolve(out);
}
