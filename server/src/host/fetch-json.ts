/**
 * GET a JSON document for the OIDC checks, fenced: the URL a workspace names decides where a request goes, so every
 * URL (the first and each redirect) must be https without user info, query or fragment (`urlRefusal`), and the
 * address must be one the user allows:
 * - loopback (this machine) only with `allowLoopback` (a user-level setting, or the CLI's `--allow-loopback`); plain
 *   http only to loopback;
 * - never inward: what a public host leads to (a redirect, or the `jwks_uri` of its discovery document) must be
 *   public too, and only loopback leads to loopback;
 * - never unspecified, link-local, multicast or reserved addresses;
 * - names are checked on the addresses they resolve to, at connection time.
 * A 5 s deadline for the whole exchange including a slow body, a 1 MB cap, at most 3 redirects, no cookies, no
 * credentials. Every failure is a value, never an exception; its message is a fixed phrase, and for a target that is
 * not known to be public only "could not be fetched" (`opaque`).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { FetchJsonOptions, FetchJsonResult, Reach } from '../service/semantic/host';
import { urlRefusal } from '../service/semantic/fetch-policy';
import { classifyAddress, inward, ipOfHost, isLoopbackName, leastPublic, type AddressClass } from './address';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 5000, maxBytes: 1024 * 1024, maxRedirects: 3 };

export interface FetchOptions extends FetchJsonOptions {
  signal?: AbortSignal;
  limits?: Partial<FetchLimits>;
  /** Fetch from this machine (loopback), over plain http too: from a user-level setting or an explicit flag only. */
  allowLoopback?: boolean;
  /** How to turn loopback on, for the message when it is off (`the user setting …`, `--allow-loopback`). */
  loopbackHint?: string;
  /** Extra CA certificates (tests with a self-signed issuer). */
  ca?: string | Buffer;
  userAgent?: string;
  /**
   * Tests only: class some addresses differently (a second loopback address standing in for a public host); answer
   * undefined for the usual class.
   */
  classify?: (ip: string) => AddressClass | undefined;
}

const NOT_FETCHED = 'could not be fetched';
const BLOCKED = 'is not an address the checks fetch (unspecified, link-local, multicast or reserved)';

interface Hop {
  url: URL;
  /** Where the request that led here went (undefined for the first URL without a referrer). */
  from?: Reach;
}

/** Why this hop is not fetched, judged before connecting: the URL, and the host when it is an address or localhost. */
function refusal(hop: Hop, options: FetchOptions, classify: (ip: string) => AddressClass): string | undefined {
  const byUrl = urlRefusal(hop.url.href);
  if (byUrl) return byUrl;
  const ip = ipOfHost(hop.url.hostname);
  const cls = ip ? classify(ip) : isLoopbackName(hop.url.hostname) ? 'loopback' : undefined;
  if (cls) return addressRefusal(cls, hop, options);
  // A name: plain http could only be right for loopback, which a name other than localhost is not taken to be.
  return hop.url.protocol === 'https:' ? undefined : 'is not an https URL';
}

/** Why an address (from the URL, or a name's) is not fetched for this hop. */
function addressRefusal(cls: AddressClass, hop: Hop, options: FetchOptions): string | undefined {
  if (cls === 'blocked') return BLOCKED;
  if (cls === 'loopback' && !options.allowLoopback)
    return `is on this machine (loopback), which the checks fetch only when ${options.loopbackHint ?? 'loopback is allowed'}`;
  // Never inward: a public document cannot lead into a private network, nor anything outside into this machine.
  if (inward(hop.from, cls))
    return `is ${cls === 'loopback' ? 'on this machine (loopback)' : 'on a private network'}, and what led there is not`;
  if (hop.url.protocol !== 'https:' && cls !== 'loopback') return 'is not an https URL';
  return undefined;
}

export async function fetchJson(url: string, options: FetchOptions = {}): Promise<FetchJsonResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const classify = (ip: string) => options.classify?.(ip) ?? classifyAddress(ip);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  const onAbort = () => deadline.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    let hop: Hop;
    try {
      hop = { url: new URL(url), from: options.referrer };
    } catch {
      return { ok: false, kind: 'not-allowed', message: 'is not a valid URL' };
    }
    for (let n = 0; ; n++) {
      const refused = refusal(hop, options, classify);
      if (refused) {
        if (n === 0) return { ok: false, kind: 'not-allowed', message: refused };
        return fail('redirect', `was redirected to a URL that is not allowed: it ${refused}`, hop.from);
      }
      const res = await once(hop, deadline.signal, limits, options, classify);
      if (res.kind === 'redirect') {
        if (n >= limits.maxRedirects)
          return fail('redirect', `redirected more than ${limits.maxRedirects} times`, res.reach);
        try {
          hop = { url: new URL(res.location, hop.url), from: res.reach };
        } catch {
          return fail('redirect', 'was redirected to an invalid location', res.reach);
        }
        continue;
      }
      if (res.kind === 'error') {
        if (options.signal?.aborted) return { ok: false, kind: 'network', message: 'was cancelled', opaque: true };
        if (deadline.signal.aborted)
          return fail('timeout', `did not answer within ${limits.timeoutMs / 1000} s`, res.reach);
        return fail(res.tooLarge ? 'too-large' : 'network', res.message, res.reach);
      }
      if (res.status !== 200)
        return { ...fail('status', `answered HTTP ${res.status}`, res.reach), status: res.status };
      try {
        return {
          ok: true,
          status: res.status,
          url: hop.url.href,
          json: JSON.parse(res.body) as unknown,
          reach: res.reach,
        };
      } catch {
        return fail('invalid-json', 'did not answer with JSON', res.reach);
      }
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

type FailKind = Exclude<Extract<FetchJsonResult, { ok: false }>['kind'], 'not-allowed'>;

/** A failure, described only when the target is public; `status` is added by the caller for public targets. */
function fail(kind: FailKind, message: string, reach: Reach | undefined): Extract<FetchJsonResult, { ok: false }> {
  if (reach === 'public') return { ok: false, kind, message, reach };
  return { ok: false, kind, message: NOT_FETCHED, ...(reach ? { reach } : {}), opaque: true };
}

type Once =
  | { kind: 'redirect'; location: string; reach: Reach }
  | { kind: 'done'; status: number; body: string; reach: Reach }
  | { kind: 'error'; message: string; tooLarge?: boolean; reach?: Reach };

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the request that resolves the name, then refuses it unless every address passes the fence (so a
 * name cannot lead to loopback, or anywhere blocked, where its URL could not); `seen` records the least public one.
 */
function fencedLookup(
  hop: Hop,
  options: FetchOptions,
  classify: (ip: string) => AddressClass,
  seen: (reach: Reach) => void,
) {
  return (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    const done = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]): void => {
      if (err) return callback(err, []);
      let reach: Reach | undefined;
      for (const a of addresses) {
        const cls = classify(a.address);
        const refused = addressRefusal(cls, hop, options);
        if (refused || cls === 'blocked') {
          const e: NodeJS.ErrnoException = new Error(refused);
          e.code = 'VI_REFUSED_ADDRESS';
          return callback(e, []);
        }
        reach = reach ? leastPublic(reach, cls) : cls;
      }
      if (!reach || addresses.length === 0)
        return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
      seen(reach);
      if (lookupOptions.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    };
    try {
      dnsLookup(hostname, { ...lookupOptions, all: true } as LookupAllOptions, done);
    } catch (e) {
      callback(e as NodeJS.ErrnoException, []);
    }
  };
}

/** A fixed phrase for a connection failure of a public target: the class of problem, never the library's text. */
function describeError(e: NodeJS.ErrnoException): string {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'closed the connection early';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_|HOSTNAME|ALTNAME/i.test(code))
    return 'presented a certificate this machine does not trust';
  return 'could not be reached';
}

async function once(
  hop: Hop,
  signal: AbortSignal,
  limits: FetchLimits,
  options: FetchOptions,
  classify: (ip: string) => AddressClass,
): Promise<Once> {
  const u = hop.url;
  const ip = ipOfHost(u.hostname);
  // An address in the URL is classed here (no lookup happens); a name when it resolves.
  let reach: Reach | undefined = ip ? (classify(ip) as Reach) : undefined;
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
        ...(ip ? {} : { lookup: fencedLookup(hop, options, classify, r => (reach = r)) }),
        agent: false,
      },
      res => {
        const at = reach ?? 'private';
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
          res.resume();
          resolve({ kind: 'redirect', location: res.headers.location, reach: at });
          return;
        }
        const tooLarge = () => {
          resolve({
            kind: 'error',
            message: `sent more than the ${limits.maxBytes / 1024} KB limit`,
            tooLarge: true,
            reach: at,
          });
          res.destroy();
        };
        if (Number(res.headers['content-length'] ?? NaN) > limits.maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limits.maxBytes) return tooLarge();
          chunks.push(c);
        });
        res.on('end', () => resolve({ kind: 'done', status, body: Buffer.concat(chunks).toString('utf8'), reach: at }));
        res.on('error', () => resolve({ kind: 'error', message: 'closed the connection early', reach: at }));
        res.on('aborted', () => resolve({ kind: 'error', message: 'closed the connection early', reach: at }));
      },
    );
    req.on('error', e => resolve({ kind: 'error', message: describeError(e), reach }));
    req.end();
  });
}
