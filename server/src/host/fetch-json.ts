/**
 * GET a JSON document for the OIDC checks, within hard limits: https only (plain http only on loopback, for tests),
 * a 5 s deadline for the whole exchange including a slow body, a 1 MB cap, at most 3 redirects that stay on https,
 * no cookies, no credentials. Every failure is a value, never an exception.
 */
import type { FetchJsonResult } from '../service/semantic/host';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 5000, maxBytes: 1024 * 1024, maxRedirects: 3 };

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

function allowed(u: URL): boolean {
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

export interface FetchOptions {
  signal?: AbortSignal;
  limits?: Partial<FetchLimits>;
  /** Extra CA certificates (tests with a self-signed issuer). */
  ca?: string | Buffer;
  userAgent?: string;
}

export async function fetchJson(url: string, options: FetchOptions = {}): Promise<FetchJsonResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  const onAbort = () => deadline.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      return { ok: false, kind: 'not-allowed', message: `is not a valid URL` };
    }
    for (let hop = 0; ; hop++) {
      if (!allowed(current)) {
        return {
          ok: false,
          kind: hop === 0 ? 'not-allowed' : 'redirect',
          message:
            hop === 0
              ? `is not an https URL`
              : `redirected to ${current.protocol}//${current.host}, which is not https`,
        };
      }
      const res = await once(current, deadline.signal, limits, options);
      if (res.kind === 'redirect') {
        if (hop >= limits.maxRedirects)
          return { ok: false, kind: 'redirect', message: `redirected more than ${limits.maxRedirects} times` };
        try {
          current = new URL(res.location, current);
        } catch {
          return { ok: false, kind: 'redirect', message: 'redirected to an invalid location' };
        }
        continue;
      }
      if (res.kind === 'error') {
        if (deadline.signal.aborted) {
          return options.signal?.aborted
            ? { ok: false, kind: 'network', message: 'was cancelled' }
            : { ok: false, kind: 'timeout', message: `did not answer within ${limits.timeoutMs / 1000} s` };
        }
        return { ok: false, kind: res.tooLarge ? 'too-large' : 'network', message: res.message };
      }
      if (res.status !== 200)
        return { ok: false, kind: 'status', status: res.status, message: `answered HTTP ${res.status}` };
      try {
        return { ok: true, status: res.status, url: current.href, json: JSON.parse(res.body) as unknown };
      } catch {
        return { ok: false, kind: 'invalid-json', message: 'did not answer with JSON' };
      }
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

type Once =
  | { kind: 'redirect'; location: string }
  | { kind: 'done'; status: number; body: string }
  | { kind: 'error'; message: string; tooLarge?: boolean };

async function once(u: URL, signal: AbortSignal, limits: FetchLimits, options: FetchOptions): Promise<Once> {
  // Loaded on first use: `node:https` brings TLS with it (about 1.5 MB of RSS), and most sessions never fetch.
  const mod = u.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise(resolve => {
    const req = mod.request(
      u,
      {
        method: 'GET',
        headers: { Accept: 'application/json', 'User-Agent': options.userAgent ?? 'verified-identity' },
        signal,
        ...(options.ca ? { ca: options.ca } : {}),
        agent: false,
      },
      res => {
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
          res.resume();
          resolve({ kind: 'redirect', location: res.headers.location });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > limits.maxBytes) {
          resolve({
            kind: 'error',
            message: `announced ${Math.round(declared / 1024)} KB, more than the ${limits.maxBytes / 1024} KB limit`,
            tooLarge: true,
          });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limits.maxBytes) {
            resolve({
              kind: 'error',
              message: `sent more than the ${limits.maxBytes / 1024} KB limit`,
              tooLarge: true,
            });
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ kind: 'done', status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', e => resolve({ kind: 'error', message: e.message }));
        res.on('aborted', () => resolve({ kind: 'error', message: 'closed the connection early' }));
      },
    );
    req.on('error', e =>
      resolve({
        kind: 'error',
        message: (e as NodeJS.ErrnoException).code === 'ABORT_ERR' ? 'was aborted' : e.message,
      }),
    );
    req.end();
  });
}
