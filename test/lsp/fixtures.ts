/** Small request files for the LSP tests, and helpers to apply edits the way an editor would. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** An OIDC trust provider with a misspelled member, `DryRun: true` and a reserved tag key. */
export const TRUST_PROVIDER_YAML = `TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: idp
DryRun: true
OidcOptions:
  Issuer: https://example.okta.com
  AuthorizationEndpoint: https://example.okta.com/oauth2/v1/authorize
  TokenEndpoint: https://example.okta.com/oauth2/v1/token
  UserInfoEndpoint: https://example.okta.com/oauth2/v1/userinfo
  ClientId: example-client-id
  ClientSecret: \${secret:idp}
  Scop: openid email
TagSpecifications:
  - ResourceType: verified-access-trust-provider
    Tags:
      - Key: aws:team
        Value: platform
`;

/** An OIDC identity source whose `issuer` is spelled `Issuer` (and so is missing). */
export const IDENTITY_SOURCE_JSON = `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "MyApp::User",
  "configuration": {
    "openIdConnectConfiguration": {
      "Issuer": "https://auth.example.com",
      "tokenSelection": { "identityTokenOnly": { "principalIdClaim": "sub", "clientIds": ["c1"] } }
    }
  }
}
`;

/** A clean Jamf device trust provider. */
export const CLEAN_TRUST_PROVIDER_YAML = `TrustProviderType: device
DeviceTrustProviderType: jamf
PolicyReferenceName: jamf
DeviceOptions:
  TenantId: example-jamf-tenant
`;

/** The text after applying edits, as an editor would. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

/** The text edits a workspace edit makes to one document (`changes` or `documentChanges`). */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  const out: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c && c.textDocument.uri === uri) out.push(...(c.edits as TextEdit[]));
  }
  return out;
}

/** Offset-free position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/**
 * Large inputs (tests and the benchmark). Each stays under the service's 2 MB limit.
 */

/** A YAML stream of trust providers of about `chars` characters, each document about 700 characters. */
export function yamlStream(chars: number, seed = 0): string {
  const docs: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const doc = `# provider ${seed}-${i}
TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: idp${i}
DryRun: ${i % 50 === 0}
OidcOptions:
  Issuer: https://idp${i}.example.com
  AuthorizationEndpoint: https://idp${i}.example.com/oauth2/v1/authorize
  TokenEndpoint: https://idp${i}.example.com/oauth2/v1/token
  UserInfoEndpoint: https://idp${i}.example.com/oauth2/v1/userinfo
  ClientId: client-${seed}-${i}
  ClientSecret: \${secret:idp-${i}}
  Scope: openid email profile
TagSpecifications:
  - ResourceType: verified-access-trust-provider
    Tags:
      - Key: Name
        Value: idp-${seed}-${i}
      - Key: team
        Value: platform
`;
    docs.push(doc);
    n += doc.length + 4;
  }
  return docs.join('---\n');
}

/** A stream of `count` one-line documents. */
export function tinyDocuments(count: number): string {
  return Array.from({ length: count }, (_, i) => `DryRun: ${i}\n`).join('---\n');
}

/** One identity source whose user pool lists app clients, about `chars` characters of JSON, one unknown member. */
export function largeIdentitySource(chars: number, seed = 0): string {
  const ids: string[] = [];
  for (let n = 0; n < chars; n += 24) ids.push(`        "client${seed}x${ids.length.toString(36).padStart(7, '0')}"`);
  return `{
  "policyStoreId": "PSEXAMPLEabcdefg111111",
  "principalEntityType": "MyApp::User",
  "Description": "not a member of this request",
  "configuration": {
    "cognitoUserPoolConfiguration": {
      "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE",
      "clientIds": [
${ids.join(',\n')}
      ],
      "groupConfiguration": { "groupEntityType": "MyApp::Group" }
    }
  }
}
`;
}

/** One trust provider with `count` tags (a single YAML document of about 40 characters a tag). */
export function manyTags(count: number): string {
  const tags = Array.from({ length: count }, (_, i) => `      - Key: k${i}\n        Value: v${i}`);
  return `TrustProviderType: user
UserTrustProviderType: oidc
PolicyReferenceName: tags
DryRun: true
OidcOptions:
  Issuer: https://example.okta.com
  Scop: openid
TagSpecifications:
  - ResourceType: verified-access-trust-provider
    Tags:
${tags.join('\n')}
`;
}

/** A trust provider with `count` unknown members, as one line of JSON (1.35 MB for 140,000). */
export function unknownMembers(count: number): string {
  const parts = ['"TrustProviderType":"user"', '"UserTrustProviderType":"oidc"', '"PolicyReferenceName":"x"'];
  for (let i = 0; i < count; i++) parts.push(`"u${i.toString(36)}":1`);
  return `{${parts.join(',')}}`;
}

/**
 * A trust provider where a key lost its colon before a list of `count` two-member items. The YAML library's error
 * recovery nests each line of the list one level deeper than the line before (2 × `count` levels), while the
 * indentation stays flat.
 */
export function colonlessList(count: number): string {
  const items = Array.from({ length: count }, (_, i) => `  - Key: k${i}\n    Value: v${i}\n`);
  return `TrustProviderType: user\nPolicyReferenceName: idc\nSseSpecification\n${items.join('')}`;
}
