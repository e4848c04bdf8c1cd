// Boroughs and wards.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { boroughs, wards } from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';

export interface Ward {
  id: number;
  slug: string;
  name: string;
  borough: { slug: string; name: string; council: string };
}

export interface BoroughWithWards {
  slug: string;
  name: string;
  council: string;
  wards: { slug: string; name: string }[];
}

export async function listBoroughsWithWards(db: Db): Promise<BoroughWithWards[]> {
  const rows = await db
    .select({
      boroughSlug: boroughs.slug,
      boroughName: boroughs.name,
      council: boroughs.council,
      wardSlug: wards.slug,
      wardName: wards.name,
    })
    .from(wards)
    .innerJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .orderBy(asc(boroughs.name), asc(wards.name));
  const out = new Map<string, BoroughWithWards>();
  for (const r of rows) {
    const b = out.get(r.boroughSlug) ?? {
      slug: r.boroughSlug,
      name: r.boroughName,
      council: r.council,
      wards: [],
    };
    b.wards.push({ slug: r.wardSlug, name: r.wardName });
    out.set(r.boroughSlug, b);
  }
  return [...out.values()];
}

export async function getWard(db: Db, slug: string): Promise<Ward | null> {
  const [row] = await db
    .select({
      id: wards.id,
      slug: wards.slug,
      name: wards.name,
      boroughSlug: boroughs.slug,
      boroughName: boroughs.name,
      council: boroughs.council,
    })
    .from(wards)
    .innerJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .where(eq(wards.slug, slug));
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    borough: { slug: row.boroughSlug, name: row.boroughName, council: row.council },
  };
}

/** A ward slug that names no ward: forms offer only real wards, so the input was tampered with. */
export class UnknownWardError extends DomainError<'place', 'unknown_ward'> {
  constructor() {
    super('place', 'unknown_ward', {}, 'Unknown ward');
  }
}

/** The ids of the wards named, each once; throws UnknownWardError if any slug names no ward. */
export async function wardIdsForSlugs(db: DbOrTx, slugs: string[]): Promise<number[]> {
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return [];
  const rows = await db.select({ id: wards.id }).from(wards).where(inArray(wards.slug, unique));
  if (rows.length !== unique.length) throw new UnknownWardError();
  return rows.map((r) => r.id);
}

/** Is there a ward with this slug? */
export async function wardExists(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, slug)).limit(1);
  return row !== undefined;
}
