// What the residents' vote pages (/wards/<slug>/vote, …/code, …/counted) start with: the ward (or the
// 404 an unknown ward gets) and its current round, if any; the browser's cookie naming its vote that
// waits for a code. The pages are the visitor's own: never cached.
import type { AstroGlobal } from 'astro';
import { WardSlugSchema } from '../../features/places/places.schema.ts';
import { getWard, type Ward } from '../../features/places/places.server.ts';
import { roundOfWard } from '../../features/votes/ballots.server.ts';
import type { Round } from '../../features/votes/round-read.server.ts';
import { getDb } from './db.ts';
import { residentCookie } from './resident-cookie.ts';
import { pageNotFound } from './staff-auth.ts';

/** The id of the vote this browser cast and has not yet confirmed (an hour at most). */
export const voteCookie = residentCookie('cn_vote');

export async function loadVotePage(
  Astro: Pick<AstroGlobal, 'locals' | 'params'>,
): Promise<{ ward: Ward; round: Round | null }> {
  Astro.locals.private = true;
  const slug = WardSlugSchema.safeParse(Astro.params.slug);
  const db = await getDb();
  const ward = slug.success ? await getWard(db, slug.data) : null;
  if (!ward) pageNotFound();
  return { ward, round: await roundOfWard(db, ward.slug) };
}
