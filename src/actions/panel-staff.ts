// Staff running panel membership: deciding applications and removing members. The feature keeps
// every change to the member's scope (ward officers: their wards' Ward Panels; the Forum: liaison
// officers and administrators) and writes the emails and audit rows with it.
import { wardScope } from '../features/auth/ward-scope.ts';
import { removeMember } from '../features/panels/members.server.ts';
import { DecisionSchema, RemoveMemberSchema } from '../features/panels/membership.schema.ts';
import { decideApplication } from '../features/panels/review.server.ts';
import { staffAction } from '../server/astro/actions.ts';
import { publicBaseUrl } from '../server/astro/config.ts';

export const panelStaff = {
  decide: staffAction({
    permission: 'panel:review',
    input: DecisionSchema,
    handler: async (input, { db, user, actor }) => {
      const { panel, decision } = await decideApplication(db, actor, wardScope(user), input, {
        baseUrl: publicBaseUrl(),
      });
      return { redirectTo: `/staff/panels/${panel.segment}`, done: decision };
    },
  }),

  /** Only from the confirmation page (/staff/panels/<panel>/members/<id>/remove), which sends `confirm`. */
  removeMember: staffAction({
    permission: 'panel:review',
    input: RemoveMemberSchema,
    handler: async ({ id, reason }, { db, user, actor }) => {
      const panel = await removeMember(
        db,
        actor,
        wardScope(user),
        { id, reason },
        { baseUrl: publicBaseUrl() },
      );
      return { redirectTo: `/staff/panels/${panel.segment}`, done: 'removed' as const };
    },
  }),
};
