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
