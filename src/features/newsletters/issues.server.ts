// The staff side of an issue before it goes out: drafts, edits until it is sent, the list and one
// issue with its audience, and what became of its emails. Each change and its audit row share one
// transaction.
import { count, desc, eq, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { emailOutbox, newsletterDeliveries, newsletters, newsletterWards } from '../../../db/schema/index.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { type PublicNewsletter, toPublic } from './archive.server.ts';
import {
  loadPlaces,
  type NewsletterRow,
  type Places,
  resolveAudience,
  withAudience,
} from './audiences.server.ts';
import { NewsletterError } from './newsletter-error.ts';
import type { NewsletterInput } from './newsletters.schema.ts';
import { type Audience, newsletterSlug } from './newsletters.ts';

const n = newsletters;

export interface StaffNewsletter extends Omit<PublicNewsletter, 'publishedAt'> {
  /** Null: a draft, or unpublished. */
  publishedAt: Date | null;
  live: boolean;
  sentAt: Date | null;
  /** When the scheduler will publish and email it, if scheduled. */
  scheduledFor: Date | null;
  recipientCount: number | null;
}

export async function listNewslettersForStaff(db: Db): Promise<StaffNewsletter[]> {
  const rows = await db.select().from(n).orderBy(desc(n.issueDate), desc(n.id));
  return (await withAudience(db, rows)).map(toStaff);
}

function toStaff(r: NewsletterRow & { audienceValue: Audience; audienceText: string }): StaffNewsletter {
  return {
    ...toPublic(r),
    publishedAt: r.publishedAt,
    live: r.publishedAt !== null,
    sentAt: r.sentAt,
    scheduledFor: r.scheduledFor,
    recipientCount: r.recipientCount,
  };
}

export async function getNewsletterForStaff(db: DbOrTx, id: number): Promise<StaffNewsletter | null> {
  const [row] = await db.select().from(n).where(eq(n.id, id));
  if (!row) return null;
  const [one] = await withAudience(db, [row]);
  return one ? toStaff(one) : null;
}

async function writeNewsletterAudience(tx: DbOrTx, id: number, places: Places, audience: Audience) {
  const r = resolveAudience(places, audience);
  await tx.update(n).set({ audience: r.kind, boroughId: r.boroughId }).where(eq(n.id, id));
  await tx.delete(newsletterWards).where(eq(newsletterWards.newsletterId, id));
  if (r.wardIds.length > 0) {
    await tx.insert(newsletterWards).values(r.wardIds.map((wardId) => ({ newsletterId: id, wardId })));
  }
}

export async function createNewsletter(
  db: Db,
  input: NewsletterInput,
  actor: Actor,
  now = new Date(),
): Promise<number> {
  const places = await loadPlaces(db);
  const r = resolveAudience(places, input.audience);
  return db.transaction(async (tx) => {
    const base = newsletterSlug(input.issueDate, input.title);
    const taken = await tx
      .select({ slug: n.slug })
      .from(n)
      .where(or(eq(n.slug, base), sql`${n.slug} like ${`${base}-%`}`));
    const used = new Set(taken.map((t) => t.slug));
    let slug = base;
    for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
    const [row] = await tx
      .insert(n)
      .values({
        slug,
        title: input.title,
        summary: input.summary,
        body: input.body,
        issueDate: input.issueDate,
        audience: r.kind,
        boroughId: r.boroughId,
        createdBy: actor.id,
        updatedBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: n.id });
    if (!row) throw new Error('Newsletter insert returned nothing');
    await writeNewsletterAudience(tx, row.id, places, input.audience);
    await writeAuditBy(tx, actor, {
      action: 'newsletter.create',
      recordType: 'newsletter',
      recordId: row.id,
    });
    return row.id;
  });
}

/** Edits an issue until it is sent; after that its emails are out and the text stays as sent. */
export async function editNewsletter(
  db: Db,
  id: number,
  input: NewsletterInput,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  const places = await loadPlaces(db);
  resolveAudience(places, input.audience);
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(n).where(eq(n.id, id)).for('update');
    if (!row) throw new NewsletterError('not_found');
    if (row.sentAt) throw new NewsletterError('already_sent');
    await tx
      .update(n)
      .set({
        title: input.title,
        summary: input.summary,
        body: input.body,
        issueDate: input.issueDate,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .where(eq(n.id, id));
    await writeNewsletterAudience(tx, id, places, input.audience);
    await writeAuditBy(tx, actor, { action: 'newsletter.edit', recordType: 'newsletter', recordId: id });
  });
}

export interface IssueCounts {
  recipients: number;
  queued: number;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
  failed: number;
}

/** What became of an issue's emails, from its deliveries and their outbox rows. */
export async function issueCounts(db: Db, id: number): Promise<IssueCounts> {
  const o = emailOutbox;
  const d = newsletterDeliveries;
  // The outbox row while it exists; what retention kept of it once it is gone.
  const status = sql`coalesce(${o.status}, ${d.finalStatus})`;
  const delivery = sql`coalesce(${o.delivery}, ${d.finalDelivery})`;
  const [row] = await db
    .select({
      recipients: count(),
      queued: sql<number>`count(*) filter (where ${status} in ('queued', 'sending'))::int`,
      sent: sql<number>`count(*) filter (where ${status} = 'sent')::int`,
      delivered: sql<number>`count(*) filter (where ${delivery} = 'delivered')::int`,
      bounced: sql<number>`count(*) filter (where ${delivery} = 'bounced')::int`,
      complained: sql<number>`count(*) filter (where ${delivery} = 'complained')::int`,
      failed: sql<number>`count(*) filter (where ${status} in ('failed', 'dead', 'suppressed'))::int`,
    })
    .from(newsletterDeliveries)
    .leftJoin(o, eq(o.id, newsletterDeliveries.outboxId))
    .where(eq(newsletterDeliveries.newsletterId, id));
  return {
    recipients: row?.recipients ?? 0,
    queued: row?.queued ?? 0,
    sent: row?.sent ?? 0,
    delivered: row?.delivered ?? 0,
    bounced: row?.bounced ?? 0,
    complained: row?.complained ?? 0,
    failed: row?.failed ?? 0,
  };
}
