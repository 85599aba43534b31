/** Test helpers: real SDK clients pointed at an emulator, raw signed requests, reference files, error capture. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { VerifiedPermissionsClient } from '@aws-sdk/client-verifiedpermissions';

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const USER_POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5';

export interface Clients {
  avp: VerifiedPermissionsClient;
  ec2: EC2Client;
  destroy(): void;
}

/** Both SDK clients with the emulator as endpoint and fake credentials; `maxAttempts: 1` shows faults unretried. */
export function sdkClients(url: string, options: { maxAttempts?: number; region?: string } = {}): Clients {
  const config = {
    endpoint: url,
    region: options.region ?? 'eu-west-1',
    credentials: CREDENTIALS,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  };
  const avp = new VerifiedPermissionsClient(config);
  const ec2 = new EC2Client(config);
  return {
    avp,
    ec2,
    destroy: () => {
      avp.destroy();
      ec2.destroy();
    },
  };
}

/** What an SDK call failed with (fails the test when it succeeds). */
export async function failure<E = SdkError>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (e) {
    return e as E;
  }
  assert.fail('expected the call to fail');
}

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
  [member: string]: unknown;
}

/** A well-formed (not verifiable) SigV4 Authorization header and its X-Amz-Date. */
export function fakeSigV4(service: string, date = '20240101T000000Z'): Record<string, string> {
  return {
    Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date.slice(0, 8)}/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
    'X-Amz-Date': date,
  };
}

/** A raw awsJson1_0 call (signed unless `headers` says otherwise). */
export function avpRaw(
  url: string,
  operation: string,
  body: string,
  headers: Record<string, string> = fakeSigV4('verifiedpermissions'),
) {
  return fetch(`${url}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `VerifiedPermissions.${operation}`,
      ...headers,
    },
    body,
  });
}

/** A raw EC2 Query call with the given form fields (signed unless `headers` says otherwise). */
export function ec2Raw(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = fakeSigV4('ec2'),
) {
  return fetch(`${url}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A raw HTTP exchange with full control of the headers (`Host` included); `Content-Length` unless chunked. */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body: string | Buffer = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const length = body.length > 0 && !headers['Transfer-Encoding'] ? { 'Content-Length': String(body.length) } : {};
    const req = request(url, { method, headers: { ...length, ...headers } }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Headers of a signed awsJson1_0 call of `operation`. */
export const avpHeaders = (operation: string): Record<string, string> => ({
  'Content-Type': 'application/x-amz-json-1.0',
  'X-Amz-Target': `VerifiedPermissions.${operation}`,
  ...fakeSigV4('verifiedpermissions'),
});

/** The repository root (where package.json is), found from the compiled test file. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the tests');
    dir = up;
  }
  return dir;
}

export function readReference<T>(name: 'examples.json' | 'constraints.json'): T {
  return JSON.parse(readFileSync(join(repoRoot(), 'test', 'reference', name), 'utf8')) as T;
}

/** XML element names in document order (to compare structure). */
export const xmlTags = (xml: string): string[] => [...xml.matchAll(/<([A-Za-z][\w.]*)[\s/>]/g)].map(m => m[1]);

/** The text of the first `<name>` element. */
export function xmlText(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}
