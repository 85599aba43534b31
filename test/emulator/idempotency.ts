/** Client-token memory: the first request's parameters and result per operation and token, for the emulator's life. */

/** JSON with object keys sorted, so that equal parameters give equal text whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface TokenEntry<R> {
  fingerprint: string;
  /** What the first request produced (its response, or what is needed to rebuild it). */
  result: R;
  /** The resource the first request created or changed. */
  resourceId: string;
}

export type TokenCheck<R> =
  { state: 'new' } | { state: 'replay'; entry: TokenEntry<R> } | { state: 'mismatch'; entry: TokenEntry<R> };

export class ClientTokens {
  private readonly entries = new Map<string, TokenEntry<unknown>>();

  /** Whether `token` was seen for `operation`, and with the same parameters (`params` without the token itself). */
  check<R>(operation: string, token: string | undefined, params: unknown): TokenCheck<R> {
    if (!token) return { state: 'new' };
    const entry = this.entries.get(`${operation}\u0000${token}`) as TokenEntry<R> | undefined;
    if (!entry) return { state: 'new' };
    return entry.fingerprint === canonicalJson(params) ? { state: 'replay', entry } : { state: 'mismatch', entry };
  }

  remember<R>(operation: string, token: string | undefined, params: unknown, resourceId: string, result: R): void {
    if (!token) return;
    this.entries.set(`${operation}\u0000${token}`, { fingerprint: canonicalJson(params), result, resourceId });
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
