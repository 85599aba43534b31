/**
 * SigV4 presence check: a well-formed `Authorization` header with `X-Amz-Date` and a credential scope for the right
 * service. The signature itself is not verified, so any fake credentials work. Presigned query strings are refused:
 * a web page cannot set `Authorization` on a cross-origin request, but it can put anything in a URL.
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

/** Query parameters of a presigned URL: anyone can put them in a link or a form's action, so they are refused. */
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders'];

export function checkSigV4(headers: IncomingHttpHeaders, query: URLSearchParams, service: Service): AuthCheck {
  const auth = header(headers, 'authorization')?.trim();
  const presigned = PRESIGN_PARAMS.some(p => query.has(p));
  if (!auth) {
    return {
      ok: false,
      problem: 'missing',
      message: presigned
        ? 'Request is missing Authentication Token: the emulator takes SigV4 in the Authorization header only, not presigned query strings.'
        : 'Request is missing Authentication Token: sign it with SigV4 in the Authorization header.',
    };
  }
  if (presigned) return malformed('Sign with the Authorization header or the query string, not both.');
  const m = HEADER_RE.exec(auth);
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

function finish(
  accessKeyId: string,
  day: string,
  region: string,
  scopeService: string,
  date: string | undefined,
  service: Service,
): AuthCheck {
  if (date === undefined) return malformed(`Authorization requires the X-Amz-Date header.`);
  const d = DATE_RE.exec(date);
  if (!d) return malformed(`X-Amz-Date must look like 20240101T000000Z.`);
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
