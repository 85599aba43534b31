/**
 * OIDC discovery checks: the issuer serves `<issuer>/.well-known/openid-configuration`, its `issuer` is exactly the
 * configured one, its `jwks_uri` is reachable; trust provider endpoints match discovery; an access-token identity
 * source gets tokens it can use. Fetching (limits, which URLs and addresses) is the host's; results are cached here
 * briefly, per host.
 *
 * Messages never quote what was fetched, except the discovered `issuer` that is compared with the file's (capped),
 * and names from fixed vocabularies (response types, signing algorithms). When the host says a target is not known
 * to be public (`opaque`, or a `reach` other than public), anything but a usable discovery document reads only
 * "could not be fetched", so a workspace cannot map which ports answer on this machine or a private network.
 */
import { getValue, type Node } from '../parse/ast';
import type { ParsedDocument } from '../parse';
import type { Finding } from '../rules/context';
import { shorten } from '../rules/describe';
import { R } from '../rules/semantic';
import type { Kind } from '../types';
import { urlRefusal } from './fetch-policy';
import type { FetchJsonOptions, FetchJsonResult, SemanticHost } from './host';

const TTL_MS = 5 * 60_000;
interface Cache {
  generation: number;
  entries: Map<string, { at: number; result: Promise<FetchJsonResult> }>;
}
/** Per host: two hosts may allow different targets (loopback), so they never share results. */
const caches = new WeakMap<SemanticHost, Cache>();
let generation = 0;

/** Fetch through a short-lived cache shared by every document of a host (one request per URL per TTL). */
export function cachedFetch(
  host: SemanticHost,
  url: string,
  signal?: AbortSignal,
  options?: FetchJsonOptions,
): Promise<FetchJsonResult> {
  let cache = caches.get(host);
  if (!cache || cache.generation !== generation) caches.set(host, (cache = { generation, entries: new Map() }));
  const key = `${options?.referrer ?? ''}\u0000${url}`;
  const now = host.now?.() ?? Date.now();
  const hit = cache.entries.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.result;
  const entries = cache.entries;
  const result = host.fetchJson!(url, signal, options).then(r => {
    // Failures caused by cancellation must not be remembered.
    if (!r.ok && signal?.aborted) entries.delete(key);
    return r;
  });
  if (entries.size > 200) entries.clear();
  entries.set(key, { at: now, result });
  return result;
}

/** Forget cached discovery results (Refresh Checks). */
export function clearDiscoveryCache(): void {
  generation++;
}

export function discoveryUrl(issuer: string): string | undefined {
  try {
    const u = new URL(issuer);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  } catch {
    return undefined;
  }
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** The only message for anything that went wrong with a target that is not known to be public. */
const NOT_FETCHED = 'could not be fetched';
/** The discovered issuer (what the file is compared with) and URLs made from the file's are shown, but not at any length. */
const MAX_SHOWN = 200;
const RESPONSE_TYPE_WORDS = new Set(['code', 'token', 'id_token', 'none']);
const SIGNING_ALGS = new Set(
  ['HS', 'RS', 'PS', 'ES'].flatMap(p => ['256', '384', '512'].map(n => p + n)).concat(['ES256K', 'EdDSA', 'none']),
);

type StringNode = Node & { type: 'string'; value: string };

function str(n: Node | undefined): StringNode | undefined {
  return n?.type === 'string' && n.value !== '' ? (n as StringNode) : undefined;
}

interface Target {
  issuer: StringNode;
  issuerPath: string;
  /** Trust providers: member → node (or undefined when absent), compared against discovery. */
  endpoints?: { holder: string; members: Record<string, StringNode | undefined> };
  accessTokens?: boolean;
  /**
   * Identity sources: Verified Permissions verifies tokens only against the issuer's JWKS, so they must be signed with
   * an asymmetric key. Trust providers are not: Verified Access is the OIDC client and holds the client secret, with
   * which it can verify an HS256 ID token.
   */
  asymmetricOnly?: boolean;
}

const ENDPOINTS: Record<string, string> = {
  AuthorizationEndpoint: 'authorization_endpoint',
  TokenEndpoint: 'token_endpoint',
  UserInfoEndpoint: 'userinfo_endpoint',
  PublicSigningKeyEndpoint: 'jwks_uri',
};

function targets(root: Node | undefined, kind: Kind): Target[] {
  const out: Target[] = [];
  if (kind === 'identity-source' || kind === 'identity-source-update') {
    const conf = kind === 'identity-source' ? 'configuration' : 'updateConfiguration';
    const oidc = getValue(getValue(root, conf), 'openIdConnectConfiguration');
    const issuer = str(getValue(oidc, 'issuer'));
    if (issuer) {
      out.push({
        issuer,
        issuerPath: `${conf}.openIdConnectConfiguration.issuer`,
        accessTokens: getValue(getValue(oidc, 'tokenSelection'), 'accessTokenOnly') !== undefined,
        asymmetricOnly: true,
      });
    }
    return out;
  }
  for (const holder of ['OidcOptions', 'NativeApplicationOidcOptions']) {
    const h = getValue(root, holder);
    const issuer = str(getValue(h, 'Issuer'));
    if (!issuer) continue;
    const members: Record<string, StringNode | undefined> = {};
    for (const m of Object.keys(ENDPOINTS)) {
      if (m === 'PublicSigningKeyEndpoint' && holder !== 'NativeApplicationOidcOptions') continue;
      members[m] = str(getValue(h, m));
    }
    out.push({ issuer, issuerPath: `${holder}.Issuer`, endpoints: { holder, members } });
  }
  return out;
}

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$/;

function finding(
  rule: (typeof R)[keyof typeof R],
  node: Node,
  path: string,
  message: string,
  data?: Finding['data'],
): Finding {
  return { rule, severity: rule.severity, message, start: node.start, end: node.end, path, ...(data ? { data } : {}) };
}

/** Whether what a fetch brought back may be described (the target is public), or only called "not fetched". */
const described = (res: FetchJsonResult) => (res.ok ? res.reach === 'public' : !res.opaque);

const shown = (value: string) => JSON.stringify(shorten(value, MAX_SHOWN));

async function checkTarget(t: Target, host: SemanticHost, signal?: AbortSignal): Promise<Finding[]> {
  const issuer = t.issuer.value;
  const refused = urlRefusal(issuer);
  const url = discoveryUrl(issuer);
  if (refused || !url) {
    return [
      finding(
        R.issuerNotFetched,
        t.issuer,
        t.issuerPath,
        `The issuer is not checked online: it ${refused ?? 'is not an https URL'}. An OpenID Connect issuer is an https URL without user info, query or fragment.`,
      ),
    ];
  }
  const res = await cachedFetch(host, url, signal);
  const notFetched = (why: string) => [
    finding(
      R.discoveryFailed,
      t.issuer,
      t.issuerPath,
      `Could not check the issuer: ${shorten(url, MAX_SHOWN)} ${why}.`,
    ),
  ];
  if (!res.ok) {
    if (res.kind === 'not-allowed')
      return [
        finding(
          R.issuerNotFetched,
          t.issuer,
          t.issuerPath,
          `The issuer is not checked online: ${shorten(url, MAX_SHOWN)} ${res.message}.`,
        ),
      ];
    if (!res.opaque && (res.kind === 'status' || res.kind === 'invalid-json')) {
      return [
        finding(
          R.discoveryInvalid,
          t.issuer,
          t.issuerPath,
          `No OIDC discovery document at ${shorten(url, MAX_SHOWN)}: it ${res.message}. The service reads it when the resource is created.`,
        ),
      ];
    }
    return notFetched(res.opaque ? NOT_FETCHED : res.message);
  }
  const doc = res.json;
  const d = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const missing = d ? ['issuer', 'jwks_uri'].filter(k => typeof d[k] !== 'string') : [];
  if (!d || missing.length) {
    if (!described(res)) return notFetched(NOT_FETCHED);
    return [
      finding(
        R.discoveryInvalid,
        t.issuer,
        t.issuerPath,
        d
          ? `The discovery document at ${shorten(url, MAX_SHOWN)} lacks ${missing.map(m => `'${m}'`).join(' and ')}.`
          : `${shorten(url, MAX_SHOWN)} is not an OIDC discovery document (expected a JSON object).`,
      ),
    ];
  }
  const out: Finding[] = [];
  const discovered = d.issuer as string;
  if (discovered !== issuer) {
    out.push(
      finding(
        R.issuerMismatch,
        t.issuer,
        t.issuerPath,
        `The issuer's discovery document says its issuer is ${shown(discovered)}, not ${shown(issuer)}; tokens would never match. Use exactly the published value.`,
        { suggestion: discovered },
      ),
    );
  }
  const jwksProblem = await checkKeys(d.jwks_uri as string, res, host, signal);
  if (jwksProblem) out.push(finding(R.jwksUnreachable, t.issuer, t.issuerPath, jwksProblem));
  if (t.endpoints) out.push(...endpointFindings(t, t.endpoints, d));
  if (t.accessTokens) {
    const responseTypes = Array.isArray(d.response_types_supported)
      ? (d.response_types_supported as unknown[]).map(String)
      : undefined;
    if (responseTypes && !responseTypes.some(r => r.split(' ').some(p => p === 'code' || p === 'token'))) {
      const known = responseTypes.filter(r => r.split(' ').every(p => RESPONSE_TYPE_WORDS.has(p)));
      out.push(
        finding(
          R.tokenTypes,
          t.issuer,
          t.issuerPath,
          `'accessTokenOnly' needs access tokens, but discovery advertises only ${known.length ? known.slice(0, 8).join(', ') : 'response types without them'} (no 'code' or 'token' flow). Use 'identityTokenOnly', or enable access tokens at the provider.`,
        ),
      );
    }
  }
  const algs = Array.isArray(d.id_token_signing_alg_values_supported)
    ? (d.id_token_signing_alg_values_supported as unknown[]).map(String)
    : undefined;
  if (t.asymmetricOnly && algs && algs.length && !algs.some(a => ASYMMETRIC.test(a))) {
    const known = algs.filter(a => SIGNING_ALGS.has(a));
    out.push(
      finding(
        R.tokenTypes,
        t.issuer,
        t.issuerPath,
        `Discovery advertises ${known.length ? `only ${known.slice(0, 8).join(', ')}` : 'no asymmetric'} token signing; tokens must be signed with an asymmetric key (RS256, ES256, …) to be verified with the issuer's JWKS.`,
      ),
    );
  }
  return out;
}

/** What is wrong with the discovery document's `jwks_uri`, if anything (fetched under the same rules). */
async function checkKeys(
  jwksUri: string,
  discovery: FetchJsonResult & { ok: true },
  host: SemanticHost,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const cannot = 'tokens from this issuer cannot be verified';
  const refused = urlRefusal(jwksUri);
  if (refused) return `The discovery document's jwks_uri is not fetched: it ${refused}; ${cannot} here.`;
  const jwks = await cachedFetch(host, jwksUri, signal, { referrer: discovery.reach });
  if (!jwks.ok && jwks.kind === 'not-allowed')
    return `The discovery document's jwks_uri is not fetched: it ${jwks.message}; ${cannot} here.`;
  const keys =
    jwks.ok && jwks.json && typeof jwks.json === 'object' ? (jwks.json as { keys?: unknown }).keys : undefined;
  if (jwks.ok && Array.isArray(keys) && keys.length > 0) return undefined;
  const why = !described(jwks) ? NOT_FETCHED : jwks.ok ? 'hold no keys' : jwks.message;
  return `The signing keys named by the discovery document (jwks_uri) ${why}: ${cannot}.`;
}

/** Trust provider endpoints against discovery. The published values go to the quick fix (data), not the message. */
function endpointFindings(t: Target, endpoints: NonNullable<Target['endpoints']>, d: Record<string, unknown>) {
  const out: Finding[] = [];
  const { holder, members } = endpoints;
  const fill: Record<string, string> = {};
  for (const [member, key] of Object.entries(ENDPOINTS)) {
    const v = d[key];
    if (member in members && typeof v === 'string' && v.length <= 2048) fill[member] = v;
  }
  for (const [member, node] of Object.entries(members)) {
    const expected = fill[member];
    if (!node || expected === undefined || node.value === expected) continue;
    out.push(
      finding(
        R.endpointMismatch,
        node,
        `${holder}.${member}`,
        `'${holder}.${member}' differs from the ${ENDPOINTS[member]} that the issuer's discovery document publishes (the quick fix puts it in).`,
        { suggestion: expected, member, holder, discovered: fill },
      ),
    );
  }
  const absent = Object.keys(fill).filter(m => !members[m]);
  if (absent.length && out.length === 0) {
    // Nothing differs, but some endpoints are missing: offer the fill on the issuer.
    out.push(
      finding(
        R.endpointMismatch,
        t.issuer,
        t.issuerPath,
        `'${holder}' has no ${absent.join(', ')}, which the issuer's discovery document publishes (the quick fix fills them in).`,
        { holder, discovered: fill },
      ),
    );
  }
  return out;
}

export async function oidcFindings(
  doc: ParsedDocument,
  kind: Kind,
  host: SemanticHost,
  signal?: AbortSignal,
): Promise<Finding[]> {
  if (!host.fetchJson) return [];
  const all = await Promise.all(targets(doc.root, kind).map(t => checkTarget(t, host, signal)));
  return all.flat();
}
