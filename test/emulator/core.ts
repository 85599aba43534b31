/** What the HTTP layer works on: state, faults, log, issuer keys, and the seed that `reset` returns to. */
import type { AvpContext } from './avp';
import { FaultController } from './faults';
import { IssuerKeys } from './issuer-keys';
import { RequestLog } from './log';
import { applySeed, type SeedData } from './seed';
import { EmulatorState } from './state';

export class EmulatorCore {
  readonly state: EmulatorState;
  readonly faults = new FaultController();
  readonly log = new RequestLog();
  /** Token signatures: the issuers' published keys, and where tests serve an issuer on loopback. */
  readonly issuers: IssuerKeys;
  /** What Verified Permissions handlers get. */
  readonly avp: AvpContext;
  /** Aborted on close: cancels latency waits. */
  readonly closing = new AbortController();
  url = '';

  constructor(
    region: string,
    accountId: string,
    private readonly startSeed: SeedData | undefined,
    private readonly startLatencyMs: number,
    startIssuers: Readonly<Record<string, string>> = {},
  ) {
    this.state = new EmulatorState(region, accountId);
    this.issuers = new IssuerKeys(startIssuers);
    this.avp = { state: this.state, verify: this.issuers.verify, now: () => Date.now() };
    this.faults.setLatency(startLatencyMs);
    if (startSeed) applySeed(this.state, startSeed);
  }

  /**
   * Back to the start seed (or to nothing with `empty`); forgets client tokens, faults, extra latency, the log, issuer
   * changes and fetched keys.
   */
  reset(options: { empty?: boolean } = {}): void {
    this.state.clear();
    this.issuers.reset();
    this.state.quotas.identitySourcesPerPolicyStore = 1;
    this.faults.clear();
    this.faults.setLatency(this.startLatencyMs);
    this.log.clear();
    if (this.startSeed && !options.empty) applySeed(this.state, this.startSeed);
  }

  /** Adds seed data to the current state (all or nothing). */
  seedMore(data: SeedData): void {
    applySeed(this.state, data);
  }

  /** Resolves after `ms`, or at once when the emulator closes. */
  delay(ms: number): Promise<void> {
    if (ms <= 0 || this.closing.signal.aborted) return Promise.resolve();
    return new Promise(resolve => {
      const timer = setTimeout(done, ms);
      const signal = this.closing.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
