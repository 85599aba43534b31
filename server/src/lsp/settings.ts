/**
 * Per-document settings. With `workspace/configuration` support, `verifiedIdentity` is pulled for each document
 * (scopeUri) and cached per URI until the next `workspace/didChangeConfiguration`; without it, the settings come
 * from `initializationOptions.settings` and from didChangeConfiguration payloads. Always normalized.
 */
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SECTION, normalizeSettings, type Settings } from '../settings';
import type { Log } from './log';

/** A client that never answers `workspace/configuration` must not stall the server. */
const CONFIGURATION_TIMEOUT_MS = 5000;

/**
 * The `verifiedIdentity` section of a raw settings payload: `{verifiedIdentity: {...}}`, the section itself, or
 * dotted keys (`"verifiedIdentity.files": {...}`, as some editors' configs are written).
 */
export function pickSection(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const nested = r[SECTION];
  if (nested !== null && typeof nested === 'object' && !Array.isArray(nested)) Object.assign(out, nested);
  const prefix = `${SECTION}.`;
  let dotted = false;
  for (const [key, value] of Object.entries(r)) {
    if (!key.startsWith(prefix)) continue;
    dotted = true;
    const parts = key.slice(prefix.length).split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = target[part] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    }
    target[parts[parts.length - 1]] = value;
  }
  return nested !== undefined || dotted ? out : raw;
}

export class SettingsStore {
  private readonly perUri = new Map<string, Promise<Settings>>();
  private fallback: Settings;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
    private pull: boolean,
    initial?: unknown,
  ) {
    this.fallback = normalizeSettings(pickSection(initial));
    this.log.level = this.fallback.trace.server;
  }

  /** Called from `initialize`, once the client's capabilities and initialization options are known. */
  initialize(pull: boolean, initial: unknown): void {
    this.pull = pull;
    this.fallback = normalizeSettings(pickSection(initial));
    this.log.level = this.fallback.trace.server;
    this.perUri.clear();
  }

  /** Settings of a document; `cache: false` for files that are not open (nothing retained for them). */
  forUri(uri: string, cache = true): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.fallback);
    const hit = this.perUri.get(uri);
    if (hit) return hit;
    const p = this.fetch(uri);
    if (cache) this.perUri.set(uri, p);
    return p;
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * `workspace/didChangeConfiguration`: drop the cache, take the payload when settings are not pulled. When they are,
   * the payload is ignored: it is not scoped to a document and may carry workspace values that the client's answers
   * to `workspace/configuration` would have left out (VS Code's middleware sanitizes those answers only).
   */
  changed(payload: unknown): void {
    this.perUri.clear();
    if (!this.pull && payload !== null && payload !== undefined && typeof payload === 'object') {
      const section = pickSection(payload);
      const ours = section !== payload || Object.keys(DEFAULT_SETTINGS).some(k => k in payload);
      if (ours) this.fallback = normalizeSettings(section);
    }
    if (this.pull) void this.refreshTraceLevel();
    else this.log.level = this.fallback.trace.server;
    for (const l of this.listeners) l();
  }

  /** The window-scoped `trace.server` level (no scopeUri). */
  async refreshTraceLevel(): Promise<void> {
    if (!this.pull) return;
    this.log.level = (await this.fetch(undefined)).trace.server;
  }

  private async fetch(uri: string | undefined): Promise<Settings> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const request = this.connection.workspace.getConfiguration(
        uri === undefined ? { section: SECTION } : { scopeUri: uri, section: SECTION },
      );
      const timeout = new Promise<undefined>(resolve => {
        timer = setTimeout(() => resolve(undefined), CONFIGURATION_TIMEOUT_MS);
      });
      const raw: unknown = await Promise.race([request, timeout]);
      if (raw === undefined) {
        this.log.error(
          `workspace/configuration for ${uri ?? 'the window'} did not answer in ${CONFIGURATION_TIMEOUT_MS} ms; using defaults`,
        );
        this.perUri.delete(uri ?? '');
        return this.fallback;
      }
      return normalizeSettings(raw);
    } catch (e) {
      this.log.error(`workspace/configuration for ${uri ?? 'the window'} failed; using defaults`, e);
      return this.fallback;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
