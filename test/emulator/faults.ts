/** Fault injection: throttling, server errors, connection resets, malformed bodies and latency, per operation. */
import type { FaultKind, FaultSpec, Service } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'access-denied',
  'reset',
  'malformed',
  'latency',
];

export interface ActiveFault {
  id: number;
  kind: FaultKind;
  operation?: string;
  service?: Service;
  /** Matching requests it will still affect. */
  remaining: number;
  /** Matching requests it has affected so far. */
  hits: number;
  latencyMs?: number;
}

/** What to do with one request: extra delay first, then at most one failure. */
export interface FaultPlan {
  delayMs: number;
  failure?: Exclude<FaultKind, 'latency'>;
}

/** A fault or latency setting that makes no sense (the control API answers 400). */
export class FaultSpecError extends TypeError {}

export class FaultController {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  /** Delay added to every AWS request. */
  latencyMs = 0;

  /** Arms a fault for the next `count` (default 1) matching requests. Throws on a bad spec. */
  inject(spec: FaultSpec): ActiveFault {
    const bad = describeBadSpec(spec);
    if (bad) throw new FaultSpecError(bad);
    const fault: ActiveFault = {
      id: this.nextId++,
      kind: spec.kind,
      remaining: spec.count ?? 1,
      hits: 0,
      ...(spec.operation !== undefined ? { operation: spec.operation } : {}),
      ...(spec.service !== undefined ? { service: spec.service } : {}),
      ...(spec.kind === 'latency' ? { latencyMs: spec.latencyMs ?? 0 } : {}),
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new FaultSpecError(`latency must be a non-negative number of milliseconds; got ${ms}`);
    this.latencyMs = ms;
  }

  /** Armed faults (copies). */
  list(): ActiveFault[] {
    return this.faults.map(f => ({ ...f }));
  }

  /** Consumes the faults that match this request and says what to do with it. */
  plan(service: Service, operation: string): FaultPlan {
    const plan: FaultPlan = { delayMs: this.latencyMs };
    for (const f of this.faults) {
      if (
        f.remaining <= 0 ||
        (f.operation !== undefined && f.operation !== operation) ||
        (f.service !== undefined && f.service !== service)
      ) {
        continue;
      }
      if (f.kind === 'latency') plan.delayMs += f.latencyMs ?? 0;
      else if (plan.failure) continue;
      else plan.failure = f.kind;
      f.remaining--;
      f.hits++;
    }
    this.faults = this.faults.filter(f => f.remaining > 0);
    return plan;
  }
}

function describeBadSpec(spec: FaultSpec): string | undefined {
  if (typeof spec !== 'object' || spec === null) return 'a fault must be an object';
  if (!FAULT_KINDS.includes(spec.kind))
    return `fault kind must be one of ${FAULT_KINDS.join(', ')}; got ${String(spec.kind)}`;
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1))
    return `count must be a positive integer; got ${String(spec.count)}`;
  if (spec.operation !== undefined && (typeof spec.operation !== 'string' || !/^[A-Za-z]+$/.test(spec.operation))) {
    return `operation must be an operation name such as ListPolicyStores; got ${String(spec.operation)}`;
  }
  if (spec.service !== undefined && spec.service !== 'verifiedpermissions' && spec.service !== 'ec2') {
    return `service must be verifiedpermissions or ec2; got ${String(spec.service)}`;
  }
  if (spec.kind === 'latency' && (typeof spec.latencyMs !== 'number' || !(spec.latencyMs >= 0))) {
    return 'a latency fault needs latencyMs (a non-negative number)';
  }
  return undefined;
}
