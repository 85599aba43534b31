/**
 * Verifies a token's signature with the keys its identity source's issuer publishes: the host's part of the token
 * check (`VerifySignature` of server/src/service/token). Only the target the service names is used (the user pool's
 * JWKS, or the `jwks_uri` of the issuer's discovery document), never a URL taken from the token; every document is
 * fetched through the fenced `fetch-json.ts` (https only, loopback only when allowed, no credentials, fixed
 * messages). Keys are checked with jose's `createLocalJWKSet` + `compactVerify`, restricted to the algorithms the
 * target allows (asymmetric only). Key sets and discovery documents are cached for 5 minutes per URL; a token whose
 * `kid` is not in a cached key set makes one refetch (at most once per 30 s per URL), for keys the issuer rotated.
 *
 * Nothing here logs, and no verdict quotes the token or what was fetched: reasons are fixed phrases plus the
 * token's `kid` and `alg` header values.
 */
import type { FetchJsonResult, Reach } from '../service/semantic/host';
import { urlRefusal } from '../service/semantic/fetch-policy';
import { normalizeTokenText, type SignatureTarget, type SignatureVerdict } from '../service/token';
import { fetchJson as fencedFetch, type FetchOptions } from './fetch-json';
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

/** How long a fetched key set or discovery document is reused. */
export const KEYS_TTL_MS = 5 * 60_000;
/** A key set is fetched again for an unknown `kid` at most this often per URL. */
export const REFETCH_COOLDOWN_MS = 30_000;

/** GET through the fence; `referrer` is where the document that named the URL came from. */
export type FenceFetch = (url: string, referrer: Reach | undefined, signal?: AbortSignal) => Promise<FetchJsonResult>;

export interface JwtVerifierOptions extends Pick<
  FetchOptions,
  'allowLoopback' | 'loopbackHint' | 'ca' | 'userAgent' | 'classify' | 'limits'
> {
  /** Replaces the fenced fetch (tests count requests through it). */
  fetch?: FenceFetch;
  /** Milliseconds since the epoch, for the cache; Date.now by default. */
  now?: () => number;
  refetchCooldownMs?: number;
}

export interface JwtVerifier {
  (token: string, target: SignatureTarget, signal?: AbortSignal): Promise<SignatureVerdict>;
  /** Forgets every cached key set and discovery document. */
  clear(): void;
}

interface CacheEntry {
  at: number;
  result: Promise<FetchJsonResult>;
}

type Jose = typeof JoseModule;
let joseModule: Promise<Jose> | undefined;
/** Loaded on first use: most sessions never verify a token. */
const jose = (): Promise<Jose> => (joseModule ??= import('jose'));

const notChecked = (reason: string): SignatureVerdict => ({ status: 'not-checked', reason });
const invalid = (reason: string): SignatureVerdict => ({ status: 'invalid', reason });

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JOSE header's `kid` and `alg`, for reasons (both are plain identifiers the issuer chose). */
function headerOf(token: string): { kid?: string; alg?: string } {
  try {
    const h = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
    if (!isObj(h)) return {};
    const short = (v: unknown) => (typeof v === 'string' && /^[\x21-\x7e]{1,64}$/.test(v) ? v : undefined);
    const kid = short(h.kid);
    const alg = short(h.alg);
    return { ...(kid ? { kid } : {}), ...(alg ? { alg } : {}) };
  } catch {
    return {};
  }
}

/** Why a fetch did not give a usable document, as a phrase after "the signature was not checked: ". */
function fetchProblem(what: string, r: Extract<FetchJsonResult, { ok: false }>): string {
  return r.kind === 'not-allowed' ? `${what} is not fetched: it ${r.message}` : `${what} ${r.message}`;
}

export function createJwtVerifier(options: JwtVerifierOptions = {}): JwtVerifier {
  const now = options.now ?? Date.now;
  const cooldown = options.refetchCooldownMs ?? REFETCH_COOLDOWN_MS;
  const fetchDoc: FenceFetch =
    options.fetch ??
    ((url, referrer, signal) =>
      fencedFetch(url, {
        ...(referrer ? { referrer } : {}),
        ...(signal ? { signal } : {}),
        allowLoopback: options.allowLoopback ?? false,
        ...(options.loopbackHint ? { loopbackHint: options.loopbackHint } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        ...(options.classify ? { classify: options.classify } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      }));
  const cache = new Map<string, CacheEntry>();

  /** A document from the cache (fresh, and fetched successfully), or fetched now; `force` skips the cache. */
  const get = (url: string, referrer: Reach | undefined, signal: AbortSignal | undefined, force = false) => {
    const key = `${referrer ?? ''}\u0000${url}`;
    const hit = cache.get(key);
    if (hit && !force && now() - hit.at < KEYS_TTL_MS) return { entry: hit, fresh: false };
    const entry: CacheEntry = { at: now(), result: fetchDoc(url, referrer, signal) };
    cache.set(key, entry);
    // Failures are not kept: the next check asks again (the user may have fixed the issuer or the network).
    void entry.result.then(
      r => {
        if (!r.ok && cache.get(key) === entry) cache.delete(key);
      },
      () => cache.get(key) === entry && cache.delete(key),
    );
    if (cache.size > 100) cache.delete(cache.keys().next().value as string);
    return { entry, fresh: true };
  };

  /** The key set's URL and where it was named from, or why it cannot be had. */
  const keysLocation = async (
    target: SignatureTarget,
    signal: AbortSignal | undefined,
  ): Promise<{ url: string; referrer?: Reach } | { verdict: SignatureVerdict }> => {
    if (target.jwksUrl) return { url: target.jwksUrl };
    if (!target.discoveryUrl) return { verdict: notChecked('the identity source names no place for its keys') };
    const d = await get(target.discoveryUrl, undefined, signal).entry.result;
    if (!d.ok) return { verdict: notChecked(fetchProblem("the issuer's discovery document", d)) };
    if (!isObj(d.json)) return { verdict: notChecked("the issuer's discovery document is not a JSON object") };
    if (d.json.issuer !== target.issuer)
      return {
        verdict: notChecked(
          "the issuer's discovery document names another issuer, so its keys are not the identity source's",
        ),
      };
    const jwksUri = d.json.jwks_uri;
    if (typeof jwksUri !== 'string' || jwksUri === '')
      return { verdict: notChecked("the issuer's discovery document has no jwks_uri") };
    const refused = urlRefusal(jwksUri);
    if (refused) return { verdict: notChecked(`the discovery document's jwks_uri is not fetched: it ${refused}`) };
    return { url: jwksUri, referrer: d.reach };
  };

  const verify = async (raw: string, target: SignatureTarget, signal?: AbortSignal): Promise<SignatureVerdict> => {
    const token = normalizeTokenText(raw);
    const { kid, alg } = headerOf(token);
    if (!alg || !target.algorithms.includes(alg))
      return invalid(
        `The token's algorithm${alg ? ` (${alg})` : ''} is not one the identity source's issuer may sign with (${target.algorithms.join(', ')}).`,
      );
    const where = await keysLocation(target, signal);
    if ('verdict' in where) return where.verdict;
    const what = target.jwksUrl ? "the user pool's published keys (JWKS)" : "the issuer's published keys (jwks_uri)";
    const { compactVerify, createLocalJWKSet } = await jose();

    const noKey = invalid(
      `No key in ${what} matches the token's ${kid ? `kid (${kid}) and ` : ''}algorithm (${alg}), so the signature cannot verify.`,
    );
    /** Verifies with the key set (cached unless `force`); 'no-key' when a cached set lacks the token's key. */
    const attempt = async (force: boolean): Promise<SignatureVerdict | 'no-key'> => {
      const { entry, fresh } = get(where.url, where.referrer, signal, force);
      const r = await entry.result;
      if (!r.ok) return notChecked(fetchProblem(what, r));
      if (!isObj(r.json) || !Array.isArray(r.json.keys)) return notChecked(`${what} are not a JSON Web Key Set`);
      let keySet: KeySet;
      try {
        keySet = createLocalJWKSet(r.json as unknown as Parameters<Jose['createLocalJWKSet']>[0]);
      } catch {
        return notChecked(`${what} are not a valid JSON Web Key Set`);
      }
      const outcome = await verifyWith(compactVerify, token, keySet, target.algorithms);
      if (outcome !== 'no-key') return outcome;
      return fresh ? noKey : 'no-key';
    };

    let verdict = await attempt(false);
    if (verdict === 'no-key') {
      // The key set came from the cache: the issuer may have rotated its keys since. Ask once more.
      const age = now() - (cache.get(`${where.referrer ?? ''}\u0000${where.url}`)?.at ?? 0);
      const again = age >= cooldown ? await attempt(true) : noKey;
      verdict = again === 'no-key' ? noKey : again;
    }
    if (verdict.status === 'valid')
      return { status: 'valid', reason: `The signature verifies with ${what}${kid ? `, key ${kid}` : ''}.` };
    return verdict;
  };

  return Object.assign(verify, { clear: () => cache.clear() });
}

type CompactVerify = Jose['compactVerify'];
type KeySet = ReturnType<Jose['createLocalJWKSet']>;

const code = (e: unknown): string =>
  e !== null && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : '';

/** One verification against a key set; several keys that match (same kid, or none) are each tried. */
async function verifyWith(
  compactVerify: CompactVerify,
  token: string,
  keySet: KeySet,
  algorithms: string[],
): Promise<SignatureVerdict | 'no-key'> {
  try {
    await compactVerify(token, keySet, { algorithms });
    return { status: 'valid' };
  } catch (e) {
    switch (code(e)) {
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return 'no-key';
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS': {
        const candidates = e as AsyncIterable<Awaited<ReturnType<KeySet>>>;
        let tried = 0;
        for await (const key of candidates) {
          tried++;
          try {
            await compactVerify(token, key, { algorithms });
            return { status: 'valid' };
          } catch {
            // the next candidate
          }
        }
        return tried === 0
          ? notChecked("none of the issuer's keys that match the token could be used")
          : invalid("The signature does not verify with any of the issuer's keys that match the token.");
      }
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return invalid(
          "The signature does not verify with the issuer's key: the token was altered or signed by someone else.",
        );
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return invalid("The token's algorithm is not one the identity source's issuer may sign with.");
      case 'ERR_JWS_INVALID':
        return invalid('The token is not a JWS that can be verified (its header asks for something unsupported).');
      case 'ERR_JWKS_INVALID':
      case 'ERR_JWK_INVALID':
      case 'ERR_JOSE_NOT_SUPPORTED':
        return notChecked("the issuer's key for this token could not be used (malformed or of an unsupported type)");
      default:
        return notChecked('the signature check failed unexpectedly');
    }
  }
}
