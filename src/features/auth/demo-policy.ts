// When the demo accounts (whose password and authenticator key the README publishes) must not be
// served: in production, or when the server listens beyond this computer. Pure, so it is unit-tested.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export const DEMO_REMOVE_COMMAND = 'npm run staff:demo -- --remove';

/** Why demo accounts may not be served with this environment, or null when they may (loopback only). */
export function demoAccountsRefusal(env: { NODE_ENV?: string; HOST?: string }): string | null {
  if (env.NODE_ENV === 'production') return 'NODE_ENV is production';
  // Unset, the Node adapter listens on localhost.
  const host = env.HOST?.trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (host && !LOOPBACK_HOSTS.has(host)) return `the server listens on ${env.HOST}, beyond this computer`;
  return null;
}

export function demoAccountsMessage(reason: string, emails: string[]): string {
  return (
    `Refusing to serve: demo staff accounts exist (${emails.join(', ')}) and their password and ` +
    `authenticator key are published in the README, and ${reason}. Stop the server, run ` +
    `\`${DEMO_REMOVE_COMMAND}\` to remove them, then start it again.`
  );
}
