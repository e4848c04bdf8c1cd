// Staff keeping their wards' priorities: add, edit, retire, post progress updates (and correct or
// remove one posted). Ward officers
// only for their own wards: the ward named is checked here, and the feature keeps every query and
// change to the member's ward scope as well.
import { wardScope } from '../features/auth/ward-scope.ts';
import {
  PriorityCreateSchema,
  PriorityEditSchema,
  PriorityRetireSchema,
  PriorityUpdateCorrectSchema,
  PriorityUpdateRemoveSchema,
  PriorityUpdateSchema,
} from '../features/priorities/priorities.schema.ts';
import {
  correctPriorityUpdate,
  createPriority,
  editPriority,
  postPriorityUpdate,
  removePriorityUpdate,
  retirePriority,
} from '../features/priorities/priorities.server.ts';
import { markdownPreviewAction, staffAction } from '../server/astro/actions.ts';

const wardPage = (slug: string) => `/staff/priorities/${slug}`;

export const priorities = {
  /** The update's body as residents will see it (the body island, or the Preview button without JavaScript). */
  preview: markdownPreviewAction('priority:write'),

  create: staffAction({
    permission: 'priority:write',
    input: PriorityCreateSchema,
    ward: (input) => ({ slug: input.ward }),
    notFound: 'That ward does not exist',
    handler: async ({ ward, ...input }, { db, user, actor }) => {
      const id = await createPriority(db, ward, input, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'created' as const };
    },
  }),

  edit: staffAction({
    permission: 'priority:write',
    input: PriorityEditSchema,
    handler: async ({ id, ...input }, { db, user, actor }) => {
      const ward = await editPriority(db, id, input, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'edited' as const };
    },
  }),

  /** Only from the confirmation page (/staff/priorities/<ward>/<id>/retire), which sends `confirm`. */
  retire: staffAction({
    permission: 'priority:write',
    input: PriorityRetireSchema,
    handler: async ({ id, retiredOn, outcome }, { db, user, actor }) => {
      const ward = await retirePriority(db, id, { retiredOn, outcome }, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'retired' as const };
    },
  }),

  postUpdate: staffAction({
    permission: 'priority:write',
    input: PriorityUpdateSchema,
    handler: async ({ id, ...input }, { db, user, actor }) => {
      const ward = await postPriorityUpdate(db, id, input, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'updated' as const };
    },
  }),

  correctUpdate: staffAction({
    permission: 'priority:write',
    input: PriorityUpdateCorrectSchema,
    handler: async ({ id, updateId, ...input }, { db, user, actor }) => {
      const ward = await correctPriorityUpdate(db, id, updateId, input, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'corrected' as const };
    },
  }),

  /** Only from the confirmation page (/staff/priorities/<ward>/<id>/updates/<updateId>/remove), which sends `confirm`. */
  removeUpdate: staffAction({
    permission: 'priority:write',
    input: PriorityUpdateRemoveSchema,
    handler: async ({ id, updateId }, { db, user, actor }) => {
      const ward = await removePriorityUpdate(db, id, updateId, actor, wardScope(user));
      return { redirectTo: wardPage(ward), id, done: 'removed' as const };
    },
  }),
};
