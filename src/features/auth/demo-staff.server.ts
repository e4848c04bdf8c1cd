// Demo accounts for trying the back office on the embedded database. Their credentials are
// published in the README, so the command that creates them refuses to run with DATABASE_URL.

import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffRecoveryCodes, staffSessions, staffUsers } from '../../../db/schema/index.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { demoAccountsMessage, demoAccountsRefusal } from './demo-policy.ts';
import { hashPassword } from './password.server.ts';
import type { Role } from './permissions.ts';
import { sealTotpKey } from './totp-keys.server.ts';

export const DEMO_PASSWORD = 'demo only: never use this password';
/** Base32 TOTP key shared by the demo accounts: add it to an authenticator app by hand. */
export const DEMO_TOTP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const DEMO_STAFF: { email: string; name: string; role: Role }[] = [
  { email: 'demo-admin@example.org', name: 'Demo Administrator', role: 'admin' },
  { email: 'demo-liaison@example.org', name: 'Demo Liaison Officer', role: 'liaison_officer' },
];

export async function createDemoStaff(db: Db, secret: Uint8Array): Promise<number> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const d of DEMO_STAFF) {
    const [existing] = await db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, d.email));
    if (existing) continue;
    const id = crypto.randomUUID();
    await db.transaction(async (tx) => {
      await tx.insert(staffUsers).values({
        id,
        ...d,
        passwordHash,
        passwordChangedAt: new Date(),
        totpKeyEncrypted: sealTotpKey(secret, decodeBase32IgnorePadding(DEMO_TOTP_KEY)),
        totpEnrolledAt: new Date(),
      });
      await writeAudit(tx, {
        actorLabel: 'command line',
        action: 'staff.demo_created',
        recordType: 'staff_user',
        recordId: id,
      });
    });
    created++;
  }
  return created;
}

const DEMO_EMAILS = DEMO_STAFF.map((d) => d.email);

/** Demo accounts someone could still sign in to (a password is set). */
export async function liveDemoStaff(db: Db): Promise<string[]> {
  const rows = await db
    .select({ email: staffUsers.email })
    .from(staffUsers)
    .where(and(inArray(staffUsers.email, DEMO_EMAILS), isNotNull(staffUsers.passwordHash)));
  return rows.map((r) => r.email);
}

/**
 * Removes the demo accounts' credentials: deactivated, no password, no authenticator, no recovery
 * codes, no sessions. The rows stay, so the audit log's references to them still resolve.
 */
export async function removeDemoStaff(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .update(staffUsers)
      .set({
        active: false,
        passwordHash: null,
        totpKeyEncrypted: null,
        totpEnrolledAt: null,
        totpLastCounter: null,
        updatedAt: new Date(),
      })
      .where(and(inArray(staffUsers.email, DEMO_EMAILS), isNotNull(staffUsers.passwordHash)))
      .returning({ id: staffUsers.id });
    for (const { id } of removed) {
      await tx.delete(staffSessions).where(eq(staffSessions.staffId, id));
      await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, id));
      await writeAudit(tx, {
        actorLabel: 'command line',
        action: 'staff.demo_removed',
        recordType: 'staff_user',
        recordId: id,
      });
    }
    return removed.length;
  });
}

/** Thrown at start-up: the server must not serve demo accounts with this environment. */
export class DemoAccountsExposedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoAccountsExposedError';
  }
}

/** Refuses to start serving when demo accounts exist and the environment forbids them. */
export async function assertNoExposedDemoStaff(
  db: Db,
  env: { NODE_ENV?: string; HOST?: string },
  bound?: string,
): Promise<void> {
  const reason = demoAccountsRefusal(env, bound);
  if (!reason) return;
  const live = await liveDemoStaff(db);
  if (live.length > 0) throw new DemoAccountsExposedError(demoAccountsMessage(reason, live));
}
