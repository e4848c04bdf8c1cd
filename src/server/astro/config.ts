// Server configuration that is derived, not just read: the app secret and the public base URL.
// Both fail fast with PostgreSQL (a real deployment) and have safe local defaults otherwise.
import { APP_SECRET, DATABASE_URL, PGLITE_DATA_DIR, PUBLIC_BASE_URL } from 'astro:env/server';
import { resolveAppSecret } from '../node/app-secret.ts';

let secret: Uint8Array | undefined;
export function getAppSecret(): Uint8Array {
  secret ??= resolveAppSecret({ APP_SECRET, DATABASE_URL, PGLITE_DATA_DIR });
  return secret;
}

/** What a feature needs to put a one-time link in an email: the secret that seals it and the portal's address. */
export function mailContext(): { secret: Uint8Array; baseUrl: string } {
  return { secret: getAppSecret(), baseUrl: publicBaseUrl() };
}

export function publicBaseUrl(): string {
  if (PUBLIC_BASE_URL) return PUBLIC_BASE_URL.replace(/\/$/, '');
  if (DATABASE_URL) throw new Error('PUBLIC_BASE_URL is required when DATABASE_URL is set');
  return 'http://localhost:4321';
}
