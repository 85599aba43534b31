/**
 * Issue 5's number: the Identity Sources tree of an account with 100 policy stores, each with its identity source,
 * against the emulator with 50 ms of latency on every call, fills in ≤ 1.5 s. Measured through the tree's own data
 * layer (client/src/aws/tree-data.ts, which the view uses) with the real SDK clients: one view page of stores (two
 * API pages), the aliases, and every store's identity sources, 8 calls in flight. The serial walk (one call at a
 * time) is measured for comparison: over 5 s.
 */
import { createAwsClients } from '../client/src/aws/clients';
import { resolveConnection } from '../client/src/aws/connection';
import { AwsListing } from '../client/src/aws/listing';
import { EMPTY_PROFILES } from '../client/src/aws/profiles';
import { IdentitySourceTreeData } from '../client/src/aws/tree-data';
import { startEmulator } from '../test/emulator';
import { result, type BenchResult } from './harness';

const STORES = 100;
const LATENCY_MS = 50;

export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator();
  for (let i = 0; i < STORES; i++) {
    const policyStoreId = `PSbench${String(i).padStart(15, '0')}`;
    emulator.state.addPolicyStore({ policyStoreId, description: `Bench store ${i}` });
    emulator.state.addIdentitySource({
      policyStoreId,
      principalEntityType: 'Bench::User',
      configuration: {
        openIdConnectConfiguration: {
          issuer: `https://idp${i}.example.com`,
          tokenSelection: { identityTokenOnly: { clientIds: ['bench-client'], principalIdClaim: 'sub' } },
        },
      },
    });
  }
  emulator.setLatency(LATENCY_MS);
  const connection = resolveConnection(
    { profile: 'bench', region: 'us-east-1', userEndpoints: { verifiedPermissions: emulator.url, ec2: emulator.url } },
    EMPTY_PROFILES,
    {},
  );
  const clients = createAwsClients(connection, {
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bench' },
  });
  const listing = new AwsListing(clients);
  const fill = async (concurrency: number) => {
    const t0 = performance.now();
    const tree = await new IdentitySourceTreeData(listing, { concurrency }).loadAll();
    const ms = performance.now() - t0;
    const sources = tree.reduce((n, t) => n + t.sources.length, 0);
    if (tree.length !== STORES || sources !== STORES)
      throw new Error(`filled ${tree.length} stores, ${sources} sources`);
    return ms;
  };
  try {
    await fill(8); // warm-up: connections, credentials, SDK first-call costs
    const bounded: number[] = [];
    for (let i = 0; i < 5; i++) bounded.push(await fill(8));
    const serial = [await fill(1)];
    const maxInFlight = emulator.log.maxConcurrency('ListIdentitySources');
    return [
      result(
        `tree: ${STORES} stores + identity sources, ${LATENCY_MS} ms/call, 8 in flight`,
        bounded,
        'ms',
        1500,
        `max ${maxInFlight} ListIdentitySources in flight`,
      ),
      result(`tree: the same, serial walk (for comparison)`, serial, 'ms', undefined, 'one call at a time'),
    ];
  } finally {
    clients.destroy();
    await emulator.close();
  }
}
