// Administrators sending undelivered email again.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { writeAudit } from '../features/audit/audit.server.ts';
import { retryDeadEmail } from '../features/email/email.server.ts';
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
          await writeAudit(tx, {
            actorId: user.id,
            actorLabel: user.email,
            action: 'email.retry',
            recordType: 'email',
            recordId: id,
            client: clientOf(context),
            details: { newId: again.id },
          });
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
};
