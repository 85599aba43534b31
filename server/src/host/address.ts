/**
 * Where an address is, for the fetch's fence: this machine (loopback), a private network, the public internet, or
 * somewhere never fetched (unspecified, link-local, multicast, reserved: `0.0.0.0` reaches this machine, and link-local
 * holds cloud metadata services). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
import { BlockList, isIP } from 'node:net';
import type { Reach } from '../service/semantic/host';

export type AddressClass = Reach | 'blocked';

function list(subnets: [string, number][]): BlockList {
  const b = new BlockList();
  for (const [net, prefix] of subnets) b.addSubnet(net, prefix, net.includes(':') ? 'ipv6' : 'ipv4');
  return b;
}

const LOOPBACK = list([
  ['127.0.0.0', 8],
  ['::1', 128],
]);
const BLOCKED = list([
  ['0.0.0.0', 8],
  ['169.254.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['::', 96], // unspecified and the old IPv4-compatible form (::1 is matched as loopback first)
  ['fe80::', 10],
  ['ff00::', 8],
]);
const PRIVATE = list([
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['fc00::', 7],
  ['fec0::', 10],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
]);

/** The class of an IP address (v4 or v6, without brackets); anything that is not an IP address is blocked. */
export function classifyAddress(ip: string): AddressClass {
  const family = isIP(ip);
  if (family === 0) return 'blocked';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(ip, type)) return 'loopback';
  if (BLOCKED.check(ip, type)) return 'blocked';
  if (PRIVATE.check(ip, type)) return 'private';
  return 'public';
}

/** A URL's host as an IP address (brackets of IPv6 removed), or undefined for a name. */
export function ipOfHost(hostname: string): string | undefined {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(h) ? h : undefined;
}

/** `localhost` and its subdomains always mean this machine (RFC 6761). */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

const RANK: Record<Reach, number> = { loopback: 0, private: 1, public: 2 };

/** Orders reaches from the least public: the class that decides for a name with several addresses. */
export function leastPublic(a: Reach, b: Reach): Reach {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Whether going from `from` to `to` leads inward: from the internet into a private network or this machine. */
export function inward(from: Reach | undefined, to: Reach): boolean {
  return from !== undefined && RANK[to] < RANK[from];
}
