// What the staff pages of a ward's priorities start with (/staff/priorities/<ward>…): the member may
// keep this ward's priorities and the ward exists; for one priority (…/<ward>/<id>…), it exists, in
// their scope, in that ward; for one of its progress updates (…/<id>/updates/<updateId>…), it is
// that priority's — or the request ends with the 404 a missing record gets.
import type { AstroGlobal } from 'astro';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { wardScope } from '../../features/auth/ward-scope.ts';
import { getWard, type Ward } from '../../features/places/places.server.ts';
import { getPriorityForStaff, type StaffPriority } from '../../features/priorities/priorities.server.ts';
import type { PriorityUpdate } from '../../features/priorities/priorities.ts';
import { getDb } from './db.ts';
import { pageNotFound, requireStaffPage } from './staff-auth.ts';

export async function requirePriorityPage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ user: StaffUser; priority: StaffPriority }> {
  const slug = Astro.params.ward ?? '';
  const user = await requireStaffPage(Astro, 'priority:write', { ward: { slug } });
  const raw = Astro.params.id ?? '';
  const id = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0;
  const priority = id ? await getPriorityForStaff(await getDb(), id, wardScope(user)) : null;
  if (!priority || priority.ward.slug !== slug) pageNotFound();
  return { user, priority };
}

/** One progress update of the priority (…/<ward>/<id>/updates/<updateId>…), or the 404 a missing record gets. */
export async function requirePriorityUpdatePage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ user: StaffUser; priority: StaffPriority; update: PriorityUpdate }> {
  const { user, priority } = await requirePriorityPage(Astro);
  const raw = Astro.params.updateId ?? '';
  const update = /^[1-9]\d{0,8}$/.test(raw) ? priority.updates.find((u) => u.id === Number(raw)) : undefined;
  if (!update) pageNotFound();
  return { user, priority, update };
}

export async function requireWardPage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ user: StaffUser; ward: Ward }> {
  const slug = Astro.params.ward ?? '';
  const user = await requireStaffPage(Astro, 'priority:write', { ward: { slug } });
  const ward = await getWard(await getDb(), slug);
  if (!ward) pageNotFound();
  return { user, ward };
}
