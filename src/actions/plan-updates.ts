// Staff writing Local Action Plan progress updates.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { PlanUpdatePreviewSchema, PlanUpdateSchema } from '../features/action-plan/plan-updates.schema.ts';
import {
  createPlanUpdate,
  editPlanUpdate,
  PlanUpdateDuplicateError,
  PlanUpdateNotFoundError,
  PlanUpdatePublishedError,
  setPlanUpdatePublished,
} from '../features/action-plan/plan-updates.server.ts';
import { permissionToEdit, UNPUBLISH_CONFIRMATION } from '../features/action-plan/plan-updates.ts';
import { can } from '../features/auth/permissions.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { getDb } from '../lib/server/db.ts';
import { SHOW_FORM_AGAIN } from '../lib/server/form-actions.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';

const ActionRef = z.object({ actionNumber: z.coerce.number().int().min(1).max(99) });
const UpdateRef = ActionRef.extend({ id: z.coerce.number().int().positive() });

function planUpdateError(error: unknown): never {
  if (error instanceof PlanUpdateNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'That update no longer exists' });
  }
  if (error instanceof PlanUpdatePublishedError) {
    throw new ActionError({
      code: 'FORBIDDEN',
      message: 'This update is published: only someone who can publish updates can change it',
    });
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
  /**
   * The body as residents will see it: the public page's Markdown renderer and sanitiser. The
   * body island calls it as the author types; without JavaScript the form's Preview button posts
   * here and the page is shown again with the preview and everything typed.
   */
  preview: defineAction({
    accept: 'form',
    input: PlanUpdatePreviewSchema,
    handler: ({ body }, context) => {
      requireStaff(context.locals, 'plan_update:write');
      return { html: renderMarkdown(body), [SHOW_FORM_AGAIN]: true as const };
    },
  }),

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
        await editPlanUpdate(await getDb(), actionNumber, id, input, actorOf(context, user), (published) =>
          can(user.role, permissionToEdit(published)),
        );
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

  /** Only from the confirmation page (/staff/action-plan/N/ID/unpublish), which sends `confirm`. */
  unpublish: defineAction({
    accept: 'form',
    input: UpdateRef.extend({
      confirm: z.literal(UNPUBLISH_CONFIRMATION, {
        error: 'Confirm that residents should no longer see this update',
      }),
    }),
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
