/**
 * Token signatures for IsAuthorizedWithToken, verified with `jose` against the keys the identity source's issuer
 * publishes: a Cognito pool's `<issuer>/.well-known/jwks.json`, an OIDC provider's `jwks_uri` from
 * `<issuer>/.well-known/openid-configuration`. Only the identity source's issuer is ever asked (the token module
 * names the target), over https, or plain http on loopback. For tests, an issuer (or a Cognito user pool ID) can be
 * served from a loopback base URL instead: the same paths are then read below that URL.
 */
import type { JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import { fetchJson } from '../../server/src/host/fetch-json';
import type { SignatureTarget, SignatureVerdict, VerifySignature } from '../../server/src/service/token';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

/** How long fetched keys and discovery documents are reused. */
const CACHE_MS = 5 * 60_000;
/** A token whose key is not in the cached set refetches the set, at most this often per URL. */
const REFETCH_MS = 10_000;
/** Documents kept at most (discovery documents and key sets); the oldest goes first. */
const CACHE_ENTRIES = 64;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

export class IssuerMapError extends Error {}

/** Checks one `issuer or pool ID → loopback base URL` entry; returns the base without a trailing `/`. */
export function checkIssuerEntry(key: string, url: unknown): string {
  if (typeof key !== 'string' || !(key.startsWith('https://') || POOL_ID.test(key))) {
    throw new IssuerMapError(`'${key}' is neither an https issuer URL nor a Cognito user pool ID`);
  }
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    throw new IssuerMapError(`the URL for '${key}' is not a URL`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !LOOPBACK.has(u.hostname) || u.search || u.hash) {
    throw new IssuerMapError(
      `the URL for '${key}' must be an http(s) URL on 127.0.0.1, localhost or [::1], without query or fragment`,
    );
  }
  return u.href.replace(/\/+$/, '');
}

interface Cached<T> {
  value: T;
  at: number;
}

export class IssuerKeys {
  private readonly bases = new Map<string, string>();
  private readonly documents = new Map<string, Cached<unknown>>();
  private jose: Promise<Jose> | undefined;

  constructor(
    private readonly start: Readonly<Record<string, string>> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.replace(start);
  }

  /** The issuer map in effect: issuer URL or Cognito user pool ID → loopback base URL. */
  list(): Record<string, string> {
    return Object.fromEntries(this.bases);
  }

  /** Replaces the whole map (checked first: nothing changes when an entry is invalid) and forgets fetched keys. */
  replace(map: Readonly<Record<string, unknown>>): void {
    if (map === null || typeof map !== 'object' || Array.isArray(map)) {
      throw new IssuerMapError('the issuer map must be a JSON object of issuer (or user pool ID) → loopback URL');
    }
    const checked = Object.entries(map).map(([k, v]) => [k, checkIssuerEntry(k, v)] as const);
    this.bases.clear();
    for (const [k, v] of checked) this.bases.set(k, v);
    this.documents.clear();
  }

  /** Adds or changes one entry (checked first), and forgets fetched keys. */
  set(issuerOrPoolId: string, url: string): void {
    this.bases.set(issuerOrPoolId, checkIssuerEntry(issuerOrPoolId, url));
    this.documents.clear();
  }

  /** Back to the map the emulator started with, keys forgotten. */
  reset(): void {
    this.replace(this.start);
  }

  /** The token module's host function: a verdict, never an exception, never the token in a reason. */
  readonly verify: VerifySignature = async (token, target) => {
    const keys = await this.keysFor(target);
    if ('verdict' in keys) return keys.verdict;
    let verdict = await this.check(token, keys.jwks, target);
    if (verdict === 'no-key' && this.now() - keys.at > REFETCH_MS) {
      const fresh = await this.keysFor(target, true);
      if ('verdict' in fresh) return fresh.verdict;
      verdict = await this.check(token, fresh.jwks, target);
    }
    if (verdict === 'no-key') {
      return { status: 'invalid', reason: "No key in the issuer's published key set matches the token's kid and alg." };
    }
    return verdict;
  };

  private base(issuer: string): string | undefined {
    const pool = /^https:\/\/cognito-idp\.[^/]+\/([^/]+)$/.exec(issuer)?.[1];
    return this.bases.get(issuer) ?? (pool !== undefined ? this.bases.get(pool) : undefined);
  }

  /** The issuer's key set: from the cache, or fetched (discovery first for OIDC). */
  private async keysFor(
    target: SignatureTarget,
    refresh = false,
  ): Promise<{ jwks: JSONWebKeySet; at: number } | { verdict: SignatureVerdict }> {
    const base = this.base(target.issuer);
    let jwksUrl = target.jwksUrl && (base ? `${base}/.well-known/jwks.json` : target.jwksUrl);
    if (!jwksUrl) {
      const discoveryUrl = base ? `${base}/.well-known/openid-configuration` : (target.discoveryUrl ?? '');
      const doc = await this.document(discoveryUrl, false);
      if ('verdict' in doc) return doc;
      const d = doc.value as { issuer?: unknown; jwks_uri?: unknown } | null;
      if (d === null || typeof d !== 'object' || d.issuer !== target.issuer || typeof d.jwks_uri !== 'string') {
        return notChecked(
          `the discovery document at ${discoveryUrl} does not name this issuer with a jwks_uri, so its keys are unknown`,
        );
      }
      jwksUrl = d.jwks_uri;
    }
    const set = await this.document(jwksUrl, refresh);
    if ('verdict' in set) return set;
    const keys = (set.value as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) return notChecked(`the key set at ${jwksUrl} is not a JSON Web Key Set`);
    return { jwks: set.value as JSONWebKeySet, at: set.at };
  }

  private async document(url: string, refresh: boolean): Promise<Cached<unknown> | { verdict: SignatureVerdict }> {
    const cached = this.documents.get(url);
    if (cached && !refresh && this.now() - cached.at < CACHE_MS) return cached;
    // The emulator runs on the developer's machine and its issuer map points only at loopback servers (tests, the
    // demo), so it may fetch from this machine; the rest of the fence (https elsewhere, no credentials) still holds.
    const got = await fetchJson(url, { userAgent: 'verified-identity-emulator', allowLoopback: true });
    if (!got.ok) return notChecked(`the issuer's ${url} ${got.message}`);
    const entry = { value: got.json, at: this.now() };
    this.documents.delete(url);
    if (this.documents.size >= CACHE_ENTRIES) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(url, entry);
    return entry;
  }

  private async check(
    token: string,
    jwks: JSONWebKeySet,
    target: SignatureTarget,
  ): Promise<SignatureVerdict | 'no-key'> {
    const jose = await (this.jose ??= import('jose'));
    const options = { algorithms: target.algorithms };
    let keySet: ReturnType<Jose['createLocalJWKSet']>;
    try {
      keySet = jose.createLocalJWKSet(jwks);
    } catch {
      return notChecked("the issuer's key set is malformed").verdict;
    }
    try {
      await jose.compactVerify(token, keySet, options);
      return VALID;
    } catch (e) {
      if (e instanceof jose.errors.JWKSNoMatchingKey) return 'no-key';
      if (e instanceof jose.errors.JWKSMultipleMatchingKeys) {
        for await (const key of e) {
          if (
            await jose.compactVerify(token, key, options).then(
              () => true,
              () => false,
            )
          )
            return VALID;
        }
        return INVALID;
      }
      if (e instanceof jose.errors.JOSEAlgNotAllowed || e instanceof jose.errors.JOSENotSupported) {
        return { status: 'invalid', reason: "The token's alg is not one the issuer's keys are used with." };
      }
      return INVALID;
    }
  }
}

const VALID: SignatureVerdict = { status: 'valid' };
const INVALID: SignatureVerdict = {
  status: 'invalid',
  reason: "The signature does not verify with the issuer's published keys.",
};

const notChecked = (reason: string): { verdict: SignatureVerdict } => ({ verdict: { status: 'not-checked', reason } });
