/**
 * The service target's host: no I/O, but answers that reach every semantic check. Cedar schemas are the fixture
 * schemas (human and JSON form, a broken one, an unreadable one), parsed by the real Cedar engine; discovery
 * documents come from a fake `fetchJson` whose answer depends only on the URL (an exact document, a mismatched
 * issuer, a document without keys, not an object, HTTP errors, timeouts, answers from a private network), so a
 * case gets the same answers every time it runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCedar } from '../../server/src/host/cedar-engine';
import type { CedarSchemaSource, FetchJsonResult, ServiceHost } from '../../server/src/service';
import { ROOT } from './corpus';

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const WELL_KNOWN = '/.well-known/openid-configuration';

function discovery(url: string): FetchJsonResult {
  const issuer = url.endsWith(WELL_KNOWN) ? url.slice(0, -WELL_KNOWN.length) : url;
  const ok = (json: unknown, reach: 'public' | 'private' | 'loopback' = 'public'): FetchJsonResult => ({
    ok: true,
    status: 200,
    url,
    json,
    reach,
  });
  const doc = (over: Record<string, unknown> = {}) => ({
    issuer,
    jwks_uri: `https://keys.example.com/${hash(url) % 3}/jwks`,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    response_types_supported: ['code', 'id_token'],
    id_token_signing_alg_values_supported: ['RS256'],
    ...over,
  });
  switch (hash(url) % 12) {
    case 0:
    case 1:
    case 2:
      return ok(doc());
    case 3:
      return ok(doc({ issuer: `${issuer}/` }));
    case 4:
      return ok(doc({ issuer: 'https://elsewhere.example.com', jwks_uri: 5 }));
    case 5:
      return ok(
        doc({
          response_types_supported: ['id_token'],
          id_token_signing_alg_values_supported: ['HS256', 'x'.repeat(300)],
        }),
      );
    case 6:
      return ok(['not', 'an', 'object']);
    case 7:
      return ok(doc({ authorization_endpoint: 'x'.repeat(3000), token_endpoint: null }), 'private');
    case 8:
      return { ok: false, kind: 'status', status: 404, message: 'answered HTTP 404' };
    case 9:
      return { ok: false, kind: 'timeout', message: 'did not answer within 5 s' };
    case 10:
      return { ok: false, kind: 'network', message: 'could not be fetched', opaque: true };
    default:
      return { ok: false, kind: 'not-allowed', message: 'is not a public https address' };
  }
}

function keys(url: string): FetchJsonResult {
  switch (hash(url) % 3) {
    case 0:
      return { ok: true, status: 200, url, json: { keys: [{ kty: 'RSA' }] }, reach: 'public' };
    case 1:
      return { ok: true, status: 200, url, json: { keys: [] }, reach: 'public' };
    default:
      return { ok: false, kind: 'status', status: 500, message: 'answered HTTP 500' };
  }
}

let schemas: CedarSchemaSource[] | undefined;

function fixtureSchemas(): CedarSchemaSource[] {
  const read = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'cedar', name), 'utf8');
  return (schemas ??= [
    { text: read('mycorp.cedarschema'), format: 'cedar', origin: 'mycorp.cedarschema' },
    { text: read('mycorp.cedarschema.json'), format: 'json', origin: 'mycorp.cedarschema.json' },
    { text: read('broken.cedarschema'), format: 'cedar', origin: 'broken.cedarschema' },
    { text: '', format: 'cedar', origin: 'missing.cedarschema', unreadable: 'not found' },
  ]);
}

export function fuzzHost(): ServiceHost {
  return {
    isLikelyCommitted: () => true,
    cedar: loadCedar,
    cedarSchema: uri => {
      const all = fixtureSchemas();
      return Promise.resolve(hash(uri) % 5 === 4 ? undefined : all[hash(uri) % all.length]);
    },
    fetchJson: url => Promise.resolve(url.includes('keys.example.com') ? keys(url) : discovery(url)),
    now: () => 1_750_000_000_000,
  };
}
