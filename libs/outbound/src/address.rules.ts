import { isIP } from 'node:net';

/**
 * Which addresses an outbound request (webhook, CDN purge, an import's fetch) may connect to.
 * Everything that reaches this machine or a network behind it is refused: an admin-typed URL
 * must not become a way to probe or call internal services.
 */

type Range = readonly [prefix: bigint, bits: number];

const v4 = (text: string): bigint => text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);

/** An IPv6 address as a 128-bit number (`::`, an embedded IPv4 tail and a zone id are understood). */
function v6(text: string): bigint | null {
  let host = text.replace(/^\[|\]$/g, '');
  const zone = host.indexOf('%');
  if (zone >= 0) host = host.slice(0, zone);
  if (isIP(host) !== 6) return null;
  const lastColon = host.lastIndexOf(':');
  const last = host.slice(lastColon + 1);
  if (last.includes('.')) {
    // an embedded IPv4 tail (::ffff:127.0.0.1) is two hex groups
    const n = v4(last);
    host = `${host.slice(0, lastColon + 1)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const parse = (s: string | undefined) => (s ? s.split(':').map((p) => parseInt(p, 16)) : []);
  const double = host.indexOf('::');
  let groups: number[];
  if (double < 0) groups = parse(host);
  else {
    const left = parse(host.slice(0, double));
    const right = parse(host.slice(double + 2));
    groups = [...left, ...Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
  }
  if (groups.length !== 8) return null;
  return groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

const r4 = (cidr: string): Range => {
  const [a, b] = cidr.split('/') as [string, string];
  return [v4(a), Number(b)];
};
const r6 = (cidr: string): Range => {
  const [a, b] = cidr.split('/') as [string, string];
  return [v6(a)!, Number(b)];
};

/** RULE: IPv4 ranges no outbound request may reach. */
const BLOCKED_V4: readonly Range[] = [
  '0.0.0.0/8', // "this network" (0.0.0.0 reaches this machine)
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local (cloud metadata services live here)
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address
].map(r4);

/** RULE: IPv6 ranges no outbound request may reach (any address that embeds an IPv4 one is refused whole). */
const BLOCKED_V6: readonly Range[] = [
  '::/128', // unspecified
  '::1/128', // loopback
  '::ffff:0:0/96', // IPv4-mapped
  '::/96', // IPv4-compatible (deprecated)
  '64:ff9b::/96', // NAT64 (reaches IPv4 space through a gateway)
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4 (embeds an IPv4 address)
  'fc00::/7', // unique-local
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
].map(r6);

const inRange = (n: bigint, width: number, [prefix, bits]: Range): boolean => (bits === 0 ? true : n >> BigInt(width - bits) === prefix >> BigInt(width - bits));

/**
 * RULE: true only for an IP address on the public internet. Loopback, private, link-local,
 * unique-local, carrier-grade NAT, IPv4-mapped and the other special ranges are not public;
 * neither is anything that is not an IP address.
 */
export function isPublicAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '');
  const kind = isIP(host.replace(/%.*$/, ''));
  if (kind === 4) {
    const n = v4(host);
    return !BLOCKED_V4.some((r) => inRange(n, 32, r));
  }
  if (kind === 6) {
    const n = v6(host);
    return n !== null && !BLOCKED_V6.some((r) => inRange(n, 128, r));
  }
  return false;
}

/**
 * RULE: a host name that names this machine or a local network, as typed (a trailing dot is
 * the same name: `localhost.` is `localhost`). Only a first filter: what a name resolves to is
 * checked when connecting (`guardedLookup`).
 */
export function isLocalName(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
  if (!host) return true;
  if (isIP(host)) return !isPublicAddress(host);
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.localdomain');
}
