// Staff writing Local Action Plan progress updates.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { PlanUpdateSchema } from '../features/action-plan/plan-updates.schema.ts';
import {
  createPlanUpdate,
  editPlanUpdate,
  PlanUpdateDuplicateError,
  PlanUpdateNotFoundError,
  setPlanUpdatePublished,
} from '../features/action-plan/plan-updates.server.ts';
import { getDb } from '../lib/server/db.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';

const ActionRef = z.object({ actionNumber: z.coerce.number().int().min(1).max(99) });
const UpdateRef = ActionRef.extend({ id: z.coerce.number().int().positive() });

function planUpdateError(error: unknown): never {
  if (error instanceof PlanUpdateNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'That update no longer exists' });
  }
  if (error instanceof PlanUpdateDuplicateError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'This action already has an update with this date and headline: change the headline',
    });
  }
  throw error;
}

export const planUpdates = {
  create: defineAction({
    accept: 'form',
    input: PlanUpdateSchema.extend(ActionRef.shape),
    handler: async ({ actionNumber, ...input }, context) => {
      const user = requireStaff(context.locals, 'plan_update:write');
      try {
        const id = await createPlanUpdate(await getDb(), actionNumber, input, actorOf(context, user));
        return { redirectTo: `/staff/action-plan/${actionNumber}`, id, done: 'created' as const };
      } catch (error) {
        return planUpdateError(error);
      }
    },
  }),

  edit: defineAction({
    accept: 'form',
    input: PlanUpdateSchema.extend(UpdateRef.shape),
    handler: async ({ actionNumber, id, ...input }, context) => {
      const user = requireStaff(context.locals, 'plan_update:write');
      try {
        await editPlanUpdate(await getDb(), actionNumber, id, input, actorOf(context, user));
        return { redirectTo: `/staff/action-plan/${actionNumber}`, id, done: 'edited' as const };
      } catch (error) {
        return planUpdateError(error);
      }
    },
  }),

  publish: defineAction({
    accept: 'form',
    input: UpdateRef,
    handler: async ({ actionNumber, id }, context) => {
      const user = requireStaff(context.locals, 'plan_update:publish');
      try {
        await setPlanUpdatePublished(await getDb(), actionNumber, id, true, actorOf(context, user));
        return { redirectTo: `/staff/action-plan/${actionNumber}`, id, done: 'published' as const };
      } catch (error) {
        return planUpdateError(error);
      }
    },
  }),

  unpublish: defineAction({
    accept: 'form',
    input: UpdateRef,
    handler: async ({ actionNumber, id }, context) => {
      const user = requireStaff(context.locals, 'plan_update:publish');
      try {
        await setPlanUpdatePublished(await getDb(), actionNumber, id, false, actorOf(context, user));
        return { redirectTo: `/staff/action-plan/${actionNumber}`, id, done: 'unpublished' as const };
      } catch (error) {
        return planUpdateError(error);
      }
    },
  }),
};
