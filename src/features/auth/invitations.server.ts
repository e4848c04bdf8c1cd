// An administrator inviting a staff member: the glue of the account and its link (one-time-links),
// the wards (places) and the invitation email (auth-mail). Apart from one-time-links.server.ts because
// the email needs the public base URL (the caller's MailContext), while the CLI and the test fixtures
// create invitations under plain Node with no email.
import type { Db } from '../../../db/client.ts';
import { wardIdsForSlugs } from '../places/places.server.ts';
import { type MailContext, sendInviteEmail } from './auth-mail.server.ts';
import { inviteStaff, limitInvitations, reissueInvitation } from './one-time-links.server.ts';
import type { Role } from './permissions.ts';

/**
 * An administrator invites someone: the account, its 72-hour link, the invitation email and the audit
 * row commit together. Limited per administrator (invitations send email). Throws UnknownWardError
 * for a ward not in the list, AuthError 'throttled', or AuthError 'email_taken'.
 */
export async function inviteStaffMember(
  db: Db,
  input: { email: string; name: string; role: Role; wards: string[] },
  admin: { id: string; email: string; name: string; client?: string | null },
  ctx: MailContext,
): Promise<{ staffId: string }> {
  const wardIds = input.role === 'ward_officer' ? await wardIdsForSlugs(db, input.wards) : [];
  await limitInvitations(db, admin.id, { secret: ctx.secret });
  return db.transaction(async (tx) => {
    const invited = await inviteStaff(
      tx,
      { email: input.email, name: input.name, role: input.role, wardIds },
      { id: admin.id, email: admin.email, client: admin.client ?? null },
      ctx.secret,
    );
    await sendInviteEmail(tx, { email: input.email, name: input.name }, invited.token, admin.name, ctx);
    return { staffId: invited.staffId };
  });
}

/**
 * An administrator resends the invitation of a member who never finished setting up: a new 72-hour
 * link by email, the old link revoked, audited, limited like invitations. Throws AuthError
 * 'throttled', 'not_found' (no such active member) or 'already_set_up'.
 */
export async function resendInvitation(
  db: Db,
  staffId: string,
  admin: { id: string; email: string; name: string; client?: string | null },
  ctx: MailContext,
): Promise<void> {
  await limitInvitations(db, admin.id, { secret: ctx.secret });
  await db.transaction(async (tx) => {
    const again = await reissueInvitation(tx, staffId, admin, ctx.secret);
    await sendInviteEmail(tx, again.user, again.token, admin.name, ctx);
  });
}
