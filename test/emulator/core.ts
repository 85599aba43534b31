/** What the HTTP layer works on: state, faults, log, and the seed that `reset` returns to. */
import { FaultController } from './faults';
import { RequestLog } from './log';
import { applySeed, type SeedData } from './seed';
import { EmulatorState } from './state';

export class EmulatorCore {
  readonly state: EmulatorState;
  readonly faults = new FaultController();
  readonly log = new RequestLog();
  /** Aborted on close: cancels latency waits. */
  readonly closing = new AbortController();
  url = '';

  constructor(
    region: string,
    accountId: string,
    private readonly startSeed: SeedData | undefined,
    private readonly startLatencyMs: number,
  ) {
    this.state = new EmulatorState(region, accountId);
    this.faults.setLatency(startLatencyMs);
    if (startSeed) applySeed(this.state, startSeed);
  }

  /** Back to the start seed (or to nothing with `empty`); forgets client tokens, faults, extra latency and the log. */
  reset(options: { empty?: boolean } = {}): void {
    this.state.clear();
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
