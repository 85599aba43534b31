/**
 * Which requests the emulator looks at, before reading a body: requests addressed to a loopback name (a DNS-rebinding
 * page has its own name in `Host`) that a browser does not mark as sent by a page of another origin. SDKs and the
 * control API's callers run outside browsers and send neither `Origin` nor `Sec-Fetch-Site`.
 */
import type { IncomingMessage } from 'node:http';

const IPV4_LOOPBACK = /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `localhost`, `127.x.y.z` or `[::1]`, with an optional port. */
export function isLoopbackHost(host: string | undefined): host is string {
  if (!host) return false;
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  if (!m) return false;
  const name = m[1];
  return name === 'localhost' || name === '[::1]' || IPV4_LOOPBACK.test(name);
}

/** Why the request is refused (403), or undefined when it may go on. */
export function refusal(req: IncomingMessage): string | undefined {
  const host = single(req.headers.host);
  if (!isLoopbackHost(host)) {
    return 'The emulator only answers requests addressed to a loopback host (127.0.0.1, localhost or [::1]).';
  }
  const site = single(req.headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'The emulator does not answer requests that a browser marks as cross-site or same-site.';
  }
  const origin = single(req.headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return 'The emulator does not answer requests from web pages of another origin.';
  }
  return undefined;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
