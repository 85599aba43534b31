/**
 * Custom LSP messages between the extension and the language server, declared once for both sides. Each is listed in
 * the README ("Protocol"). Method names are `verifiedIdentity/…`. No message ever carries AWS credentials.
 */
import type { BaseFileKind, BaseKind, FileKind, Kind } from './service/types';

/** `initializationOptions` the extension sends in `initialize`. */
export interface InitializationOptions {
  /**
   * Workspace trust. Only `true` lets the server fetch (online checks), ask for AWS look-ups and read the schema
   * named by `verifiedIdentity.cedarSchema`; absent or anything else counts as untrusted (local validation only), so
   * an editor that knows nothing of this option gets the safe behaviour.
   */
  trusted: boolean;
  /** The `verifiedIdentity` settings at start (for servers that cannot pull `workspace/configuration`). */
  settings?: unknown;
  /**
   * Where diagnostic codes link to: `codeDescription.href` is this URI prefix followed by the code (VS Code: the
   * extension's URI handler). Without it, a `file:` URI of the docs/diagnostics.md shipped beside the server.
   */
  ruleDocs?: string;
}

/** client → server: workspace trust changed (VS Code grants trust during a session; revoking it reloads the window). */
export const DidChangeTrustNotification = 'verifiedIdentity/didChangeTrust';
export interface DidChangeTrustParams {
  trusted: boolean;
}

/**
 * client → server (Refresh Schema and Discovery Checks): forget cached Cedar schemas and OIDC discovery documents and
 * check the open documents again.
 */
export const RefreshChecksNotification = 'verifiedIdentity/refreshChecks';

/**
 * client → server: what the server makes of a document (status bar), open or (inside a workspace folder) on disk.
 * Null when the file is not associated.
 */
export const DocumentInfoRequest = 'verifiedIdentity/documentInfo';
export interface DocumentInfoParams {
  uri: string;
}
export interface DocumentInfo {
  uri: string;
  /** `cloudformation` for a template that declares identity sources, trust providers or policy stores. */
  base: BaseFileKind;
  /** Kind of the first document (a YAML stream may mix create and update documents). */
  kind: FileKind;
  kinds: FileKind[];
  associatedBy: 'default' | 'setting' | 'modeline' | 'content' | 'option';
  errors: number;
  warnings: number;
}

/** client → server: the file templates (New Configuration File…, snippets). */
export const TemplatesRequest = 'verifiedIdentity/templates';
export interface TemplateInfo {
  id: string;
  label: string;
  description: string;
  base: BaseKind;
  /** Suggested file name, e.g. `okta.trust-provider.yaml`. */
  fileName: { json: string; yaml: string };
  text: { json: string; yaml: string };
}

/**
 * client → server: check files that are not open (Validate Workspace). The server reads them, publishes their
 * diagnostics, reports progress through the work-done token, and answers with a summary.
 */
export const ValidateFilesRequest = 'verifiedIdentity/validateFiles';
export interface ValidateFilesParams {
  uris: string[];
  workDoneToken?: string | number;
}
export interface ValidateFilesResult {
  files: number;
  errors: number;
  warnings: number;
  /** Files the server could not read, with the reason. */
  failed: { uri: string; reason: string }[];
}

/** client → server: the request JSON of a document (for apply / compare commands), or the reasons it is refused. */
export const RequestPayloadRequest = 'verifiedIdentity/requestPayload';
export interface RequestPayloadParams {
  uri: string;
  /** YAML stream: which document (default 0). */
  document?: number;
}
export interface RequestPayload {
  kind: Kind;
  /** The request as plain data, exactly as the file holds it (secret references not resolved). */
  input: Record<string, unknown> | undefined;
  errors: number;
  documents: number;
}

/**
 * server → client (issue 5 look-ups): the extension answers from AWS when signed in and trusted, else with
 * `available: false`. Credentials stay in the extension host.
 */
export const AwsLookupRequest = 'verifiedIdentity/awsLookup';
export type AwsLookupParams =
  | { what: 'policyStores' }
  | { what: 'schema'; policyStoreId: string }
  | { what: 'identitySources'; policyStoreId: string }
  | { what: 'trustProviders' };
export interface AwsLookupResult {
  available: boolean;
  items?: { id: string; label?: string; description?: string }[];
  schema?: string;
  error?: string;
}

/**
 * client → server: where a member path (SPEC §3 syntax, e.g. `configuration.openIdConnectConfiguration.issuer`) is in
 * a document, for errors that AWS reports by path (`ValidationException.fieldList`, EC2 parameter errors). For a
 * path that is not in the file, the range of its deepest existing ancestor's key (`exact: false`); null when the
 * document is not one of ours.
 */
export const RangeOfPathRequest = 'verifiedIdentity/rangeOfPath';
export interface RangeOfPathParams {
  uri: string;
  path: string;
  /** YAML stream: which document (default 0). */
  document?: number;
}
export interface RangeOfPathResult {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  exact: boolean;
  /** The part of the path that exists in the document. */
  found: string;
}

/**
 * client → server: Convert to CloudFormation Resource (`to: 'cloudformation'`: the request in a request file, the
 * document of a YAML stream at `position`) and Convert to Request File (`to: 'request'`: the resource of a template
 * at `position`, or the one named `logicalId`). The answer is the new text with notes for the user (names only,
 * never values of the file), or why there is none; with the cursor outside every resource of a template that has
 * several, `candidates` lists them to choose from.
 */
export const ConvertRequest = 'verifiedIdentity/convert';
export interface ConvertParams {
  uri: string;
  to: 'cloudformation' | 'request';
  format: 'json' | 'yaml';
  position?: { line: number; character: number };
  /** `to: 'request'`: the resource to convert (else the one at `position`). */
  logicalId?: string;
  /** `to: 'cloudformation'`: the resource entry alone (default), or a whole template holding it. */
  wrap?: 'resource' | 'template';
  /** `to: 'request'`: an update kind instead of the type's create kind, and the ID of the resource it changes. */
  kind?: Kind;
  id?: string;
}
export type ConvertResult =
  | {
      ok: true;
      text: string;
      format: 'json' | 'yaml';
      /** A file name that gets the result associated: `Okta.identity-source.yaml`, `OktaTrustProvider.template.yaml`. */
      fileName: string;
      logicalId: string;
      type: string;
      /** `to: 'request'`: the request file kind written (none for a policy store). */
      kind?: Kind;
      notes: string[];
    }
  | { ok: false; error: string; candidates?: { logicalId: string; type: string }[] };
