/** Programmatic API of the emulator: `startEmulator()` and the types tests, benchmarks and the demo use. */
import type { AddressInfo, Socket } from 'node:net';
import { EmulatorCore } from './core';
import type { FaultController } from './faults';
import type { IssuerKeys } from './issuer-keys';
import type { RequestLog } from './log';
import { readSeedFile, type SeedData } from './seed';
import { createHttpServer } from './server';
import type { EmulatorState } from './state';

export { AVP_OPERATIONS } from './avp';
export { EC2_ACTIONS } from './ec2';
export type { ActiveFault, FaultController } from './faults';
export { IssuerMapError, type IssuerKeys } from './issuer-keys';
export type { RequestLog, RequestLogEntry } from './log';
export { SeedError, checkSeed, readSeedFile } from './seed';
export type { SeedData, SeedIdentitySource, SeedPolicy, SeedPolicyStore, SeedTrustProvider } from './seed';
export type { EmulatorState, StateSnapshot } from './state';
export type * from './types';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** Initial data, or the path of a seed JSON file. */
  seed?: SeedData | string;
  /** Delay added to every AWS request. */
  latencyMs?: number;
  /** Default: the seed's, else `us-east-1`. */
  region?: string;
  /** Default: the seed's, else `123456789012`. */
  accountId?: string;
  /**
   * Where tests serve token issuers: issuer URL (or Cognito user pool ID) → loopback base URL. The emulator then reads
   * `<base>/.well-known/jwks.json` (Cognito) or `<base>/.well-known/openid-configuration` (OIDC) instead of the
   * issuer's own. Other issuers are reached at their https URLs.
   */
  issuers?: Record<string, string>;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>`: the `endpoint` for both SDK clients. */
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  /** The in-memory resources, to inspect and change directly in tests. */
  readonly state: EmulatorState;
  /** `inject({ operation?, service?, kind, count?, latencyMs? })`, `clear()`, `list()`. */
  readonly faults: FaultController;
  /** Every AWS request: operation, status, fault, timing; `count()`, `maxConcurrency()`, `waitFor()`. */
  readonly log: RequestLog;
  /** The issuer map of IsAuthorizedWithToken: `list()`, `set(issuerOrPoolId, url)`, `replace(map)`. */
  readonly issuers: Pick<IssuerKeys, 'list' | 'set' | 'replace'>;
  /** Delay added to every AWS request from now on. */
  setLatency(ms: number): void;
  /** Back to the start seed (`empty`: to nothing); also forgets client tokens, faults, latency, issuer changes and the log. */
  reset(options?: { empty?: boolean }): void;
  /** Adds seed data to the current state (checked first: nothing is added if any part is invalid). */
  seed(data: SeedData): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`the emulator listens on 127.0.0.1 only; got host ${String(host)}`);
  const seed = typeof options.seed === 'string' ? readSeedFile(options.seed) : options.seed;
  const core = new EmulatorCore(
    options.region ?? seed?.region ?? 'us-east-1',
    options.accountId ?? seed?.accountId ?? '123456789012',
    seed,
    options.latencyMs ?? 0,
    options.issuers,
  );
  const server = createHttpServer(core);
  const sockets = new Set<Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  core.url = `http://${host}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url: core.url,
    port,
    region: core.state.region,
    accountId: core.state.accountId,
    state: core.state,
    faults: core.faults,
    log: core.log,
    issuers: core.issuers,
    setLatency: ms => core.faults.setLatency(ms),
    reset: o => core.reset(o),
    seed: data => core.seedMore(data),
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        core.closing.abort();
        server.close(err => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      })),
  };
}
