// What the staff pages of meetings and events start with (/staff/events…): the member may publish
// events and, for one event (…/<id>…), it exists in their scope — or the request ends with the 404
// a missing record gets. Also the places a member may add events for: their wards, and the boroughs
// when they see every ward.
import type { AstroGlobal } from 'astro';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { coversWard, wardScope } from '../../features/auth/ward-scope.ts';
import { placeValue } from '../../features/events/events.ts';
import { getEventForStaff, type StaffEvent } from '../../features/events/events-read.server.ts';
import { listBoroughsWithWards } from '../../features/places/places.server.ts';
import { getDb } from './db.ts';
import { pageNotFound, requireStaffPage } from './staff-auth.ts';

export async function requireEventPage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ user: StaffUser; event: StaffEvent }> {
  const user = await requireStaffPage(Astro, 'event:write');
  const raw = Astro.params.id ?? '';
  const id = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0;
  const event = id ? await getEventForStaff(await getDb(), id, wardScope(user)) : null;
  if (!event) pageNotFound();
  return { user, event };
}

/** Where an event's staff pages live. */
export const staffEventPath = (id: number, page = '') => `/staff/events/${id}${page ? `/${page}` : ''}`;

export interface PlaceGroup {
  label: string;
  options: { value: string; label: string }[];
}

/** The place list's groups: each borough (if the member sees every ward) and the wards in scope. */
export async function placeChoices(user: StaffUser): Promise<PlaceGroup[]> {
  const scope = wardScope(user);
  const boroughs = await listBoroughsWithWards(await getDb());
  const groups: PlaceGroup[] = [];
  if (scope === 'all')
    groups.push({
      label: 'Borough-wide',
      options: boroughs.map((b) => ({
        value: placeValue({ kind: 'borough', slug: b.slug }),
        label: `All of ${b.name}`,
      })),
    });
  for (const b of boroughs) {
    const wards = b.wards.filter((w) => coversWard(scope, { slug: w.slug }));
    if (wards.length)
      groups.push({
        label: `${b.name} wards`,
        options: wards.map((w) => ({ value: placeValue({ kind: 'ward', slug: w.slug }), label: w.name })),
      });
  }
  return groups;
}
