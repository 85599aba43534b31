/** Injected faults and latency, seen through the real SDK clients: raw (one attempt) and with the SDK's retries. */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import {
  CreateVerifiedAccessTrustProviderCommand,
  DeleteVerifiedAccessTrustProviderCommand,
  DescribeVerifiedAccessTrustProvidersCommand,
  ModifyVerifiedAccessTrustProviderCommand,
} from '@aws-sdk/client-ec2';
import {
  AccessDeniedException,
  CreateIdentitySourceCommand,
  GetPolicyStoreCommand,
  InternalServerException,
  ListPolicyStoresCommand,
  ThrottlingException,
} from '@aws-sdk/client-verifiedpermissions';
import { failure, sdkClients, USER_POOL_ARN, type Clients } from './helpers';
import { startEmulator, type Emulator, type FaultKind } from './index';

const FAILURES: Exclude<FaultKind, 'latency'>[] = ['throttle', 'server-error', 'access-denied', 'reset', 'malformed'];
const IDC = {
  TrustProviderType: 'user' as const,
  UserTrustProviderType: 'iam-identity-center' as const,
  PolicyReferenceName: 'idc',
};

describe('emulator: faults and latency', () => {
  let emulator: Emulator;
  let raw: Clients;
  let retrying: Clients;

  before(async () => {
    emulator = await startEmulator();
    raw = sdkClients(emulator.url, { maxAttempts: 1 });
    retrying = sdkClients(emulator.url);
  });
  beforeEach(() => emulator.reset());
  after(async () => {
    raw.destroy();
    retrying.destroy();
    await emulator.close();
  });

  const listStores = (c: Clients) => c.avp.send(new ListPolicyStoresCommand({}));
  const describeProviders = (c: Clients) => c.ec2.send(new DescribeVerifiedAccessTrustProvidersCommand({}));

  it('throttle: ThrottlingException 429 (Verified Permissions) and RequestLimitExceeded 503 (EC2)', async () => {
    emulator.faults.inject({ kind: 'throttle', operation: 'ListPolicyStores' });
    const avp = await failure(listStores(raw));
    assert.ok(avp instanceof ThrottlingException);
    assert.equal(avp.$metadata.httpStatusCode, 429);
    assert.equal(avp.serviceCode, 'verifiedpermissions');

    emulator.faults.inject({ kind: 'throttle', service: 'ec2' });
    const ec2 = await failure(describeProviders(raw));
    assert.equal(ec2.name, 'RequestLimitExceeded');
    assert.equal(ec2.$metadata.httpStatusCode, 503);
  });

  it('server-error: InternalServerException 500 and EC2 InternalError 500', async () => {
    emulator.faults.inject({ kind: 'server-error', operation: 'ListPolicyStores' });
    const avp = await failure(listStores(raw));
    assert.ok(avp instanceof InternalServerException);
    assert.equal(avp.$metadata.httpStatusCode, 500);
    assert.equal(avp.$fault, 'server');

    emulator.faults.inject({ kind: 'server-error', operation: 'DescribeVerifiedAccessTrustProviders' });
    const ec2 = await failure(describeProviders(raw));
    assert.equal(ec2.name, 'InternalError');
    assert.equal(ec2.$metadata.httpStatusCode, 500);
  });

  it('access-denied: AccessDeniedException 403 and UnauthorizedOperation 403, naming the denied action', async () => {
    emulator.faults.inject({ kind: 'access-denied', operation: 'ListPolicyStores' });
    const avp = await failure(listStores(retrying));
    assert.ok(avp instanceof AccessDeniedException);
    assert.equal(avp.$metadata.httpStatusCode, 403);
    assert.equal(avp.$metadata.attempts, 1, 'not retried');
    assert.match(avp.message, /not authorized to perform: verifiedpermissions:ListPolicyStores/);

    emulator.faults.inject({ kind: 'access-denied', service: 'ec2' });
    const ec2 = await failure(describeProviders(raw));
    assert.equal(ec2.name, 'UnauthorizedOperation');
    assert.equal(ec2.$metadata.httpStatusCode, 403);
    assert.match(ec2.message, /ec2:DescribeVerifiedAccessTrustProviders/);
  });

  it('reset: the connection drops without a response', async () => {
    emulator.faults.inject({ kind: 'reset', count: 2 });
    for (const call of [listStores(raw), describeProviders(raw)]) {
      const error = await failure<Error & { code?: string }>(call);
      assert.equal(error.code, 'ECONNRESET');
      assert.match(error.message, /socket hang up/);
    }
    assert.deepEqual(
      emulator.log.entries.map(e => [e.fault, e.status]),
      [
        ['reset', undefined],
        ['reset', undefined],
      ],
    );
  });

  it('malformed: a 200 with a truncated body fails in the SDK parser with a clear message', async () => {
    emulator.faults.inject({ kind: 'malformed', count: 2 });
    const avp = await failure(listStores(raw));
    assert.equal(avp.$metadata.httpStatusCode, 200);
    assert.match(avp.message, /JSON/);
    assert.match(avp.message, /Deserialization error/);
    const ec2 = await failure(describeProviders(raw));
    assert.equal(ec2.$metadata.httpStatusCode, 200);
    assert.match(ec2.message, /XML parse error/);
  });

  it('with the SDK default retries, one throttle, 5xx or reset is retried and the call succeeds', async () => {
    const store = emulator.state.addPolicyStore();
    for (const kind of ['throttle', 'server-error', 'reset'] as const) {
      emulator.log.clear();
      emulator.faults.inject({ kind, operation: 'GetPolicyStore' });
      const got = await retrying.avp.send(new GetPolicyStoreCommand({ policyStoreId: store.policyStoreId }));
      assert.equal(got.policyStoreId, store.policyStoreId, kind);
      assert.equal(got.$metadata.attempts, 2, kind);
      assert.deepEqual(
        emulator.log.entries.map(e => e.fault),
        [kind, undefined],
      );

      emulator.faults.inject({ kind, operation: 'DescribeVerifiedAccessTrustProviders' });
      const described = await describeProviders(retrying);
      assert.equal(described.$metadata.attempts, 2, kind);
    }
  });

  it('with the SDK default retries, a malformed body is not retried: the call fails once, clearly', async () => {
    emulator.faults.inject({ kind: 'malformed', operation: 'ListPolicyStores' });
    const error = await failure(listStores(retrying));
    assert.match(error.message, /Deserialization error/);
    assert.equal(emulator.log.count('ListPolicyStores'), 1);
  });

  it('never leaves half-applied state: a faulted create, modify or delete changes nothing', async () => {
    const storeId = emulator.state.addPolicyStore().policyStoreId;
    const tp = emulator.state.addTrustProvider({ ...IDC, Description: 'before', Tags: [] });
    const id = tp.VerifiedAccessTrustProviderId;
    for (const kind of FAILURES) {
      emulator.faults.inject({ kind, service: 'verifiedpermissions' });
      await failure(
        raw.avp.send(
          new CreateIdentitySourceCommand({
            policyStoreId: storeId,
            configuration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN } },
          }),
        ),
      );
      assert.equal(emulator.state.identitySources.size, 0, kind);

      emulator.faults.inject({ kind, service: 'ec2', count: 3 });
      await failure(raw.ec2.send(new CreateVerifiedAccessTrustProviderCommand(IDC)));
      await failure(
        raw.ec2.send(
          new ModifyVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id, Description: 'after' }),
        ),
      );
      await failure(raw.ec2.send(new DeleteVerifiedAccessTrustProviderCommand({ VerifiedAccessTrustProviderId: id })));
      assert.deepEqual([...emulator.state.trustProviders.keys()], [id], kind);
      assert.equal(tp.Description, 'before', kind);
    }
    assert.equal(emulator.faults.list().length, 0, 'every fault was used up');
    // After the faults, the same calls work.
    await raw.avp.send(
      new CreateIdentitySourceCommand({
        policyStoreId: storeId,
        configuration: { cognitoUserPoolConfiguration: { userPoolArn: USER_POOL_ARN } },
      }),
    );
    assert.equal(emulator.state.identitySources.size, 1);
  });

  it('affects only matching requests, as many as its count', async () => {
    const store = emulator.state.addPolicyStore();
    const fault = emulator.faults.inject({ kind: 'server-error', operation: 'ListPolicyStores', count: 2 });
    await raw.avp.send(new GetPolicyStoreCommand({ policyStoreId: store.policyStoreId }));
    await describeProviders(raw);
    await failure(listStores(raw));
    await failure(listStores(raw));
    await listStores(raw);
    assert.equal(fault.hits, 2);
    assert.deepEqual(
      emulator.log.entries.map(e => [e.operation, e.status]),
      [
        ['GetPolicyStore', 200],
        ['DescribeVerifiedAccessTrustProviders', 200],
        ['ListPolicyStores', 500],
        ['ListPolicyStores', 500],
        ['ListPolicyStores', 200],
      ],
    );
    emulator.faults.inject({ kind: 'throttle' });
    emulator.faults.clear();
    await listStores(raw);
  });

  it('delays matching requests by a latency fault, and every request by setLatency', async () => {
    emulator.faults.inject({ kind: 'latency', operation: 'ListPolicyStores', latencyMs: 150 });
    let started = performance.now();
    await listStores(raw);
    assert.ok(performance.now() - started >= 145, 'the latency fault delayed the call');

    emulator.setLatency(120);
    started = performance.now();
    await describeProviders(raw);
    assert.ok(performance.now() - started >= 115, 'setLatency delays every call');
  });

  it('records concurrency: parallel calls overlap in the log, and waitFor sees a call in flight', async () => {
    emulator.setLatency(100);
    const calls = Array.from({ length: 5 }, () => listStores(raw));
    const first = await emulator.log.waitFor('ListPolicyStores', 'start');
    assert.equal(first.endedAt, undefined, 'still in flight');
    await Promise.all(calls);
    assert.equal(emulator.log.count('ListPolicyStores'), 5);
    assert.equal(emulator.log.maxConcurrency('ListPolicyStores'), 5);
    assert.ok(emulator.log.entries.every(e => e.status === 200 && e.endedAt! - e.startedAt >= 95));
  });

  it('rejects fault specs that make no sense', () => {
    assert.throws(() => emulator.faults.inject({ kind: 'explode' as never }), /fault kind/);
    assert.throws(() => emulator.faults.inject({ kind: 'throttle', count: 0 }), /count/);
    assert.throws(() => emulator.faults.inject({ kind: 'latency' }), /latencyMs/);
    assert.throws(() => emulator.setLatency(-1), /latency/);
  });

  it('closes promptly even while a request waits on latency', async () => {
    const own = await startEmulator({ latencyMs: 60_000 });
    const clients = sdkClients(own.url, { maxAttempts: 1 });
    try {
      const pending = failure(clients.avp.send(new ListPolicyStoresCommand({})));
      await own.log.waitFor('ListPolicyStores', 'start');
      const started = performance.now();
      await own.close();
      await pending;
      assert.ok(performance.now() - started < 5_000, 'close did not wait for the latency');
    } finally {
      clients.destroy();
      await own.close();
    }
  });
});
