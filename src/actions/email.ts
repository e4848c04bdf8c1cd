// Administrators sending undelivered email again, and sending to a suppressed address again.
import { ActionError } from 'astro:actions';
import { z } from 'zod';
import { liftSuppressionBy, retryDeadEmailBy } from '../features/email/back-office.server.ts';
import { staffAction } from '../server/astro/actions.ts';

export const emails = {
  retry: staffAction({
    permission: 'email:retry',
    input: z.object({ id: z.uuid() }),
    handler: async ({ id }, { db, actor }) => {
      const queued = await retryDeadEmailBy(db, actor, id);
      if (!queued)
        throw new ActionError({
          code: 'NOT_FOUND',
          message: 'That message is no longer waiting to be retried',
        });
      return { redirectTo: '/staff/emails', id: queued.id };
    },
  }),
  unsuppress: staffAction({
    permission: 'email:unsuppress',
    input: z.object({ address: z.string().trim().toLowerCase().max(320) }),
    handler: async ({ address }, { db, actor }) => {
      const lifted = await liftSuppressionBy(db, actor, address);
      if (!lifted)
        throw new ActionError({ code: 'NOT_FOUND', message: 'That address is no longer suppressed' });
      return { redirectTo: '/staff/emails#suppressed', address: lifted.address };
    },
  }),
};
