// The public archive: published issues, newest first, for everyone or one ward (pages and feeds).
import { and, count, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { newsletters, newsletterWards, wards } from '../../../db/schema/index.ts';
import { type Paged, paginate } from '../../lib/paging.ts';
import { type NewsletterRow, withAudience } from './audiences.server.ts';
import type { Audience } from './newsletters.ts';

export interface PublicNewsletter {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: string;
  issueDate: string;
  publishedAt: Date;
  updatedAt: Date;
  audience: Audience;
  audienceText: string;
}

const n = newsletters;
const isPublished = isNotNull(n.publishedAt);

/** Issues that reach a ward: for everyone, for its borough, or naming it. */
function reachesWard(wardId: number, boroughId: number): SQL {
  return sql`(${n.audience} = 'all' or (${n.audience} = 'borough' and ${n.boroughId} = ${boroughId}) or exists (select 1 from ${newsletterWards} nw where nw.newsletter_id = ${n.id} and nw.ward_id = ${wardId}))`;
}

export function toPublic(
  r: NewsletterRow & { audienceValue: Audience; audienceText: string },
): PublicNewsletter {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    body: r.body,
    issueDate: r.issueDate,
    publishedAt: r.publishedAt as Date,
    updatedAt: r.updatedAt,
    audience: r.audienceValue,
    audienceText: r.audienceText,
  };
}

export const ARCHIVE_PAGE_SIZE = 10;

/** Published issues, newest first; for one ward, those that reach it. Null ward: unknown slug. */
export async function listPublishedNewsletters(
  db: Db,
  { page = 1, size = ARCHIVE_PAGE_SIZE, ward }: { page?: number; size?: number; ward?: string } = {},
): Promise<Paged<PublicNewsletter> | null> {
  let where: SQL | undefined = isPublished;
  if (ward !== undefined) {
    const [w] = await db.select().from(wards).where(eq(wards.slug, ward));
    if (!w) return null;
    where = and(isPublished, reachesWard(w.id, w.boroughId));
  }
  return paginate(
    { page, size },
    async ({ limit, offset }) => {
      const rows = await db
        .select()
        .from(n)
        .where(where)
        .orderBy(desc(n.issueDate), desc(n.publishedAt), desc(n.id))
        .limit(limit)
        .offset(offset);
      return (await withAudience(db, rows)).map(toPublic);
    },
    async () => (await db.select({ c: count() }).from(n).where(where))[0]?.c ?? 0,
  );
}

export async function getPublishedNewsletter(db: Db, slug: string): Promise<PublicNewsletter | null> {
  const [row] = await db
    .select()
    .from(n)
    .where(and(eq(n.slug, slug), isPublished));
  if (!row) return null;
  const [one] = await withAudience(db, [row]);
  return one ? toPublic(one) : null;
}
