// Which address is the client's. With no proxy configured it is the connection's. Behind
// `TRUSTED_PROXIES` reverse proxies, each of which appends the address it received the request from to
// `X-Forwarded-For` (nginx: `$proxy_add_x_forwarded_for`), the client is the n-th address from the
// right: everything to its left was written by the client and proves nothing.
import { isIP } from 'node:net';

export function resolveClientAddress(
  socketAddress: string | null,
  forwardedFor: string | null,
  trustedProxies: number,
): string | null {
  if (trustedProxies <= 0 || !forwardedFor) return socketAddress;
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  const client = hops[hops.length - trustedProxies];
  // Fewer hops than proxies, or not an address: the proxies are not as configured; trust none of it.
  return client && isIP(client) ? client : socketAddress;
}

/**
 * The group a client's address is counted in by rate limits: an IPv4 address on its own, an IPv6
 * address by its /64 (one subscriber usually holds a whole /64 and can pick any address in it).
 * An IPv4-mapped IPv6 address counts as the IPv4 address. Anything else is returned unchanged.
 */
export function clientGroup(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const kind = isIP(bare);
  if (kind === 4) return bare;
  if (kind !== 6) return address;
  const lower = bare.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower.replace(/^::/, '0:'));
  if (mapped?.[1] && isIP(mapped[1]) === 4) return mapped[1];
  // An embedded IPv4 tail (::a.b.c.d forms) stands for the last two groups.
  const withoutV4 = lower.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [head = '', tail] = withoutV4.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const prefix = groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
