// Staff writing Local Action Plan progress updates.
import { z } from 'zod';
import { PlanUpdateSchema } from '../features/action-plan/plan-updates.schema.ts';
import {
  createPlanUpdate,
  editPlanUpdate,
  setPlanUpdatePublished,
} from '../features/action-plan/plan-updates.server.ts';
import { permissionToEdit } from '../features/action-plan/plan-updates.ts';
import { can } from '../features/auth/permissions.ts';
import { confirmed } from '../lib/confirmation.ts';
import { markdownPreviewAction, staffAction } from '../server/astro/actions.ts';

const ActionRef = z.object({ actionNumber: z.coerce.number().int().min(1).max(99) });
const UpdateRef = ActionRef.extend({ id: z.coerce.number().int().positive() });

const actionPage = (actionNumber: number) => `/staff/action-plan/${actionNumber}`;

export const planUpdates = {
  /** The body as residents will see it (the body island, or Preview without JavaScript). */
  preview: markdownPreviewAction('plan_update:write'),

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
    input: confirmed(UpdateRef, 'Confirm that residents should no longer see this update'),
    handler: async ({ actionNumber, id }, { db, actor }) => {
      await setPlanUpdatePublished(db, actionNumber, id, false, actor);
      return { redirectTo: actionPage(actionNumber), id, done: 'unpublished' as const };
    },
  }),
};
