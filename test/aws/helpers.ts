/**
 * Helpers for the plain-Node tests of the AWS layer (client/src/aws/): the real SDK clients, built by the extension's
 * own factory, pointed at the loopback emulator with fake credentials.
 */
import {
  createAwsClients,
  type AwsCallRecord,
  type AwsClients,
  type ClientOptions,
} from '../../client/src/aws/clients';
import { resolveConnection } from '../../client/src/aws/connection';
import { EMPTY_PROFILES } from '../../client/src/aws/profiles';
import type { Emulator } from '../emulator';

export const FAKE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

export const USER_POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_1a2b3c4d5';

export const OIDC_CONFIGURATION = {
  openIdConnectConfiguration: {
    issuer: 'https://auth.example.com',
    tokenSelection: { identityTokenOnly: { clientIds: ['1example23456789'], principalIdClaim: 'sub' } },
  },
};

/** Clients of a connection whose endpoints are the emulator's (as user settings would set them). */
export function emulatorClients(
  emulator: Emulator,
  options: ClientOptions & { calls?: AwsCallRecord[] } = {},
): AwsClients {
  const connection = resolveConnection(
    { profile: 'test', region: 'us-east-1', userEndpoints: { verifiedPermissions: emulator.url, ec2: emulator.url } },
    EMPTY_PROFILES,
    {},
  );
  const { calls, ...rest } = options;
  return createAwsClients(connection, {
    credentials: FAKE_CREDENTIALS,
    ...(calls ? { onCall: r => calls.push(r) } : {}),
    ...rest,
  });
}

/** Adds `n` policy stores (each with one OIDC identity source unless `sources` is false). */
export function seedStores(emulator: Emulator, n: number, sources = true, prefix = 'PSbench'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${String(i).padStart(22 - prefix.length, '0')}`;
    emulator.state.addPolicyStore({ policyStoreId: id, description: `store ${i}` });
    if (sources) {
      emulator.state.addIdentitySource({
        policyStoreId: id,
        principalEntityType: 'App::User',
        configuration: {
          openIdConnectConfiguration: {
            ...OIDC_CONFIGURATION.openIdConnectConfiguration,
            issuer: `https://idp${i}.example.com`,
          },
        },
      });
    }
    ids.push(id);
  }
  return ids;
}

/** What a call failed with (fails the test when it succeeds). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}
