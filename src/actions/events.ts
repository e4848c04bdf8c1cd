// Staff publishing Ward Panel meetings and community events: add, edit, move, cancel. Ward officers
// only for their own wards' events; borough-wide events only members who see every ward. The
// feature keeps every query and change to the member's scope.
import { wardScope } from '../features/auth/ward-scope.ts';
import {
  EventCancelSchema,
  EventCreateSchema,
  EventEditSchema,
  EventMoveSchema,
} from '../features/events/events.schema.ts';
import { cancelEvent, createEvent, editEvent, moveEvent } from '../features/events/events.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { publicBaseUrl } from '../server/astro/config.ts';

const eventPage = (id: number) => `/staff/events/${id}`;

export const events = {
  create: staffAction({
    permission: 'event:write',
    input: EventCreateSchema,
    handler: async ({ place, event }, { db, user, actor }) => {
      const { id } = await createEvent(db, place, event, actor, wardScope(user), {
        baseUrl: publicBaseUrl(),
      });
      return { redirectTo: eventPage(id), id, done: 'created' as const };
    },
  }),

  edit: staffAction({
    permission: 'event:write',
    input: EventEditSchema,
    handler: async ({ id, event }, { db, user, actor }) => {
      const { changed } = await editEvent(db, id, event, actor, wardScope(user));
      return {
        redirectTo: eventPage(id),
        id,
        done: changed.length ? ('edited' as const) : ('unchanged' as const),
      };
    },
  }),

  move: staffAction({
    permission: 'event:write',
    input: EventMoveSchema,
    handler: async ({ id, note, ...times }, { db, user, actor }) => {
      await moveEvent(db, id, { ...times, note }, actor, wardScope(user), { baseUrl: publicBaseUrl() });
      return { redirectTo: eventPage(id), id, done: 'moved' as const };
    },
  }),

  /** Only from the confirmation page (/staff/events/<id>/cancel), which sends `confirm`. */
  cancel: staffAction({
    permission: 'event:write',
    input: EventCancelSchema,
    handler: async ({ id, note }, { db, user, actor }) => {
      await cancelEvent(db, id, note, actor, wardScope(user), { baseUrl: publicBaseUrl() });
      return { redirectTo: eventPage(id), id, done: 'cancelled' as const };
    },
  }),
};
