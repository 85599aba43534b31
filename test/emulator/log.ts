/** The request log: one entry per AWS request (operation, status, fault, timing, concurrency), with waiters. */
import { performance } from 'node:perf_hooks';
import type { FaultKind, Service } from './types';

export interface RequestLogEntry {
  seq: number;
  service: Service;
  operation: string;
  requestId: string;
  /** Decoded request parameters (JSON body, or EC2 form fields), client secrets and tokens replaced by `***`. */
  params: Record<string, unknown>;
  /** Milliseconds since the emulator started. */
  startedAt: number;
  endedAt?: number;
  status?: number;
  /** Error code or `__type` name when the request failed. */
  errorCode?: string;
  fault?: FaultKind;
  /** Requests in flight (this one included) when it arrived. */
  concurrent: number;
}

type Waiter = { match: (e: RequestLogEntry) => boolean; resolve: (e: RequestLogEntry) => void; when: 'start' | 'end' };

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private inFlight = 0;
  private seq = 0;
  private readonly t0 = performance.now();
  private waiters: Waiter[] = [];

  start(service: Service, operation: string, requestId: string, params: Record<string, unknown>): RequestLogEntry {
    this.inFlight++;
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      service,
      operation,
      requestId,
      params: redact(params) as Record<string, unknown>,
      startedAt: performance.now() - this.t0,
      concurrent: this.inFlight,
    };
    this.entries.push(entry);
    this.notify(entry, 'start');
    return entry;
  }

  end(entry: RequestLogEntry, status: number | undefined, errorCode?: string, fault?: FaultKind): void {
    if (entry.endedAt !== undefined) return;
    this.inFlight--;
    entry.endedAt = performance.now() - this.t0;
    if (status !== undefined) entry.status = status;
    if (errorCode !== undefined) entry.errorCode = errorCode;
    if (fault !== undefined) entry.fault = fault;
    this.notify(entry, 'end');
  }

  /** Requests of one operation (or all). */
  count(operation?: string): number {
    return operation === undefined ? this.entries.length : this.entries.filter(e => e.operation === operation).length;
  }

  operations(): string[] {
    return this.entries.map(e => e.operation);
  }

  /** The most requests (of one operation, or any) that were in flight at the same time. */
  maxConcurrency(operation?: string): number {
    const events: [number, number][] = [];
    for (const e of this.entries) {
      if (operation !== undefined && e.operation !== operation) continue;
      events.push([e.startedAt, 1], [e.endedAt ?? Infinity, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let max = 0;
    for (const [, d] of events) max = Math.max(max, (now += d));
    return max;
  }

  /** Resolves with the first entry (past or future) that matches, when it starts or (default) when it has been answered. */
  waitFor(match: string | ((e: RequestLogEntry) => boolean), when: 'start' | 'end' = 'end'): Promise<RequestLogEntry> {
    const test = typeof match === 'string' ? (e: RequestLogEntry) => e.operation === match : match;
    const done = this.entries.find(e => test(e) && (when === 'start' || e.endedAt !== undefined));
    if (done) return Promise.resolve(done);
    return new Promise(resolve => this.waiters.push({ match: test, resolve, when }));
  }

  clear(): void {
    this.entries.length = 0;
  }

  private notify(entry: RequestLogEntry, when: 'start' | 'end'): void {
    const ready = this.waiters.filter(w => w.when === when && w.match(entry));
    this.waiters = this.waiters.filter(w => !ready.includes(w));
    for (const w of ready) w.resolve(entry);
  }
}

/**
 * A copy with every `ClientSecret`/`clientSecret` value (any depth, or form key ending in it) and every
 * `identityToken`/`accessToken` (IsAuthorizedWithToken) replaced by `***`.
 */
export function redact(value: unknown, key = ''): unknown {
  if (/(^|\.)(clientsecret|identitytoken|accesstoken)$/i.test(key) && value !== undefined) return '***';
  if (Array.isArray(value)) return value.map(v => redact(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
