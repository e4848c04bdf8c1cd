// Members' TOTP keys at rest: AES-256-GCM under the key derived for this use (KEY_LABELS.totpBox),
// stored as `totp-box/v1:<iv>.<body>`. Keys sealed before keys were derived (no label: the app secret
// itself was the AES key) are still read, and sealed again under the derived key when read — at
// sign-in, on the account page — and by resealLegacyTotpKeys, which the server runs as it starts
// (decision 0104).
import { and, eq, isNotNull, notLike } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { staffUsers } from '../../../db/schema/index.ts';
import { KEY_LABELS, openSealed, type SealedUse, sealUnder } from '../secrets/keys.ts';

const TOTP_BOX: SealedUse = { current: KEY_LABELS.totpBox, bare: true };

export function sealTotpKey(appSecret: Uint8Array, key: Uint8Array): string {
  return sealUnder(appSecret, TOTP_BOX.current, key);
}

/** The key, and whether it was sealed under an older key (then it should be sealed again). */
export function openTotpKey(appSecret: Uint8Array, sealed: string): { key: Uint8Array; stale: boolean } {
  const { plain, stale } = openSealed(appSecret, sealed, TOTP_BOX);
  return { key: plain, stale };
}

/** Replaces a stale sealed key, unless the member's key changed meanwhile. True when it did. */
async function reseal(
  db: DbOrTx,
  staffId: string,
  was: string,
  key: Uint8Array,
  appSecret: Uint8Array,
): Promise<boolean> {
  const rows = await db
    .update(staffUsers)
    .set({ totpKeyEncrypted: sealTotpKey(appSecret, key) })
    .where(and(eq(staffUsers.id, staffId), eq(staffUsers.totpKeyEncrypted, was)))
    .returning({ id: staffUsers.id });
  return rows.length > 0;
}

/**
 * A member's TOTP key and the last time step accepted, or null when they have none. A key sealed under
 * an older key is sealed again under the current one on the way.
 */
export async function loadTotpKey(
  db: DbOrTx,
  staffId: string,
  appSecret: Uint8Array,
): Promise<{ key: Uint8Array; last: number | null } | null> {
  const [row] = await db
    .select({ sealed: staffUsers.totpKeyEncrypted, last: staffUsers.totpLastCounter })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  if (!row?.sealed) return null;
  const { key, stale } = openTotpKey(appSecret, row.sealed);
  if (stale) await reseal(db, staffId, row.sealed, key, appSecret);
  return { key, last: row.last };
}

/**
 * The one-shot migration: every TOTP key not sealed under the current key is sealed again under it.
 * Safe to run in several processes at once (each row changes only if it still holds what was read).
 * A key that does not open under this app secret is left as it is and counted: its member cannot
 * sign in until an administrator resets their authenticator app.
 */
export async function resealLegacyTotpKeys(
  db: DbOrTx,
  appSecret: Uint8Array,
): Promise<{ resealed: number; unreadable: number }> {
  const rows = await db
    .select({ id: staffUsers.id, sealed: staffUsers.totpKeyEncrypted })
    .from(staffUsers)
    .where(
      and(
        isNotNull(staffUsers.totpKeyEncrypted),
        notLike(staffUsers.totpKeyEncrypted, `${TOTP_BOX.current}:%`),
      ),
    );
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    if (!row.sealed) continue;
    let key: Uint8Array;
    try {
      key = openTotpKey(appSecret, row.sealed).key;
    } catch {
      unreadable++;
      continue;
    }
    if (await reseal(db, row.id, row.sealed, key, appSecret)) resealed++;
  }
  return { resealed, unreadable };
}
