/**
 * OIDC discovery checks: the issuer serves `<issuer>/.well-known/openid-configuration`, its `issuer` is exactly the
 * configured one, its `jwks_uri` is reachable; trust provider endpoints match discovery; an access-token identity
 * source gets tokens it can use. Fetching (limits, https only) is the host's; results are cached here briefly.
 */
import { getValue, type Node } from '../parse/ast';
import type { ParsedDocument } from '../parse';
import type { Finding } from '../rules/context';
import { R } from '../rules/semantic';
import type { Kind } from '../types';
import type { FetchJsonResult, SemanticHost } from './host';

const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; result: Promise<FetchJsonResult> }>();

/** Fetch through a short-lived cache shared by every document (one request per URL per TTL). */
export function cachedFetch(host: SemanticHost, url: string, signal?: AbortSignal): Promise<FetchJsonResult> {
  const now = host.now?.() ?? Date.now();
  const hit = cache.get(url);
  if (hit && now - hit.at < TTL_MS) return hit.result;
  const result = host.fetchJson!(url, signal).then(r => {
    // Failures caused by cancellation must not be remembered.
    if (!r.ok && signal?.aborted) cache.delete(url);
    return r;
  });
  if (cache.size > 200) cache.clear();
  cache.set(url, { at: now, result });
  return result;
}

/** Forget cached discovery results (Refresh Checks). */
export function clearDiscoveryCache(): void {
  cache.clear();
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

async function checkTarget(t: Target, host: SemanticHost, signal?: AbortSignal): Promise<Finding[]> {
  const issuer = t.issuer.value;
  const url = discoveryUrl(issuer);
  if (!url) return [];
  const res = await cachedFetch(host, url, signal);
  if (!res.ok) {
    const definitive = res.kind === 'status' || res.kind === 'invalid-json';
    return [
      finding(
        definitive ? R.discoveryInvalid : R.discoveryFailed,
        t.issuer,
        t.issuerPath,
        definitive
          ? `No OIDC discovery document at ${url}: ${res.message}. The service reads it when the resource is created.`
          : `Could not check the issuer: ${url} ${res.message}.`,
      ),
    ];
  }
  const doc = res.json;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return [
      finding(
        R.discoveryInvalid,
        t.issuer,
        t.issuerPath,
        `${url} is not an OIDC discovery document (expected a JSON object).`,
      ),
    ];
  }
  const d = doc as Record<string, unknown>;
  const out: Finding[] = [];
  const missing = ['issuer', 'jwks_uri'].filter(k => typeof d[k] !== 'string');
  if (missing.length) {
    out.push(
      finding(
        R.discoveryInvalid,
        t.issuer,
        t.issuerPath,
        `The discovery document at ${url} lacks ${missing.map(m => `'${m}'`).join(' and ')}.`,
      ),
    );
    return out;
  }
  const discovered = d.issuer as string;
  if (discovered !== issuer) {
    out.push(
      finding(
        R.issuerMismatch,
        t.issuer,
        t.issuerPath,
        `The issuer's discovery document says its issuer is ${JSON.stringify(discovered)}, not ${JSON.stringify(issuer)}; tokens would never match. Use exactly the published value.`,
        { suggestion: discovered },
      ),
    );
  }
  const jwks = await cachedFetch(host, d.jwks_uri as string, signal);
  const keys =
    jwks.ok && jwks.json && typeof jwks.json === 'object' ? (jwks.json as { keys?: unknown }).keys : undefined;
  if (!jwks.ok || !Array.isArray(keys) || keys.length === 0) {
    out.push(
      finding(
        R.jwksUnreachable,
        t.issuer,
        t.issuerPath,
        `The signing keys at ${String(d.jwks_uri)} ${jwks.ok ? 'hold no keys' : `could not be fetched (${jwks.message})`}: tokens from this issuer cannot be verified.`,
      ),
    );
  }
  if (t.endpoints) {
    const { holder, members } = t.endpoints;
    const fill: Record<string, string> = {};
    for (const [member, key] of Object.entries(ENDPOINTS))
      if (member in members && typeof d[key] === 'string') fill[member] = d[key];
    for (const [member, node] of Object.entries(members)) {
      const expected = fill[member];
      if (!node || expected === undefined || node.value === expected) continue;
      out.push(
        finding(
          R.endpointMismatch,
          node,
          `${holder}.${member}`,
          `'${holder}.${member}' is ${JSON.stringify(node.value)}, but the issuer's discovery document publishes ${JSON.stringify(expected)}.`,
          { suggestion: expected, member, holder, discovered: fill },
        ),
      );
    }
    const absent = Object.keys(fill).filter(m => !members[m]);
    if (absent.length && !out.some(f => f.rule === R.endpointMismatch)) {
      // Nothing differs, but some endpoints are missing: offer the fill on the issuer.
      out.push(
        finding(
          R.endpointMismatch,
          t.issuer,
          t.issuerPath,
          `'${holder}' has no ${absent.join(', ')}; the issuer's discovery document publishes ${absent.map(m => fill[m]).join(', ')}.`,
          { holder, discovered: fill },
        ),
      );
    }
  }
  if (t.accessTokens) {
    const responseTypes = Array.isArray(d.response_types_supported)
      ? (d.response_types_supported as unknown[]).map(String)
      : undefined;
    if (responseTypes && !responseTypes.some(r => r.split(' ').some(p => p === 'code' || p === 'token'))) {
      out.push(
        finding(
          R.tokenTypes,
          t.issuer,
          t.issuerPath,
          `'accessTokenOnly' needs access tokens, but discovery advertises only ${responseTypes.join(', ')} (no 'code' or 'token' flow). Use 'identityTokenOnly', or enable access tokens at the provider.`,
        ),
      );
    }
  }
  const algs = Array.isArray(d.id_token_signing_alg_values_supported)
    ? (d.id_token_signing_alg_values_supported as unknown[]).map(String)
    : undefined;
  if (t.asymmetricOnly && algs && algs.length && !algs.some(a => ASYMMETRIC.test(a))) {
    out.push(
      finding(
        R.tokenTypes,
        t.issuer,
        t.issuerPath,
        `Discovery advertises only ${algs.join(', ')} token signing; tokens must be signed with an asymmetric key (RS256, ES256, …) to be verified with the issuer's JWKS.`,
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
