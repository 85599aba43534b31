/**
 * The HTTP server: loopback-only, claims each request for Verified Permissions (awsJson1_0), EC2 (Query) or the
 * `/__emulator/` control API, checks SigV4, applies faults and latency before any state changes, and answers.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { avpError, avpErrorBody } from './avp-errors';
import { AVP_TARGET_PREFIX, parseAvpBody, runAvp } from './avp';
import { handleControl, sendJson } from './control';
import type { EmulatorCore } from './core';
import { decodeEc2, EC2_VERSION, runEc2 } from './ec2';
import { ec2Error } from './ec2-render';
import { checkSigV4, type AuthCheck } from './sigv4';
import { ProtocolError, type FaultKind, type Service } from './types';
import { errorDocument, responseDocument } from './xml';

const BODY_LIMIT = 2 * 1024 * 1024;
const AVP_CONTENT_TYPE = 'application/x-amz-json-1.0';
const XML_CONTENT_TYPE = 'text/xml;charset=UTF-8';

interface Claim {
  service: Service;
  operation: string;
  /** EC2 form fields (body or query), without Action, Version and SigV4 query fields. */
  form?: [string, string][];
  version?: string | null;
}

export function createHttpServer(core: EmulatorCore): Server {
  const server = createServer((req, res) => {
    handle(core, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 500, `emulator failure: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isLoopbackHost(req.headers.host))
    return sendText(res, 421, 'The emulator only answers requests addressed to 127.0.0.1 or localhost.');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (body === undefined) return sendText(res, 413, `Request bodies are limited to ${BODY_LIMIT} bytes.`, true);
  if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/'))
    return handleControl(core, req, res, url, body);
  const claim = claimRequest(req, url, body);
  if (typeof claim === 'string')
    return sendJson(res, 404, { message: `Not an AWS request this emulator serves: ${claim}` });
  await serveAws(core, claim, req, res, url, body);
}

/** Smithy claiming rules: awsJson1_0 by `X-Amz-Target`, ec2Query by a form with `Action`; otherwise the reason why not. */
function claimRequest(req: IncomingMessage, url: URL, body: string): Claim | string {
  const target = header(req, 'x-amz-target');
  const contentType = (header(req, 'content-type') ?? '').toLowerCase();
  if (url.pathname !== '/') return `AWS requests go to path '/', not '${url.pathname}'.`;
  if (target !== undefined) {
    if (!target.startsWith(AVP_TARGET_PREFIX))
      return `X-Amz-Target '${target}' is not a Verified Permissions operation.`;
    if (req.method !== 'POST') return 'awsJson1_0 requests must be POST.';
    if (!contentType.startsWith(AVP_CONTENT_TYPE)) return `awsJson1_0 requests need Content-Type ${AVP_CONTENT_TYPE}.`;
    return { service: 'verifiedpermissions', operation: target.slice(AVP_TARGET_PREFIX.length) };
  }
  let fields: URLSearchParams;
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded'))
    fields = new URLSearchParams(body);
  else if (req.method === 'GET' && url.searchParams.has('Action')) fields = url.searchParams;
  else return 'expected X-Amz-Target (Verified Permissions) or an EC2 Query form (Action=…&Version=2016-11-15).';
  const form = [...fields].filter(
    ([k]) => k !== 'Action' && k !== 'Version' && !(req.method === 'GET' && k.startsWith('X-Amz-')),
  );
  return { service: 'ec2', operation: fields.get('Action') ?? '', form, version: fields.get('Version') };
}

async function serveAws(
  core: EmulatorCore,
  claim: Claim,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const { service, operation } = claim;
  const requestId = randomUUID();
  let avpInput: Record<string, unknown> | ProtocolError;
  try {
    avpInput = service === 'verifiedpermissions' ? parseAvpBody(body) : {};
  } catch (e) {
    avpInput = e as ProtocolError;
  }
  const logged =
    service === 'ec2' ? Object.fromEntries(claim.form ?? []) : avpInput instanceof ProtocolError ? {} : avpInput;
  const entry = core.log.start(service, operation || '(none)', requestId, logged);
  let status: number | undefined;
  let errorCode: string | undefined;
  let fault: FaultKind | undefined;
  try {
    const auth = checkSigV4(req.headers, url.searchParams, service);
    if (!auth.ok) throw authError(service, auth);
    const plan = core.faults.plan(service, operation);
    if (plan.delayMs > 0) await core.delay(plan.delayMs);
    fault = plan.failure;
    if (fault === 'reset') {
      req.socket.destroy();
    } else if (fault === 'malformed') {
      status = sendMalformed(res, service, operation, requestId);
    } else if (fault) {
      throw injectedError(service, fault, operation, core.state.accountId);
    } else if (service === 'verifiedpermissions') {
      if (avpInput instanceof ProtocolError) throw avpInput;
      const output = runAvp(operation, avpInput, core.state);
      status = send(res, 200, AVP_CONTENT_TYPE, JSON.stringify(output), requestId);
    } else {
      if (!operation) throw ec2Error('MissingAction', 'The request must contain the parameter Action.');
      if (claim.version !== EC2_VERSION) {
        throw ec2Error(
          'NoSuchVersion',
          `The requested version (${claim.version ?? 'none'}) of service ec2 does not exist; use ${EC2_VERSION}.`,
        );
      }
      const xml = runEc2(operation, decodeEc2(operation, claim.form ?? []), { state: core.state, requestId });
      status = send(res, 200, XML_CONTENT_TYPE, xml, requestId);
    }
  } catch (e) {
    const error = e instanceof ProtocolError ? e : unexpected(service, e);
    errorCode = error.code;
    status =
      service === 'ec2'
        ? send(res, error.status, XML_CONTENT_TYPE, errorDocument(error.code, error.message, requestId), requestId)
        : send(res, error.status, AVP_CONTENT_TYPE, JSON.stringify(avpErrorBody(error)), requestId, {
            'X-Amzn-ErrorType': error.code,
          });
  } finally {
    core.log.end(entry, status, errorCode, fault);
  }
}

function injectedError(
  service: Service,
  kind: 'throttle' | 'server-error' | 'access-denied',
  operation: string,
  account: string,
): ProtocolError {
  if (kind === 'access-denied') {
    const denied = `User: arn:aws:iam::${account}:user/emulator is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`;
    return service === 'ec2'
      ? ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. ${denied}`)
      : avpError.accessDenied(denied);
  }
  if (kind === 'throttle')
    return service === 'ec2' ? ec2Error('RequestLimitExceeded', 'Request limit exceeded.') : avpError.throttling();
  return service === 'ec2'
    ? ec2Error('InternalError', 'An internal error has occurred (injected by the emulator).')
    : avpError.internal();
}

function authError(service: Service, auth: Extract<AuthCheck, { ok: false }>): ProtocolError {
  if (service === 'ec2')
    return ec2Error('AuthFailure', `AWS was not able to validate the provided access credentials: ${auth.message}`);
  if (auth.problem === 'missing') return avpError.missingAuth(auth.message);
  return auth.problem === 'wrong-service'
    ? avpError.invalidSignature(auth.message)
    : avpError.incompleteSignature(auth.message);
}

function unexpected(service: Service, e: unknown): ProtocolError {
  const detail = e instanceof Error ? e.message : String(e);
  return service === 'ec2'
    ? ec2Error('InternalError', `Emulator failure: ${detail}`)
    : new ProtocolError('InternalServerException', 500, `Emulator failure: ${detail}`);
}

/** A 200 whose body is cut short: the client's parser must fail. */
function sendMalformed(res: ServerResponse, service: Service, operation: string, requestId: string): number {
  const full =
    service === 'ec2'
      ? responseDocument(
          operation,
          requestId,
          '<verifiedAccessTrustProvider><verifiedAccessTrustProviderId>vatp-0</verifiedAccessTrustProviderId></verifiedAccessTrustProvider>',
        )
      : JSON.stringify({ note: `${operation} answer truncated by the emulator`, requestId });
  return send(
    res,
    200,
    service === 'ec2' ? XML_CONTENT_TYPE : AVP_CONTENT_TYPE,
    full.slice(0, Math.floor(full.length / 2)),
    requestId,
  );
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
  extra: Record<string, string> = {},
): number {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    ...extra,
  });
  res.end(body);
  return status;
}

function sendText(res: ServerResponse, status: number, text: string, close = false): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Only requests addressed to the loopback interface (a DNS-rebinding page cannot reach the emulator). */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

/** The body as text, or undefined when it is over the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
