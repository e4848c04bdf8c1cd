// A panel's current members as a CSV download (panel:export; audited in the feature).
import type { APIRoute } from 'astro';
import { wardScope } from '../../../../features/auth/ward-scope.ts';
import { exportPanelMembersCsv } from '../../../../features/panels/members.server.ts';
import { panelKeyOf } from '../../../../features/panels/membership.ts';
import { resolvePanel } from '../../../../features/panels/panel-scope.server.ts';
import { getDb } from '../../../../server/astro/db.ts';
import {
  actorOf,
  pageNotFound,
  requireChosenView,
  requireStaffPage,
} from '../../../../server/astro/staff-auth.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaffPage(context, 'panel:export');
  // A download of personal data, audited: only when a person chose it, not from another site's link.
  requireChosenView(context);
  const key = panelKeyOf(context.params.panel ?? '');
  const db = await getDb();
  const panel = key ? await resolvePanel(db, key, wardScope(user)) : null;
  if (!panel) pageNotFound();
  const { csv } = await exportPanelMembersCsv(db, actorOf(context, user), panel);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${panel.segment}-panel-members-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
};
