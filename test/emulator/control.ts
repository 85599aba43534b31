/**
 * The `/__emulator/` control API (JSON over HTTP) for an emulator started on its own: state, reset, seed, faults,
 * latency, the issuer map and the request log. It never answers AWS-signed or AWS-targeted requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core';
import { FaultSpecError } from './faults';
import { IssuerMapError } from './issuer-keys';
import { decodeUtf8, readJson } from './json';
import { SeedError, type SeedData } from './seed';
import type { FaultSpec } from './types';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

type Route = (core: EmulatorCore, body: unknown) => [number, unknown];

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /__emulator/health': core => [
    200,
    { ok: true, url: core.url, region: core.state.region, accountId: core.state.accountId },
  ],
  'GET /__emulator/state': core => [200, core.state.snapshot()],
  'POST /__emulator/reset': (core, body) => {
    core.reset({ empty: (body as { empty?: unknown } | undefined)?.empty === true });
    return [200, { ok: true }];
  },
  'POST /__emulator/seed': (core, body) => {
    core.seedMore(body as SeedData);
    return [200, { ok: true }];
  },
  'GET /__emulator/faults': core => [200, { latencyMs: core.faults.latencyMs, faults: core.faults.list() }],
  'POST /__emulator/faults': (core, body) => [201, core.faults.inject(body as FaultSpec)],
  'DELETE /__emulator/faults': core => {
    core.faults.clear();
    return [200, { ok: true }];
  },
  'PUT /__emulator/latency': (core, body) => {
    core.faults.setLatency((body as { ms?: unknown } | undefined)?.ms as number);
    return [200, { latencyMs: core.faults.latencyMs }];
  },
  'GET /__emulator/issuers': core => [200, core.issuers.list()],
  'PUT /__emulator/issuers': (core, body) => {
    core.issuers.replace(body as Record<string, unknown>);
    return [200, core.issuers.list()];
  },
  'GET /__emulator/log': core => [200, { entries: core.log.entries, maxConcurrency: core.log.maxConcurrency() }],
  'DELETE /__emulator/log': core => {
    core.log.clear();
    return [200, { ok: true }];
  },
};

export function handleControl(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  bytes: Uint8Array,
): void {
  const auth = req.headers.authorization ?? '';
  if (req.headers['x-amz-target'] !== undefined || auth.startsWith('AWS4-') || url.searchParams.has('Action')) {
    return sendJson(res, 403, {
      message: 'The /__emulator/ control API does not take AWS requests; send AWS requests to /.',
    });
  }
  const path = url.pathname.replace(/\/+$/, '');
  const route = ROUTES[`${req.method ?? 'GET'} ${path}`];
  if (!route) {
    const known = Object.keys(ROUTES).filter(r => r.endsWith(` ${path}`));
    return known.length > 0
      ? sendJson(res, 405, { message: `Use ${known.join(' or ')}.` })
      : sendJson(res, 404, { message: `No control endpoint ${path}. Endpoints: ${Object.keys(ROUTES).join(', ')}.` });
  }
  let body: unknown;
  if (req.method !== 'GET') {
    // Requiring JSON keeps plain cross-site form posts from a browser away from the control API.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return sendJson(res, 415, { message: 'Control requests with a body must be Content-Type: application/json.' });
    }
    const text = decodeUtf8(bytes);
    if (text === undefined) return sendJson(res, 400, { message: 'The body is not valid UTF-8.' });
    if (text.trim() !== '') {
      const read = readJson(text);
      if (!read.ok) return sendJson(res, 400, { message: `The body is ${read.message}.` });
      body = read.value;
    }
  }
  try {
    const [status, value] = route(core, body);
    sendJson(res, status, value);
  } catch (e) {
    if (e instanceof SeedError) return sendJson(res, 400, { message: e.message, problems: e.problems });
    if (e instanceof FaultSpecError || e instanceof IssuerMapError) return sendJson(res, 400, { message: e.message });
    throw e;
  }
}
