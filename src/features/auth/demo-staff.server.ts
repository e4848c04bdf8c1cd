// Demo accounts for trying the back office on the embedded database. Their credentials are
// published in the README, so the command that creates them refuses to run with DATABASE_URL.

import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffUsers } from '../../../db/schema/index.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { hashPassword } from './password.server.ts';
import type { Role } from './permissions.ts';
import { seal } from './secret-box.ts';

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
        totpKeyEncrypted: seal(decodeBase32IgnorePadding(DEMO_TOTP_KEY), secret),
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
