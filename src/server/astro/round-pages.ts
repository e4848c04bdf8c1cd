// What the staff pages of one vote round start with (/staff/priorities/<ward>/votes/<id>…): the
// member may keep this ward's priorities, and the round exists, in their scope, in that ward — or
// the request ends with the 404 a missing record gets.
import type { AstroGlobal } from 'astro';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { wardScope } from '../../features/auth/ward-scope.ts';
import { getRoundForStaff } from '../../features/votes/rounds.server.ts';
import { getDb } from './db.ts';
import { pageNotFound, requireStaffPage } from './staff-auth.ts';

export type StaffRound = NonNullable<Awaited<ReturnType<typeof getRoundForStaff>>>;

export async function requireRoundPage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ user: StaffUser; round: StaffRound }> {
  const slug = Astro.params.ward ?? '';
  const user = await requireStaffPage(Astro, 'priority:write', { ward: { slug } });
  const raw = Astro.params.id ?? '';
  const id = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0;
  const round = id ? await getRoundForStaff(await getDb(), id, wardScope(user)) : null;
  if (!round || round.ward.slug !== slug) pageNotFound();
  return { user, round };
}

/** Where a round's staff pages live. */
export const roundPath = (round: { id: number; ward: { slug: string } }, page = '') =>
  `/staff/priorities/${round.ward.slug}/votes/${round.id}${page ? `/${page}` : ''}`;
