/**
 * What the semantic checks need from the outside world, injected by the language server or the CLI. The service
 * itself does no I/O: a host without `cedarSchema` gets no Cedar checks, a host without `fetchJson` (online checks
 * off, or an untrusted workspace) makes no network request at all.
 */

export interface CedarSchemaSource {
  text: string;
  format: 'cedar' | 'json';
  /** Shown in messages: `schema.cedarschema`, `policy store PSEXAMPLE… (deployed)`. */
  origin: string;
  /** Set when the schema file exists or was named but cannot be used (`not found`, `larger than 1 MB`, …). */
  unreadable?: string;
}

export interface CedarSchemaError {
  message: string;
  help?: string;
}

/** Cedar's own schema parser (@cedar-policy/cedar-wasm), loaded by the host. */
export interface CedarEngine {
  /** Parses and checks a schema in either format; its JSON form on success. */
  parseSchema(
    text: string,
    format: 'cedar' | 'json',
  ): { ok: true; json: unknown } | { ok: false; errors: CedarSchemaError[] };
}

export type FetchJsonResult =
  | { ok: true; status: number; url: string; json: unknown }
  /** `kind`: what went wrong, so the check can tell a missing document from an unreachable host. */
  | {
      ok: false;
      kind: 'status' | 'invalid-json' | 'timeout' | 'too-large' | 'redirect' | 'network' | 'not-allowed';
      status?: number;
      message: string;
    };

export interface SemanticHost extends LiveHost {
  /** The schema that applies to an identity-source file: the setting's file, a schema beside it, or the deployed one. */
  cedarSchema?(
    uri: string,
    policyStoreId: string | undefined,
    signal?: AbortSignal,
  ): Promise<CedarSchemaSource | undefined>;
  cedar?(): Promise<CedarEngine>;
  /** GET a JSON document within the host's limits (https only, timeout, size cap, redirects). */
  fetchJson?(url: string, signal?: AbortSignal): Promise<FetchJsonResult>;
  /** Milliseconds since the epoch (for cache lifetimes); Date.now by default. */
  now?(): number;
}

/** Live values from the account (answered by the extension when signed in and trusted). */
export type LiveLookup =
  | { what: 'policyStores' }
  | { what: 'schema'; policyStoreId: string }
  | { what: 'identitySources'; policyStoreId: string }
  | { what: 'trustProviders' };

export interface LiveLookupResult {
  available: boolean;
  items?: { id: string; label?: string; description?: string }[];
  schema?: string;
  error?: string;
}

export interface LiveHost {
  lookup?(query: LiveLookup, signal?: AbortSignal): Promise<LiveLookupResult>;
}
