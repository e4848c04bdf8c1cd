// The one-shot move to derived keys (decision 0104), run by the server as it starts, before any
// request: every TOTP key sealed under the app secret itself is sealed again under the key derived
// for it, and the 50-bit recovery codes stored as a bare SHA-256 (before decision 0051) are
// withdrawn — they cannot be hashed again without the codes — and their members told by email.
// Idempotent and safe in several processes at once: a second run finds nothing to do.
import { and, inArray, isNull, like, notLike } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffUsers } from '../../../db/schema/index.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { sendAccountSecurityEmail } from './auth-mail.server.ts';
import { BARE_KEY_RECOVERY_PREFIX } from './tokens.ts';
import { resealLegacyTotpKeys } from './totp-keys.server.ts';

/**
 * Deletes every recovery code whose stored hash names no key (a bare SHA-256); members who still
 * had unused ones get an email and an audit row. Returns those members' ids.
 */
export async function withdrawLegacyRecoveryCodes(db: Db, baseUrl: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const withdrawn = await tx
      .delete(staffRecoveryCodes)
      .where(notLike(staffRecoveryCodes.codeHash, '%:%'))
      .returning({ staffId: staffRecoveryCodes.staffId, usedAt: staffRecoveryCodes.usedAt });
    const unused = withdrawn.filter((code) => code.usedAt === null);
    const ids = [...new Set(unused.map((code) => code.staffId))];
    if (ids.length === 0) return [];
    const members = await tx
      .select({
        id: staffUsers.id,
        email: staffUsers.email,
        name: staffUsers.name,
        active: staffUsers.active,
      })
      .from(staffUsers)
      .where(inArray(staffUsers.id, ids));
    for (const member of members) {
      await writeAudit(tx, {
        actorLabel: 'portal',
        action: 'auth.recovery_codes_withdrawn',
        recordType: 'staff_user',
        recordId: member.id,
        details: { codes: unused.filter((code) => code.staffId === member.id).length },
      });
      if (member.active) await sendAccountSecurityEmail(tx, member, 'recovery_codes_withdrawn', baseUrl);
    }
    return ids;
  });
}

export interface KeyMigration {
  /** TOTP keys sealed again under the derived key. */
  totpKeysResealed: number;
  /** TOTP keys that did not open under this app secret (left as they are). */
  totpKeysUnreadable: number;
  /** Members whose unused bare-SHA-256 recovery codes were withdrawn. */
  legacyRecoveryCodesWithdrawn: number;
  /** Members who still hold unused codes hashed under the app secret itself (`hmac:`). */
  membersWithBareKeyCodes: number;
}

/** Runs the move; returns what it did and what is left. */
export async function migrateToDerivedKeys(
  db: Db,
  ctx: { appSecret: Uint8Array; baseUrl: string },
): Promise<KeyMigration> {
  const totp = await resealLegacyTotpKeys(db, ctx.appSecret);
  const withdrawn = await withdrawLegacyRecoveryCodes(db, ctx.baseUrl);
  const bareKey = await db
    .selectDistinct({ staffId: staffRecoveryCodes.staffId })
    .from(staffRecoveryCodes)
    .where(
      and(
        like(staffRecoveryCodes.codeHash, `${BARE_KEY_RECOVERY_PREFIX}%`),
        isNull(staffRecoveryCodes.usedAt),
      ),
    );
  return {
    totpKeysResealed: totp.resealed,
    totpKeysUnreadable: totp.unreadable,
    legacyRecoveryCodesWithdrawn: withdrawn.length,
    membersWithBareKeyCodes: bareKey.length,
  };
}
