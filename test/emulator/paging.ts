/** Opaque, tamper-proof pagination tokens bound to one list query, and the page cut itself. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const b64 = (b: Buffer) => b.toString('base64url');

export class PageTokens {
  private readonly key = randomBytes(32);

  /** A token meaning "continue after the item with sequence number `after`" for this `scope` (operation + query). */
  issue(scope: string, after: number): string {
    const payload = Buffer.from(JSON.stringify({ a: after, s: this.digest(scope) }));
    return `${b64(payload)}.${b64(this.mac(payload))}`;
  }

  /** The position a token encodes, or undefined when it is forged, damaged or from another query or emulator. */
  read(scope: string, token: string): number | undefined {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return undefined;
    const payload = Buffer.from(body, 'base64url');
    const given = Buffer.from(sig, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = JSON.parse(payload.toString('utf8')) as { a?: unknown; s?: unknown };
      if (parsed.s !== this.digest(scope) || typeof parsed.a !== 'number') return undefined;
      return parsed.a;
    } catch {
      return undefined;
    }
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }

  private digest(scope: string): string {
    return createHmac('sha256', this.key).update(`scope:${scope}`).digest('base64url').slice(0, 16);
  }
}

export interface Page<T> {
  items: T[];
  /** Sequence number of the last item returned, when more items follow. */
  nextAfter?: number;
}

/** Items (already filtered) after position `after`, at most `limit` of them, in creation order. */
export function cutPage<T extends { seq: number }>(
  all: Iterable<T>,
  after: number | undefined,
  limit: number,
): Page<T> {
  const sorted = [...all].filter(x => after === undefined || x.seq > after).sort((a, b) => a.seq - b.seq);
  const items = sorted.slice(0, limit);
  return sorted.length > limit ? { items, nextAfter: items[items.length - 1].seq } : { items };
}
