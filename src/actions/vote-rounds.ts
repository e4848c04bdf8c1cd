// Staff running their wards' priority votes: open a round, edit it before anyone votes, extend it,
// close it early, record the panel's decision. Ward officers only for their own wards: the ward
// named is checked here, and the feature keeps every query and change to the member's scope too.
import { wardScope } from '../features/auth/ward-scope.ts';
import { decideRound } from '../features/votes/round-decision.server.ts';
import {
  RoundCloseSchema,
  RoundCreateSchema,
  RoundDecisionSchema,
  RoundEditSchema,
  RoundExtendSchema,
} from '../features/votes/rounds.schema.ts';
import { closeRoundEarly, editRound, extendRound, openRound } from '../features/votes/rounds.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { mailContext } from '../server/astro/config.ts';

const roundPage = (ward: string, id: number) => `/staff/priorities/${ward}/votes/${id}`;

export const voteRounds = {
  create: staffAction({
    permission: 'priority:write',
    input: RoundCreateSchema,
    ward: (input) => ({ slug: input.ward }),
    notFound: 'That ward does not exist',
    handler: async ({ ward, round }, { db, user, actor }) => {
      const opened = await openRound(db, ward, round, actor, wardScope(user));
      return { redirectTo: roundPage(opened.ward, opened.id), id: opened.id, done: 'opened' as const };
    },
  }),

  edit: staffAction({
    permission: 'priority:write',
    input: RoundEditSchema,
    handler: async ({ id, round }, { db, user, actor }) => {
      const ward = await editRound(db, id, round, actor, wardScope(user));
      return { redirectTo: roundPage(ward, id), id, done: 'edited' as const };
    },
  }),

  extend: staffAction({
    permission: 'priority:write',
    input: RoundExtendSchema,
    handler: async ({ id, closesAt }, { db, user, actor }) => {
      const ward = await extendRound(db, id, closesAt, actor, wardScope(user));
      return { redirectTo: roundPage(ward, id), id, done: 'extended' as const };
    },
  }),

  /** Only from the confirmation page (…/votes/<id>/close), which sends `confirm`. */
  closeEarly: staffAction({
    permission: 'priority:write',
    input: RoundCloseSchema,
    handler: async ({ id, reason }, { db, user, actor }) => {
      const ward = await closeRoundEarly(db, id, reason, actor, wardScope(user));
      return { redirectTo: roundPage(ward, id), id, done: 'closed' as const };
    },
  }),

  decide: staffAction({
    permission: 'priority:write',
    input: RoundDecisionSchema,
    handler: async (input, { db, user, actor }) => {
      const { secret, baseUrl } = mailContext();
      const ward = await decideRound(db, input, actor, wardScope(user), { appSecret: secret, baseUrl });
      return { redirectTo: roundPage(ward, input.id), id: input.id, done: 'decided' as const };
    },
  }),
};
