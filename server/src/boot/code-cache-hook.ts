/**
 * Between the server's entry (boot/code-cache.ts, which owns the cache) and the server it started, which asks for the
 * cache to be written once it has loaded. Nothing here imports anything: the server bundle includes only this.
 */
/** The launcher names the cache's folder in this variable (server/src/launch.ts). */
export const CODE_CACHE_ENV = 'VERIFIED_IDENTITY_CODE_CACHE';

/** What happened to the cache at this start (the server logs it at the trace level). */
export type CodeCacheStatus =
  'off' | 'accepted' | 'created' | 'refused by V8' | 'folder not private' | 'file not private' | 'unreadable';

export interface Hook {
  status: CodeCacheStatus;
  save(): void;
}
export const HOOK = Symbol.for('verified-identity.code-cache');

/** Called by the started bundle: writes the cache if this start had none (or V8 refused it). Safe to call anytime. */
export function requestCodeCacheSave(): CodeCacheStatus {
  const hook = (globalThis as { [HOOK]?: Hook })[HOOK];
  if (!hook) return 'off';
  hook.save();
  return hook.status;
}
