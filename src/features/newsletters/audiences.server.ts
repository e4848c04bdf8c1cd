// Who an issue or a subscription is for, between the forms' slugs and the tables' ids: the places
// (boroughs and wards) by slug and id, an audience resolved for writing (unknown places refused) or
// read back from rows, and its sentence ("Everyone in Camden"). Shared by every newsletter module.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { boroughs, type newsletters, newsletterWards, wards } from '../../../db/schema/index.ts';
import { NewsletterError } from './newsletter-error.ts';
import { type Audience, describeAudience } from './newsletters.ts';

export interface Places {
  boroughBySlug: Map<string, { id: number; name: string }>;
  boroughById: Map<number, { slug: string; name: string }>;
  wardBySlug: Map<string, { id: number; name: string; boroughId: number }>;
  wardById: Map<number, { slug: string; name: string }>;
}

export async function loadPlaces(db: DbOrTx): Promise<Places> {
  const [b, w] = await Promise.all([
    db.select({ id: boroughs.id, slug: boroughs.slug, name: boroughs.name }).from(boroughs),
    db.select({ id: wards.id, slug: wards.slug, name: wards.name, boroughId: wards.boroughId }).from(wards),
  ]);
  return {
    boroughBySlug: new Map(b.map((x) => [x.slug, x])),
    boroughById: new Map(b.map((x) => [x.id, x])),
    wardBySlug: new Map(w.map((x) => [x.slug, x])),
    wardById: new Map(w.map((x) => [x.id, x])),
  };
}

export function audienceText(places: Places, audience: Audience): string {
  return describeAudience(audience, {
    boroughName: (slug) => places.boroughBySlug.get(slug)?.name,
    wardName: (slug) => places.wardBySlug.get(slug)?.name,
  });
}

/** An audience by ids, refusing slugs that name no place. */
export function resolveAudience(
  places: Places,
  audience: Audience,
): { kind: Audience['kind']; boroughId: number | null; wardIds: number[] } {
  if (audience.kind === 'borough') {
    const b = places.boroughBySlug.get(audience.borough);
    if (!b) throw new NewsletterError('unknown_place');
    return { kind: 'borough', boroughId: b.id, wardIds: [] };
  }
  if (audience.kind === 'wards') {
    const ids = audience.wards.map((slug) => places.wardBySlug.get(slug)?.id);
    if (ids.some((id) => id === undefined)) throw new NewsletterError('unknown_place');
    return { kind: 'wards', boroughId: null, wardIds: ids as number[] };
  }
  return { kind: 'all', boroughId: null, wardIds: [] };
}

export function toAudience(
  places: Places,
  kind: string,
  boroughId: number | null,
  wardIds: number[],
): Audience {
  if (kind === 'borough' && boroughId !== null) {
    return { kind: 'borough', borough: places.boroughById.get(boroughId)?.slug ?? '' };
  }
  if (kind === 'wards') {
    const slugs = wardIds.map((id) => places.wardById.get(id)?.slug ?? '').sort();
    return { kind: 'wards', wards: slugs };
  }
  return { kind: 'all' };
}

async function wardsOf(db: DbOrTx, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(newsletterWards).where(inArray(newsletterWards.newsletterId, ids));
  for (const r of rows) out.set(r.newsletterId, [...(out.get(r.newsletterId) ?? []), r.wardId]);
  return out;
}

export type NewsletterRow = typeof newsletters.$inferSelect;

export async function withAudience(
  db: DbOrTx,
  rows: NewsletterRow[],
): Promise<(NewsletterRow & { audienceValue: Audience; audienceText: string })[]> {
  const places = await loadPlaces(db);
  const byId = await wardsOf(
    db,
    rows.filter((r) => r.audience === 'wards').map((r) => r.id),
  );
  return rows.map((r) => {
    const audienceValue = toAudience(places, r.audience, r.boroughId, byId.get(r.id) ?? []);
    return { ...r, audienceValue, audienceText: audienceText(places, audienceValue) };
  });
}
