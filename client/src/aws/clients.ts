/**
 * The SDK clients of one connection: Verified Permissions and EC2, with the connection's region and endpoint
 * overrides, credentials from the SDK's default provider chain for the chosen profile (`fromNodeProviderChain`: env
 * keys, SSO, `credential_process`, assumed roles, web identity, IMDS), request timeouts, and a middleware that reports
 * every call — operation, region, duration, attempts, request id, error code, and nothing else — to `onCall`.
 * Only command classes are imported from the client packages elsewhere, so the bundle keeps what it uses.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { VerifiedPermissionsClient } from '@aws-sdk/client-verifiedpermissions';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Connection } from './connection';

export type ServiceName = 'verifiedpermissions' | 'ec2';

/** One AWS call as the log records it. Never request or response bodies. */
export interface AwsCallRecord {
  service: ServiceName;
  operation: string;
  region: string;
  ms: number;
  attempts?: number;
  requestId?: string;
  httpStatus?: number;
  errorCode?: string;
}

export interface ClientOptions {
  /** Fixed credentials (tests, benchmark); default: `fromNodeProviderChain({ profile })`. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per call, retries included (default 3, the SDK's standard mode). */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  onCall?: (record: AwsCallRecord) => void;
}

export interface AwsClients {
  readonly connection: Connection;
  readonly avp: VerifiedPermissionsClient;
  readonly ec2: EC2Client;
  destroy(): void;
}

export const DEFAULT_TIMEOUTS = { requestTimeoutMs: 30_000, connectionTimeoutMs: 5_000 };

interface Metadata {
  $metadata?: { requestId?: string; attempts?: number; httpStatusCode?: number };
}

/** `IAM:Action`-style name of an operation, e.g. `verifiedpermissions:ListIdentitySources`. */
export function actionName(service: ServiceName, operation: string): string {
  return `${service}:${operation}`;
}

/** The error code the services send (`ValidationException`, `InvalidParameterValue`, …), or the error's name. */
export function errorCodeOf(e: unknown): string {
  if (!e || typeof e !== 'object') return 'Error';
  const err = e as { Code?: unknown; code?: unknown; name?: unknown };
  if (typeof err.Code === 'string' && err.Code) return err.Code;
  if (typeof err.name === 'string' && err.name && err.name !== 'Error') return err.name;
  if (typeof err.code === 'string' && err.code) return err.code;
  return 'Error';
}

type Stack = VerifiedPermissionsClient['middlewareStack'];

function addCallLog(stack: Stack, service: ServiceName, region: string, onCall: (r: AwsCallRecord) => void): void {
  stack.add(
    (next, context) => async args => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const t0 = performance.now();
      const record = (m: Metadata['$metadata'], errorCode?: string): AwsCallRecord => ({
        service,
        operation,
        region,
        ms: Math.round(performance.now() - t0),
        ...(m?.attempts !== undefined ? { attempts: m.attempts } : {}),
        ...(m?.requestId ? { requestId: m.requestId } : {}),
        ...(m?.httpStatusCode !== undefined ? { httpStatus: m.httpStatusCode } : {}),
        ...(errorCode ? { errorCode } : {}),
      });
      try {
        const result = await next(args);
        onCall(record((result.output as Metadata).$metadata));
        return result;
      } catch (e) {
        onCall(record((e as Metadata).$metadata, errorCodeOf(e)));
        throw e;
      }
    },
    { step: 'initialize', name: 'verifiedIdentityCallLog', priority: 'high' },
  );
}

export function createAwsClients(connection: Connection, options: ClientOptions = {}): AwsClients {
  const credentials =
    options.credentials ??
    fromNodeProviderChain(connection.profile ? { profile: connection.profile, ignoreCache: true } : {});
  const common = {
    region: connection.region,
    credentials,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_TIMEOUTS.connectionTimeoutMs,
    },
  };
  const avp = new VerifiedPermissionsClient({
    ...common,
    ...(connection.endpoints.verifiedPermissions ? { endpoint: connection.endpoints.verifiedPermissions } : {}),
  });
  const ec2 = new EC2Client({
    ...common,
    ...(connection.endpoints.ec2 ? { endpoint: connection.endpoints.ec2 } : {}),
  });
  if (options.onCall) {
    addCallLog(avp.middlewareStack, 'verifiedpermissions', connection.region, options.onCall);
    addCallLog(ec2.middlewareStack as unknown as Stack, 'ec2', connection.region, options.onCall);
  }
  return {
    connection,
    avp,
    ec2,
    destroy: () => {
      avp.destroy();
      ec2.destroy();
    },
  };
}

/** The log line of one call. */
export function formatCall(r: AwsCallRecord): string {
  const parts = [
    `${actionName(r.service, r.operation)}`,
    r.region,
    `${r.ms} ms`,
    ...(r.attempts && r.attempts > 1 ? [`${r.attempts} attempts`] : []),
    ...(r.httpStatus !== undefined ? [`HTTP ${r.httpStatus}`] : []),
    ...(r.errorCode ? [`error ${r.errorCode}`] : []),
    ...(r.requestId ? [`request id ${r.requestId}`] : []),
  ];
  return `AWS ${parts.join(' · ')}`;
}
