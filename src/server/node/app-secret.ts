// The app secret: 32 bytes every key is derived from, one per use (src/features/secrets/keys.ts); a
// key itself only to read recovery codes hashed before decision 0104.
// APP_SECRET (base64, 32 bytes or more) is required with PostgreSQL. With the embedded database a
// developer needs no setup: a random secret is created beside the data directory on first use (keep
// it out of the data directory's backups: docs/operations/deployment.md).

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../../db/client.ts';

export interface SecretEnv {
  APP_SECRET?: string | undefined;
  DATABASE_URL?: string | undefined;
  PGLITE_DATA_DIR?: string | undefined;
}

function decode(value: string): Uint8Array {
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length < 32) throw new Error('APP_SECRET must be at least 32 bytes, base64-encoded');
  return new Uint8Array(bytes.subarray(0, 32));
}

export function resolveAppSecret(env: SecretEnv): Uint8Array {
  if (env.APP_SECRET) return decode(env.APP_SECRET);
  if (env.DATABASE_URL) {
    throw new Error(
      'APP_SECRET is required when DATABASE_URL is set: generate one with `openssl rand -base64 32`.',
    );
  }
  const file = `${path.resolve(env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR)}.secret`;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return decode(readFileSync(file, 'utf8'));
}
