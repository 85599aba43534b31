/**
 * SigV4 presence check: a well-formed `Authorization` header (or presigned query) with `X-Amz-Date` and a credential
 * scope for the right service. The signature itself is not verified, so any fake credentials work.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Service } from './types';

export type AuthCheck =
  | { ok: true; accessKeyId: string; region: string }
  | { ok: false; problem: 'missing' | 'malformed' | 'wrong-service'; message: string };

const HEADER_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;.-]+),\s*Signature=([0-9a-f]{64})$/;
const DATE_RE = /^(\d{8})T\d{6}Z$/;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function checkSigV4(headers: IncomingHttpHeaders, query: URLSearchParams, service: Service): AuthCheck {
  const auth = header(headers, 'authorization');
  if (auth !== undefined) {
    const m = HEADER_RE.exec(auth.trim());
    if (!m) return malformed(`The Authorization header is not a valid AWS4-HMAC-SHA256 signature header.`);
    const [, accessKeyId, day, region, scopeService, signedHeaders] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!signedHeaders.split(';').includes('host')) return malformed(`SignedHeaders must include 'host'.`);
    return finish(accessKeyId, day, region, scopeService, header(headers, 'x-amz-date'), service);
  }
  if (query.has('X-Amz-Algorithm') || query.has('X-Amz-Signature')) {
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
      return malformed(`X-Amz-Algorithm must be AWS4-HMAC-SHA256.`);
    const parts = (query.get('X-Amz-Credential') ?? '').split('/');
    if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]) || !parts[0]) {
      return malformed(`X-Amz-Credential must be <key>/<date>/<region>/<service>/aws4_request.`);
    }
    if (!/^[0-9a-f]{64}$/.test(query.get('X-Amz-Signature') ?? '') || !query.get('X-Amz-SignedHeaders')) {
      return malformed(`A presigned request needs X-Amz-SignedHeaders and X-Amz-Signature.`);
    }
    return finish(parts[0], parts[1], parts[2], parts[3], query.get('X-Amz-Date') ?? undefined, service);
  }
  return { ok: false, problem: 'missing', message: 'Request is missing Authentication Token' };
}

function finish(
  accessKeyId: string,
  day: string,
  region: string,
  scopeService: string,
  date: string | undefined,
  service: Service,
): AuthCheck {
  if (date === undefined) return malformed(`Authorization requires the X-Amz-Date header (or query parameter).`);
  const d = DATE_RE.exec(date);
  if (!d) return malformed(`X-Amz-Date must look like 20240101T000000Z; got '${date}'.`);
  if (d[1] !== day) return malformed(`The credential scope date ${day} does not match X-Amz-Date ${date}.`);
  if (scopeService !== service) {
    return {
      ok: false,
      problem: 'wrong-service',
      message: `Credential should be scoped to correct service: '${service}'.`,
    };
  }
  return { ok: true, accessKeyId, region };
}

const malformed = (message: string): AuthCheck => ({ ok: false, problem: 'malformed', message });
