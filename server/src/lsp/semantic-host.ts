/**
 * The semantic checks' I/O for the language server (the service does none itself):
 * - Cedar schemas: the `verifiedIdentity.cedarSchema` file (trusted only; relative to the workspace folder), else a
 *   schema beside the file, else (trusted, signed in) the deployed policy store's schema through
 *   `verifiedIdentity/awsLookup`; cached for a few seconds so that typing does not re-read the disk or call AWS on
 *   every keystroke. Schema files are read only inside the file's workspace folder (or, outside any folder, the
 *   file's own folder), by real path: no setting or link leads elsewhere.
 * - The cedar-wasm engine, loaded on first use.
 * - OIDC discovery fetches, only in a trusted workspace with `verifiedIdentity.onlineChecks` on; loopback only with
 *   the user-level `verifiedIdentity.allowLoopback`.
 * - Live look-ups (policy stores, identity sources, trust providers) through the extension, trusted only.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancellationTokenSource, RequestType } from 'vscode-languageserver/node';
import { loadCedar } from '../host/cedar-engine';
import { localSchema } from '../host/schema-source';
import { AwsLookupRequest, type AwsLookupParams, type AwsLookupResult } from '../protocol';
import type { CedarSchemaSource, LanguageService, LiveLookupResult, ServiceHost } from '../service';
import type { Settings } from '../settings';
import type { Context } from './context';
import { fetchJsonModule, serviceModule } from './lazy';

const SCHEMA_TTL_MS = 5000;
const DEPLOYED_SCHEMA_TTL_MS = 60_000;
/** A deployed schema that was not available (signed out, no access) is asked for again sooner. */
const MISSING_SCHEMA_TTL_MS = 10_000;
const LOOKUP_TIMEOUT_MS = 15_000;
const LOOPBACK_HINT = 'the user setting verifiedIdentity.allowLoopback is on';

const awsLookup = new RequestType<AwsLookupParams, AwsLookupResult, void>(AwsLookupRequest);

/** Workspace folder paths, longest first (the folder of a file is the first that contains it). */
export class WorkspaceFolders {
  private paths: string[] = [];

  set(uris: readonly string[]): void {
    const paths: string[] = [];
    for (const uri of uris) {
      try {
        if (uri.startsWith('file:')) paths.push(fileURLToPath(uri).replace(/[\\/]+$/, ''));
      } catch {
        // not a usable folder
      }
    }
    this.paths = paths.sort((a, b) => b.length - a.length);
  }

  /** The folders' paths (as the client named them; `readText` compares their real paths). */
  get roots(): readonly string[] {
    return this.paths;
  }

  folderOf(path: string): string | undefined {
    return this.paths.find(f => path === f || path.startsWith(`${f}/`) || path.startsWith(`${f}\\`));
  }
}

export class SemanticHosts {
  readonly folders = new WorkspaceFolders();
  private readonly schemas = new Map<string, { at: number; value: Promise<CedarSchemaSource | undefined> }>();
  private readonly services = new Map<string, LanguageService>();

  constructor(private readonly ctx: Context) {}

  /** Whether a file has semantic checks at all under these settings (skip the work otherwise). */
  applies(base: string, settings: Settings): boolean {
    return base === 'identity-source' || base === 'cloudformation' || this.online(settings);
  }

  /** A service whose host fits the document's settings (OIDC fetches only when online checks are allowed). */
  serviceFor(settings: Settings): LanguageService {
    const online = this.online(settings);
    const loopback = online && settings.allowLoopback;
    const key = `${online}/${loopback}`;
    let service = this.services.get(key);
    if (!service)
      this.services.set(key, (service = serviceModule().createLanguageService(this.host(online, loopback))));
    return service;
  }

  /** `serviceFor` and its host (the analysis worker's semantic checks call back into the host). */
  hostedFor(settings: Settings): { service: LanguageService; host: ServiceHost } {
    const online = this.online(settings);
    return { service: this.serviceFor(settings), host: this.host(online, online && settings.allowLoopback) };
  }

  /** Refresh Checks, trust or settings changed: forget schemas and discovery documents. */
  clear(): void {
    this.schemas.clear();
    serviceModule().clearDiscoveryCache();
  }

  private online(settings: Settings): boolean {
    return this.ctx.trusted && settings.onlineChecks;
  }

  private host(online: boolean, allowLoopback: boolean): ServiceHost {
    const fetchJson: ServiceHost['fetchJson'] = (url, signal, options) =>
      fetchJsonModule().fetchJson(url, { ...options, signal, allowLoopback, loopbackHint: LOOPBACK_HINT });
    return {
      cedar: loadCedar,
      cedarSchema: (uri, policyStoreId, signal) => this.schemaFor(uri, policyStoreId, signal),
      lookup: (query, signal) => this.lookup(query, signal),
      ...(online ? { fetchJson } : {}),
    };
  }

  private cached(key: string, ttl: number, load: () => Promise<CedarSchemaSource | undefined>, missTtl = ttl) {
    const now = Date.now();
    const hit = this.schemas.get(key);
    if (hit && now - hit.at < ttl) return hit.value;
    const entry = { at: now, value: Promise.resolve<CedarSchemaSource | undefined>(undefined) };
    entry.value = load().then(
      v => {
        if (!v) entry.at -= ttl - missTtl;
        return v;
      },
      () => {
        entry.at -= ttl - missTtl;
        return undefined;
      },
    );
    if (this.schemas.size > 200) this.schemas.clear();
    this.schemas.set(key, entry);
    return entry.value;
  }

  private async schemaFor(uri: string, policyStoreId: string | undefined, signal?: AbortSignal) {
    const settings = await this.ctx.settings.forUri(uri, this.ctx.documents.get(uri) !== undefined);
    if (uri.startsWith('file:')) {
      const path = fileURLToPath(uri);
      // The fence: the file's workspace folder, or its own folder when it is in none.
      const root = this.folders.folderOf(path) ?? dirname(path);
      // A workspace that is not trusted cannot name a schema file: only one beside the file is read.
      const setting = this.ctx.trusted ? settings.cedarSchema : '';
      const local = await this.cached(`local\u0000${path}\u0000${setting}\u0000${root}`, SCHEMA_TTL_MS, () =>
        localSchema(path, setting, root),
      );
      if (local || setting) return local;
    }
    if (!policyStoreId || !this.ctx.trusted) return undefined;
    return this.cached(
      `deployed\u0000${policyStoreId}`,
      DEPLOYED_SCHEMA_TTL_MS,
      async () => {
        const res = await this.lookup({ what: 'schema', policyStoreId }, signal);
        if (!res.available || !res.schema) return undefined;
        const format = res.schema.trimStart().startsWith('{') ? 'json' : 'cedar';
        return { text: res.schema, format, origin: `policy store ${policyStoreId} (deployed)` } as const;
      },
      MISSING_SCHEMA_TTL_MS,
    );
  }

  /** `verifiedIdentity/awsLookup` to the extension; never in Restricted Mode; every failure is `available: false`. */
  private async lookup(query: AwsLookupParams, signal?: AbortSignal): Promise<LiveLookupResult> {
    if (!this.ctx.trusted) return { available: false };
    const source = new CancellationTokenSource();
    const cancel = () => source.cancel();
    signal?.addEventListener('abort', cancel);
    const timer = setTimeout(cancel, LOOKUP_TIMEOUT_MS);
    try {
      const res = await this.ctx.connection.sendRequest(awsLookup, query, source.token);
      return res && typeof res === 'object' && typeof res.available === 'boolean' ? res : { available: false };
    } catch (e) {
      return { available: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      source.dispose();
    }
  }
}
