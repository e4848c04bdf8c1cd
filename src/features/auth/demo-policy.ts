// When the demo accounts (whose password and authenticator key the README publishes) must not be
// served: in production, or when the server listens beyond this computer. Pure, so it is unit-tested.

const LOOPBACK_HOSTS = new Set(['::1', 'localhost', '::ffff:127.0.0.1']);
const isLoopback = (host: string): boolean => LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);

export const DEMO_REMOVE_COMMAND = 'npm run staff:demo -- --remove';

/**
 * Why demo accounts may not be served with this environment, or null when they may (loopback only).
 * `bound` is the address the server really listens on, when known (the built server reports it);
 * otherwise HOST, and with HOST unset the server listens on every interface (astro.config.mjs has
 * `server.host: true`).
 */
export function demoAccountsRefusal(
  env: { NODE_ENV?: string; HOST?: string },
  bound?: string,
): string | null {
  if (env.NODE_ENV === 'production') return 'NODE_ENV is production';
  const listen = bound ?? env.HOST;
  if (listen === undefined || listen.trim() === '')
    return 'the server listens on every interface (HOST is not set)';
  const host = listen
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (!isLoopback(host)) return `the server listens on ${listen}, beyond this computer`;
  return null;
}

export function demoAccountsMessage(reason: string, emails: string[]): string {
  return (
    `Refusing to serve: demo staff accounts exist (${emails.join(', ')}) and their password and ` +
    `authenticator key are published in the README, and ${reason}. Stop the server, run ` +
    `\`${DEMO_REMOVE_COMMAND}\` to remove them, then start it again.`
  );
}
