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
