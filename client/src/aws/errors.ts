/**
 * AWS errors → one clear sentence for the user, plus what the UI needs to act on them: the failing action
 * (`verifiedpermissions:CreateIdentitySource`), the service's error code, the request id, whether retrying can help,
 * whether a change may or may not have been applied, and the member paths the service blamed (Verified Permissions
 * `ValidationException.fieldList`; EC2 parameter errors, see ec2-params.ts). Pure: no `vscode`.
 */
import { errorCodeOf } from './clients';
import { ec2ErrorPaths } from './ec2-params';

export type AwsErrorKind =
  | 'validation'
  | 'access-denied'
  | 'credentials'
  | 'not-found'
  | 'conflict'
  | 'quota'
  | 'throttled'
  | 'server'
  | 'network'
  | 'malformed'
  | 'dry-run'
  | 'unknown';

export interface FieldError {
  /** Member path (SPEC §3 syntax); '' when the service named no member. */
  path: string;
  message: string;
}

export interface AwsFailure {
  /** `service:Operation`, e.g. `verifiedpermissions:ListIdentitySources`. */
  action: string;
  code: string;
  kind: AwsErrorKind;
  /** One or two sentences for a notification or an error node. */
  message: string;
  /** The service's own message (may be empty). */
  serviceMessage: string;
  requestId?: string;
  httpStatus?: number;
  attempts?: number;
  fields: FieldError[];
  /** Trying again later may succeed (throttling, server errors, network). */
  retryable: boolean;
  /** A change was sent but its outcome is unknown (the retry must reuse the idempotency token). */
  outcomeUnknown: boolean;
}

export interface FailureContext {
  /** The profile name or "default credentials", for messages about credentials and access. */
  profile?: string;
  region?: string;
  /** The endpoint the call went to, for network errors. */
  endpoint?: string;
  /** The call changes something (create, update, modify, delete). */
  mutating?: boolean;
  /** The request sent, to map EC2 parameter errors to member paths. */
  input?: unknown;
}

/** An error that carries its AwsFailure (thrown by listing.ts and operations.ts). */
export class AwsCallError extends Error {
  constructor(readonly failure: AwsFailure) {
    super(failure.message);
    this.name = 'AwsCallError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'TokenProviderError',
  'SSOTokenProviderFailure',
  'InvalidGrantException',
  'UnauthorizedException',
]);

function kindOf(e: Record<string, unknown>, code: string, message: string): AwsErrorKind {
  const status = (e.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode;
  if (code === 'DryRunOperation') return 'dry-run';
  if (
    CREDENTIAL_CODES.has(code) ||
    /Could not load credentials|credential_process|SSO session .* expired/i.test(message)
  )
    return 'credentials';
  if (code === 'AccessDeniedException' || code === 'UnauthorizedOperation' || code === 'AccessDenied')
    return 'access-denied';
  if (code === 'ValidationException' || /^(MissingParameter|InvalidParameter|UnknownParameter)/.test(code))
    return 'validation';
  if (code === 'ResourceNotFoundException' || /\.NotFound$|^NotFound/.test(code)) return 'not-found';
  if (code === 'ConflictException' || code === 'IdempotentParameterMismatch' || code === 'InvalidStateException')
    return 'conflict';
  if (code === 'ServiceQuotaExceededException' || /LimitExceeded$/.test(code)) {
    return code === 'RequestLimitExceeded' ? 'throttled' : 'quota';
  }
  if (code === 'ThrottlingException' || code === 'Throttling' || code === 'TooManyRequestsException' || status === 429)
    return 'throttled';
  if (/Deserialization error|XML parse error|Unexpected end of JSON|in JSON at position/i.test(message))
    return 'malformed';
  if (
    NETWORK_CODES.has(typeof e.code === 'string' ? e.code : '') ||
    code === 'TimeoutError' ||
    code === 'RequestTimeout' ||
    /socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo|timed? ?out/i.test(message)
  )
    return 'network';
  if (
    e.$fault === 'server' ||
    code === 'InternalServerException' ||
    code === 'InternalError' ||
    code === 'ServiceUnavailable' ||
    code === 'Unavailable' ||
    (status !== undefined && status >= 500)
  )
    return 'server';
  return 'unknown';
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function sentence(s: string): string {
  const t = s.trim();
  return !t || /[.!?)]$/.test(t) ? t : `${t}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fieldList(e: Record<string, unknown>): FieldError[] {
  const list = e.fieldList;
  if (!Array.isArray(list)) return [];
  return list
    .filter((f): f is { path?: unknown; message?: unknown } => !!f && typeof f === 'object')
    .map(f => ({
      path: typeof f.path === 'string' ? f.path : '',
      message: typeof f.message === 'string' ? f.message : '',
    }))
    .slice(0, 100);
}

/** Describes any error thrown by an SDK call (or by the credential chain before it). */
export function describeAwsError(error: unknown, action: string, context: FailureContext = {}): AwsFailure {
  if (error instanceof AwsCallError) return error.failure;
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as Record<string, unknown>;
  const code = errorCodeOf(error);
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const serviceMessage = firstLine(raw);
  const kind = kindOf(e, code, raw);
  const meta = (e.$metadata ?? {}) as { requestId?: string; httpStatusCode?: number; attempts?: number };
  const service = action.split(':')[0] === 'ec2' ? 'EC2' : 'Verified Permissions';
  const who = context.profile ? `profile "${context.profile}"` : 'these credentials';
  const mutating = context.mutating === true;

  let fields: FieldError[] = [];
  if (kind === 'validation') {
    fields = fieldList(e);
    if (fields.length === 0 && service === 'EC2') fields = ec2ErrorPaths(serviceMessage, context.input);
  }

  let message: string;
  switch (kind) {
    case 'validation':
      message =
        fields.length > 1
          ? `${service} rejected the request (${code}, ${plural(fields.length, 'problem')}): ${fields
              .map(f => (f.path ? `${f.path}: ${f.message}` : f.message))
              .join('; ')}`
          : `${service} rejected the request (${code}): ${sentence(fields[0]?.message || serviceMessage)}`;
      break;
    case 'access-denied':
      message = `Access denied: ${who} may not call ${action}${context.region ? ` in ${context.region}` : ''}. ${sentence(serviceMessage)}`;
      break;
    case 'credentials':
      message =
        `No valid AWS credentials for ${who} (${code}): ${sentence(serviceMessage)} ` +
        'Sign in again (for SSO: aws sso login), or choose another profile with Verified Identity: Select Profile.';
      break;
    case 'not-found':
      message = `${sentence(serviceMessage || 'The resource does not exist')} It may have been deleted; refresh the tree.`;
      break;
    case 'conflict':
      message = `${service} refused the change (${code}): ${sentence(serviceMessage)}`;
      break;
    case 'quota':
      message = `${service} quota reached (${code}): ${sentence(serviceMessage)}`;
      break;
    case 'throttled':
      message = `AWS throttled ${action}${meta.attempts ? ` after ${plural(meta.attempts, 'attempt')}` : ''}. Try again in a moment.`;
      break;
    case 'server':
      message = `${service} had an internal error on ${action} (${code}${meta.attempts ? `, ${plural(meta.attempts, 'attempt')}` : ''}). Try again.`;
      break;
    case 'network':
      message = `Could not reach ${service}${context.endpoint ? ` at ${context.endpoint}` : ''} (${
        typeof e.code === 'string' ? e.code : code
      }: ${serviceMessage}).`;
      break;
    case 'malformed':
      message = `${service} answered ${action} with a response that could not be read.`;
      break;
    case 'dry-run':
      message = `Dry run only: the request would have succeeded, but DryRun is true, so nothing was changed. Set DryRun to false to apply it.`;
      break;
    default:
      message = `${action} failed (${code}): ${sentence(serviceMessage)}`;
  }
  const outcomeUnknown = mutating && (kind === 'network' || kind === 'malformed' || kind === 'server');
  if (outcomeUnknown) {
    message +=
      ' The change may or may not have been applied: Retry is safe, it sends the same request again (with the same idempotency token, so nothing is created twice).';
  }
  return {
    action,
    code,
    kind,
    message,
    serviceMessage,
    ...(meta.requestId ? { requestId: meta.requestId } : {}),
    ...(meta.httpStatusCode !== undefined ? { httpStatus: meta.httpStatusCode } : {}),
    ...(meta.attempts !== undefined ? { attempts: meta.attempts } : {}),
    fields,
    retryable: kind === 'throttled' || kind === 'server' || kind === 'network' || kind === 'malformed',
    outcomeUnknown,
  };
}
