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

/**
 * Why a schema does not parse, reduced by the host to a fixed reason and a position: never the schema's text (a file
 * can be anything, and its tokens must not reach a diagnostic or a CI log).
 */
export interface CedarSchemaError {
  message: string;
  /** 1-based line and column of the problem, when the parser tells. */
  line?: number;
  column?: number;
}

/** Cedar's own schema parser (@cedar-policy/cedar-wasm), loaded by the host. */
export interface CedarEngine {
  /** Parses and checks a schema in either format; its JSON form on success. */
  parseSchema(
    text: string,
    format: 'cedar' | 'json',
  ): { ok: true; json: unknown } | { ok: false; errors: CedarSchemaError[] };
}

/** Where an address is: the public internet, a private network, or this machine. */
export type Reach = 'public' | 'private' | 'loopback';

export type FetchJsonResult =
  | { ok: true; status: number; url: string; json: unknown; reach: Reach }
  | {
      ok: false;
      /** What went wrong, so the check can tell a missing document from an unreachable host. */
      kind: 'status' | 'invalid-json' | 'timeout' | 'too-large' | 'redirect' | 'network' | 'not-allowed';
      status?: number;
      /** A fixed phrase that follows the URL (`answered HTTP 404`); never text of the answer. */
      message: string;
      /** Where the last request went, when it got that far. */
      reach?: Reach;
      /**
       * Set when the target is not known to be public: `message` is then only `could not be fetched`, and `kind`
       * must not show either (a workspace must not learn which ports answer on this machine or a private network).
       */
      opaque?: true;
    };

export interface FetchJsonOptions {
  /**
   * Where the document that named this URL came from (a `jwks_uri` from discovery): a URL on loopback is fetched
   * only when what named it was on loopback too.
   */
  referrer?: Reach;
}

export interface SemanticHost extends LiveHost {
  /** The schema that applies to an identity-source file: the setting's file, a schema beside it, or the deployed one. */
  cedarSchema?(
    uri: string,
    policyStoreId: string | undefined,
    signal?: AbortSignal,
  ): Promise<CedarSchemaSource | undefined>;
  cedar?(): Promise<CedarEngine>;
  /**
   * GET a JSON document within the host's limits: https without user info, query or fragment (http only to loopback,
   * when the user allows loopback), a timeout, a size cap, a few redirects under the same rules, no credentials.
   */
  fetchJson?(url: string, signal?: AbortSignal, options?: FetchJsonOptions): Promise<FetchJsonResult>;
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
