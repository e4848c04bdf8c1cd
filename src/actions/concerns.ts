// Staff triage of residents' concerns. Each action: requireStaff first, the member's ward scope
// passed to the feature (a concern outside it is "not found"), domain errors mapped to codes.
import { ActionError, defineAction } from 'astro:actions';
import { wardScope } from '../features/auth/ward-scope.ts';
import {
  AssignSchema,
  DuplicateSchema,
  ReferSchema,
  SetWardSchema,
  ShowContactSchema,
  StatusChangeSchema,
} from '../features/concerns/concerns.schema.ts';
import { PII_LABELS } from '../features/concerns/concerns.ts';
import {
  assignConcern,
  changeConcernStatus,
  markDuplicate,
  referConcern,
  setConcernWard,
} from '../features/concerns/triage-changes.server.ts';
import { viewConcernContact } from '../features/concerns/triage-detail.server.ts';
import {
  ConcernNotFoundError,
  OriginalNotFoundError,
  PersonalDetailsError,
  TriageRefusedError,
  WardNotAllowedError,
} from '../features/concerns/triage-errors.ts';
import { publicBaseUrl } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { SHOW_FORM_AGAIN } from '../lib/server/form-actions.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';

export const CONCERN_NOT_FOUND = 'That concern does not exist';

function triageError(error: unknown): never {
  if (error instanceof ConcernNotFoundError)
    throw new ActionError({ code: 'NOT_FOUND', message: CONCERN_NOT_FOUND });
  if (error instanceof OriginalNotFoundError || error instanceof WardNotAllowedError)
    throw new ActionError({ code: 'NOT_FOUND', message: error.message });
  if (error instanceof TriageRefusedError)
    throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
  if (error instanceof PersonalDetailsError) {
    const what = error.kinds.map((k) => `a ${PII_LABELS[k]}`).join(' or ');
    throw new ActionError({
      code: 'CONFLICT',
      message: `The note to the resident looks like it contains ${what}. Check it, then confirm you mean to send it.`,
    });
  }
  throw error;
}

const detail = (id: string) => `/staff/concerns/${id}`;

export const concerns = {
  /** Shows the page again with the contact details: they never travel in a redirect's cookie. */
  showContact: defineAction({
    accept: 'form',
    input: ShowContactSchema,
    handler: async ({ id, reason }, context) => {
      const user = requireStaff(context.locals, 'concern:view_contact');
      try {
        const contact = await viewConcernContact(
          await getDb(),
          actorOf(context, user),
          id,
          wardScope(user),
          reason,
        );
        return { contact, [SHOW_FORM_AGAIN]: true as const };
      } catch (error) {
        return triageError(error);
      }
    },
  }),

  /** A ward outside a ward officer's own is refused as one that does not exist (404). */
  setWard: defineAction({
    accept: 'form',
    input: SetWardSchema,
    handler: async ({ id, ward }, context) => {
      const user = requireStaff(context.locals, 'concern:triage');
      try {
        await setConcernWard(
          await getDb(),
          actorOf(context, user),
          id,
          wardScope(user),
          ward === 'unknown' ? null : ward,
        );
        return { redirectTo: detail(id), done: 'ward' as const };
      } catch (error) {
        return triageError(error);
      }
    },
  }),

  assign: defineAction({
    accept: 'form',
    input: AssignSchema,
    handler: async ({ id, assignee }, context) => {
      const user = requireStaff(context.locals, 'concern:triage');
      try {
        await assignConcern(await getDb(), actorOf(context, user), id, wardScope(user), assignee || null);
        return { redirectTo: detail(id), done: 'assigned' as const };
      } catch (error) {
        return triageError(error);
      }
    },
  }),

  setStatus: defineAction({
    accept: 'form',
    input: StatusChangeSchema,
    handler: async ({ id, confirmPersonal, ...change }, context) => {
      const user = requireStaff(context.locals, 'concern:triage');
      try {
        await changeConcernStatus(
          await getDb(),
          actorOf(context, user),
          id,
          wardScope(user),
          { ...change, confirmPersonal: confirmPersonal === 'yes' },
          { baseUrl: publicBaseUrl() },
        );
        return { redirectTo: detail(id), done: 'status' as const };
      } catch (error) {
        return triageError(error);
      }
    },
  }),

  refer: defineAction({
    accept: 'form',
    input: ReferSchema,
    handler: async ({ id, confirmPersonal, referralNote, referralInternalNote, ...referral }, context) => {
      const user = requireStaff(context.locals, 'concern:triage');
      try {
        await referConcern(
          await getDb(),
          actorOf(context, user),
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
      } catch (error) {
        return triageError(error);
      }
    },
  }),

  markDuplicate: defineAction({
    accept: 'form',
    input: DuplicateSchema,
    handler: async ({ id, original }, context) => {
      const user = requireStaff(context.locals, 'concern:triage');
      try {
        await markDuplicate(await getDb(), actorOf(context, user), id, wardScope(user), original, {
          baseUrl: publicBaseUrl(),
        });
        return { redirectTo: detail(id), done: 'duplicate' as const };
      } catch (error) {
        return triageError(error);
      }
    },
  }),
};
