/**
 * The HTTP server: refuses what a web page could send (see admission.ts), bounds bodies, claims each request for
 * Verified Permissions (awsJson1_0), EC2 (Query) or the `/__emulator/` control API, checks SigV4, applies faults and
 * latency before any state changes, and answers. It never sends CORS headers, so no page can read an answer.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { refusal } from './admission';
import { avpError, avpErrorBody } from './avp-errors';
import { AVP_TARGET_PREFIX, parseAvpBody, runAvp } from './avp';
import { handleControl, sendJson } from './control';
import type { EmulatorCore } from './core';
import { decodeEc2, EC2_VERSION, runEc2 } from './ec2';
import { parseForm } from './ec2-wire';
import { ec2Error } from './ec2-render';
import { decodeUtf8 } from './json';
import { checkSigV4, type AuthCheck } from './sigv4';
import { ProtocolError, type FaultKind, type Service } from './types';
import { errorDocument, responseDocument } from './xml';

/** Request bodies above this get a 413 (the largest real input, a 100,000-byte Cedar schema, fits many times). */
const BODY_LIMIT = 2 * 1024 * 1024;
const AVP_CONTENT_TYPE = 'application/x-amz-json-1.0';
const XML_CONTENT_TYPE = 'text/xml;charset=UTF-8';

interface Claim {
  service: Service;
  operation: string;
  /** EC2 form fields (body or query), without Action and Version. */
  form?: [string, string][];
  version?: string | null;
  /** EC2: the form is not valid percent-encoded UTF-8 (answered after the signature check). */
  malformed?: boolean;
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
  const refused = refusal(req);
  if (refused !== undefined) return sendJson(res, 403, { message: refused });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (body === undefined) {
    return sendJson(res, 413, { message: `Request bodies are limited to ${BODY_LIMIT} bytes.` });
  }
  if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/'))
    return handleControl(core, req, res, url, body);
  const claim = claimRequest(req, url, body);
  if (typeof claim === 'string')
    return sendJson(res, 404, { message: `Not an AWS request this emulator serves: ${claim}` });
  await serveAws(core, claim, req, res, url, body);
}

/** Smithy claiming rules: awsJson1_0 by `X-Amz-Target`, ec2Query by a form with `Action`; otherwise the reason why not. */
function claimRequest(req: IncomingMessage, url: URL, body: Buffer): Claim | string {
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
  let text: string | undefined;
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) text = decodeUtf8(body);
  else if (req.method === 'GET' && url.searchParams.has('Action')) text = url.search.slice(1);
  else return 'expected X-Amz-Target (Verified Permissions) or an EC2 Query form (Action=…&Version=2016-11-15).';
  const fields = text === undefined ? undefined : parseForm(text);
  if (fields === undefined) {
    const action = req.method === 'GET' ? url.searchParams.get('Action') : null;
    return { service: 'ec2', operation: action ?? '', malformed: true };
  }
  const get = (name: string) => fields.find(([k]) => k === name)?.[1];
  const form = fields.filter(([k]) => k !== 'Action' && k !== 'Version');
  return { service: 'ec2', operation: get('Action') ?? '', form, version: get('Version') ?? null };
}

async function serveAws(
  core: EmulatorCore,
  claim: Claim,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
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
      const output = await runAvp(operation, avpInput, core.avp);
      status = send(res, 200, AVP_CONTENT_TYPE, JSON.stringify(output), requestId);
    } else {
      if (claim.malformed) {
        throw ec2Error('MalformedQueryString', 'The request is not valid percent-encoded UTF-8 form data.');
      }
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
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
  return status;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The body, or undefined as soon as it is known to be over the limit (a `Content-Length` above it, or more bytes
 * than that arriving); the rest is then read and dropped while the 413 goes out.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(header(req, 'content-length') ?? 0);
    if (declared > BODY_LIMIT) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
