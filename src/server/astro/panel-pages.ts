// What the staff pages of a panel start with (/staff/panels/<panel>…): the member holds the
// permission and the panel (a ward's slug, or the Forum's segment) exists within their scope — or
// the request ends with the 404 a missing record gets (decision 0136).
import type { AstroGlobal } from 'astro';
import type { Permission } from '../../features/auth/permissions.ts';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { wardScope } from '../../features/auth/ward-scope.ts';
import { panelKeyOf } from '../../features/panels/membership.ts';
import { type Panel, resolvePanel } from '../../features/panels/panel-scope.server.ts';
import { getDb } from './db.ts';
import { pageNotFound, requireStaffPage } from './staff-auth.ts';

export async function requirePanelPage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
  permission: Permission,
): Promise<{ user: StaffUser; panel: Panel }> {
  const user = await requireStaffPage(Astro, permission);
  const key = panelKeyOf(Astro.params.panel ?? '');
  const panel = key ? await resolvePanel(await getDb(), key, wardScope(user)) : null;
  if (!panel) pageNotFound();
  return { user, panel };
}
