// Administrators sending undelivered email again, and sending to a suppressed address again.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { liftSuppressionBy, retryDeadEmailBy } from '../features/email/back-office.server.ts';
import { getDb } from '../lib/server/db.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';

export const emails = {
  retry: defineAction({
    accept: 'form',
    input: z.object({ id: z.uuid() }),
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'email:retry');
      const queued = await retryDeadEmailBy(await getDb(), actorOf(context, user), id);
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
      const lifted = await liftSuppressionBy(await getDb(), actorOf(context, user), address);
      if (!lifted)
        throw new ActionError({ code: 'NOT_FOUND', message: 'That address is no longer suppressed' });
      return { redirectTo: '/staff/emails#suppressed', address: lifted.address };
    },
  }),
};
