// An under-16's parent or guardian and the Youth Advisory Forum application: once the young person
// has confirmed their email address, the guardian is emailed what the Forum is and a one-time link
// to approve or decline. Approved: the application is complete ('pending', for staff). Declined: it
// is erased at once, and the young person told (decision 0133). No answer in 14 days: it lapses and
// retention erases it (application-retention.server.ts).
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { panelApplications } from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { writeAudit } from '../audit/audit.server.ts';
import { guardianDeclinedEmail, guardianRequestEmail } from '../email/messages/panel-application-emails.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { findSecret, issueSecret, redeemSecret } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import { firstNameOf, GUARDIAN_DAYS, GUARDIAN_MS } from './applications.ts';

/** The guardian's link: once, within 14 days (the application lapses with it). */
export const GUARDIAN_LINK = defineSecretPurpose({
  name: 'panel-guardian-decision',
  form: 'link',
  lifetimeMs: GUARDIAN_MS,
  singleUse: true,
  maxAttempts: null,
});

export class GuardianLinkError extends DomainError<'apply', 'invalid_link'> {
  constructor() {
    super('apply', 'invalid_link', {}, 'Guardian link not live');
  }
}

/** Queues the email to the guardian with their one-time link (sealed in the outbox). */
export async function askGuardian(
  tx: DbOrTx,
  appSecret: Uint8Array,
  app: { id: string; fullName: string; guardianName: string | null; guardianEmail: string | null },
  ctx: { baseUrl: string; now: Date },
): Promise<void> {
  if (!app.guardianEmail || !app.guardianName) throw new Error('No guardian to ask');
  const { secret } = await issueSecret(tx, appSecret, GUARDIAN_LINK, app.id, { now: ctx.now, replace: true });
  await enqueueEmail(
    tx,
    {
      to: app.guardianEmail,
      ...guardianRequestEmail({
        applicantFirstName: firstNameOf(app.fullName),
        guardianName: app.guardianName,
        decideUrl: `${ctx.baseUrl}/get-involved/guardian/${secretPlaceholder(appSecret)}`,
        expiresIn: `${GUARDIAN_DAYS} days`,
      }),
      dedupeKey: `panel-guardian-request/${app.id}`,
      secret,
    },
    { appSecret, now: ctx.now },
  );
}

/** What the guardian's page shows for a live link: the young person's first name; else null. */
export async function guardianRequest(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  now = new Date(),
): Promise<{ applicantFirstName: string } | null> {
  const link = await findSecret(db, appSecret, GUARDIAN_LINK, token, now);
  if (!link) return null;
  const [app] = await db
    .select({ fullName: panelApplications.fullName })
    .from(panelApplications)
    .where(and(eq(panelApplications.id, link.subject), eq(panelApplications.status, 'awaiting_guardian')));
  return app ? { applicantFirstName: firstNameOf(app.fullName) } : null;
}

/**
 * The guardian's answer (using the link up): approve makes the application 'pending'; decline erases
 * it and tells the young person. Throws GuardianLinkError for a link that is not live.
 */
export async function decideAsGuardian(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  decision: 'approve' | 'decline',
  now = new Date(),
): Promise<'approved' | 'declined'> {
  return db.transaction(async (tx) => {
    const link = await redeemSecret(tx, appSecret, GUARDIAN_LINK, token, now);
    if (!link) throw new GuardianLinkError();
    const awaiting = and(
      eq(panelApplications.id, link.subject),
      eq(panelApplications.status, 'awaiting_guardian'),
    );
    if (decision === 'approve') {
      const done = await tx
        .update(panelApplications)
        .set({
          status: 'pending',
          guardianDecision: 'approved',
          guardianDecidedAt: now,
          lapsesAt: null,
          updatedAt: now,
        })
        .where(awaiting)
        .returning({ id: panelApplications.id });
      if (done.length === 0) throw new GuardianLinkError();
    } else {
      const [gone] = await tx
        .delete(panelApplications)
        .where(awaiting)
        .returning({ id: panelApplications.id, email: panelApplications.email });
      if (!gone) throw new GuardianLinkError();
      await enqueueEmail(
        tx,
        { to: gone.email, ...guardianDeclinedEmail(), dedupeKey: `panel-guardian-declined/${gone.id}` },
        { now },
      );
    }
    await writeAudit(tx as Db, {
      action:
        decision === 'approve' ? 'panel_application.guardian_approve' : 'panel_application.guardian_decline',
      recordType: 'panel_application',
      recordId: link.subject,
    });
    return decision === 'approve' ? 'approved' : 'declined';
  });
}
