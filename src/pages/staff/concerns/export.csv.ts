// The concerns queue, filtered as on /staff/concerns, as a CSV download (audited in the feature).
import type { APIRoute } from 'astro';
import { wardScope } from '../../../features/auth/ward-scope.ts';
import { QueueFilterSchema } from '../../../features/concerns/concerns.schema.ts';
import { exportConcernsCsv } from '../../../features/concerns/triage-export.server.ts';
import { getDb } from '../../../server/astro/db.ts';
import { queryState } from '../../../server/astro/forms.ts';
import { actorOf, requireChosenView, requireStaffPage } from '../../../server/astro/staff-auth.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaffPage(context, 'concern:export');
  // A download of personal data, audited: only when a person chose it, not from another site's link.
  requireChosenView(context);
  const query = queryState(QueueFilterSchema, context.url);
  if (!query.data) {
    return new Response(query.summary.map((s) => s.text).join('\n'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const { csv } = await exportConcernsCsv(await getDb(), actorOf(context, user), wardScope(user), query.data);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="concerns-${day}.csv"`,
    },
  });
};
