// Staff writing Local Action Plan progress updates.
import { z } from 'zod';
import { PlanUpdatePreviewSchema, PlanUpdateSchema } from '../features/action-plan/plan-updates.schema.ts';
import {
  createPlanUpdate,
  editPlanUpdate,
  setPlanUpdatePublished,
} from '../features/action-plan/plan-updates.server.ts';
import { permissionToEdit, UNPUBLISH_CONFIRMATION } from '../features/action-plan/plan-updates.ts';
import { can } from '../features/auth/permissions.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { SHOW_FORM_AGAIN } from '../lib/server/form-actions.ts';
import { staffAction } from '../web/actions.ts';

const ActionRef = z.object({ actionNumber: z.coerce.number().int().min(1).max(99) });
const UpdateRef = ActionRef.extend({ id: z.coerce.number().int().positive() });

const actionPage = (actionNumber: number) => `/staff/action-plan/${actionNumber}`;

export const planUpdates = {
  /**
   * The body as residents will see it: the public page's Markdown renderer and sanitiser. The
   * body island calls it as the author types; without JavaScript the form's Preview button posts
   * here and the page is shown again with the preview and everything typed.
   */
  preview: staffAction({
    permission: 'plan_update:write',
    input: PlanUpdatePreviewSchema,
    handler: ({ body }) => ({ html: renderMarkdown(body), [SHOW_FORM_AGAIN]: true as const }),
  }),

  create: staffAction({
    permission: 'plan_update:write',
    input: PlanUpdateSchema.extend(ActionRef.shape),
    handler: async ({ actionNumber, ...input }, { db, actor }) => {
      const id = await createPlanUpdate(db, actionNumber, input, actor);
      return { redirectTo: actionPage(actionNumber), id, done: 'created' as const };
    },
  }),

  edit: staffAction({
    permission: 'plan_update:write',
    input: PlanUpdateSchema.extend(UpdateRef.shape),
    handler: async ({ actionNumber, id, ...input }, { db, user, actor }) => {
      await editPlanUpdate(db, actionNumber, id, input, actor, (published) =>
        can(user.role, permissionToEdit(published)),
      );
      return { redirectTo: actionPage(actionNumber), id, done: 'edited' as const };
    },
  }),

  publish: staffAction({
    permission: 'plan_update:publish',
    input: UpdateRef,
    handler: async ({ actionNumber, id }, { db, actor }) => {
      await setPlanUpdatePublished(db, actionNumber, id, true, actor);
      return { redirectTo: actionPage(actionNumber), id, done: 'published' as const };
    },
  }),

  /** Only from the confirmation page (/staff/action-plan/N/ID/unpublish), which sends `confirm`. */
  unpublish: staffAction({
    permission: 'plan_update:publish',
    input: UpdateRef.extend({
      confirm: z.literal(UNPUBLISH_CONFIRMATION, {
        error: 'Confirm that residents should no longer see this update',
      }),
    }),
    handler: async ({ actionNumber, id }, { db, actor }) => {
      await setPlanUpdatePublished(db, actionNumber, id, false, actor);
      return { redirectTo: actionPage(actionNumber), id, done: 'unpublished' as const };
    },
  }),
};
