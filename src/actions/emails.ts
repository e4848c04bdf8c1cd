// Administrators sending undelivered email again, and sending to a suppressed address again.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { writeAuditBy } from '../features/audit/audit.server.ts';
import { liftSuppression, retryDeadEmail } from '../features/email/back-office.server.ts';
import { getDb } from '../lib/server/db.ts';
import { clientOf, requireStaff } from '../lib/server/staff-auth.ts';

export const emails = {
  retry: defineAction({
    accept: 'form',
    input: z.object({ id: z.uuid() }),
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'email:retry');
      const db = await getDb();
      const queued = await db.transaction(async (tx) => {
        const again = await retryDeadEmail(tx, id);
        if (again) {
          await writeAuditBy(
            tx,
            { ...user, client: clientOf(context) },
            { action: 'email.retry', recordType: 'email', recordId: id, details: { newId: again.id } },
          );
        }
        return again;
      });
      if (!queued)
        throw new ActionError({
          code: 'NOT_FOUND',
          message: 'That message is no longer waiting to be retried',
        });
      return { redirectTo: '/staff/emails', id: queued.id };
    },
  }),
  unsuppress: defineAction({
    accept: 'form',
    input: z.object({ address: z.string().trim().toLowerCase().max(320) }),
    handler: async ({ address }, context) => {
      const user = requireStaff(context.locals, 'email:unsuppress');
      const db = await getDb();
      const lifted = await db.transaction(async (tx) => {
        const done = await liftSuppression(tx, address);
        if (done) {
          await writeAuditBy(
            tx,
            { ...user, client: clientOf(context) },
            {
              action: 'email.unsuppress',
              recordType: 'email_address',
              recordId: done.address,
              details: { reason: done.reason, since: done.createdAt.toISOString() },
            },
          );
        }
        return done;
      });
      if (!lifted)
        throw new ActionError({ code: 'NOT_FOUND', message: 'That address is no longer suppressed' });
      return { redirectTo: '/staff/emails#suppressed', address: lifted.address };
    },
  }),
};
