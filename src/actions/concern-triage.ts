// Staff triage of residents' concerns. Each action passes the member's ward scope to the feature
// (a concern outside it is "not found"); the wrapper checks the permission and maps the errors.
import { wardScope } from '../features/auth/ward-scope.ts';
import {
  AssignSchema,
  DuplicateSchema,
  ReferSchema,
  SetWardSchema,
  ShowContactSchema,
  StatusChangeSchema,
} from '../features/concerns/concerns.schema.ts';
import {
  assignConcern,
  changeConcernStatus,
  markDuplicate,
  referConcern,
  setConcernWard,
} from '../features/concerns/triage-changes.server.ts';
import { viewConcernContact } from '../features/concerns/triage-detail.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { publicBaseUrl } from '../server/astro/config.ts';
import { SHOW_FORM_AGAIN } from '../server/astro/form-actions.ts';

const detail = (id: string) => `/staff/concerns/${id}`;

export const concerns = {
  /** Shows the page again with the contact details: they never travel in a redirect's cookie. */
  showContact: staffAction({
    permission: 'concern:view_contact',
    input: ShowContactSchema,
    handler: async ({ id, reason }, { db, user, actor }) => {
      const contact = await viewConcernContact(db, actor, id, wardScope(user), reason);
      return { contact, [SHOW_FORM_AGAIN]: true as const };
    },
  }),

  /** A ward outside a ward officer's own is refused as one that does not exist (404). */
  setWard: staffAction({
    permission: 'concern:triage',
    input: SetWardSchema,
    handler: async ({ id, ward }, { db, user, actor }) => {
      await setConcernWard(db, actor, id, wardScope(user), ward === 'unknown' ? null : ward);
      return { redirectTo: detail(id), done: 'ward' as const };
    },
  }),

  assign: staffAction({
    permission: 'concern:triage',
    input: AssignSchema,
    handler: async ({ id, assignee }, { db, user, actor }) => {
      await assignConcern(db, actor, id, wardScope(user), assignee || null);
      return { redirectTo: detail(id), done: 'assigned' as const };
    },
  }),

  setStatus: staffAction({
    permission: 'concern:triage',
    input: StatusChangeSchema,
    handler: async ({ id, confirmPersonal, ...change }, { db, user, actor }) => {
      await changeConcernStatus(
        db,
        actor,
        id,
        wardScope(user),
        { ...change, confirmPersonal: confirmPersonal === 'yes' },
        { baseUrl: publicBaseUrl() },
      );
      return { redirectTo: detail(id), done: 'status' as const };
    },
  }),

  refer: staffAction({
    permission: 'concern:triage',
    input: ReferSchema,
    handler: async (
      { id, confirmPersonal, referralNote, referralInternalNote, ...referral },
      { db, user, actor },
    ) => {
      await referConcern(
        db,
        actor,
        id,
        wardScope(user),
        {
          ...referral,
          publicNote: referralNote,
          internalNote: referralInternalNote,
          confirmPersonal: confirmPersonal === 'yes',
        },
        { baseUrl: publicBaseUrl() },
      );
      return { redirectTo: detail(id), done: 'referred' as const };
    },
  }),

  markDuplicate: staffAction({
    permission: 'concern:triage',
    input: DuplicateSchema,
    handler: async ({ id, original }, { db, user, actor }) => {
      await markDuplicate(db, actor, id, wardScope(user), original, { baseUrl: publicBaseUrl() });
      return { redirectTo: detail(id), done: 'duplicate' as const };
    },
  }),
};
