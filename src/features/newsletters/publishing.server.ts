// An issue going out: publishing exactly once (the web page, and the first time one email per
// matching subscriber), scheduling and the scheduler's run, unpublishing, the preview and test send.
// Every change, its emails (through the outbox) and its audit row share one transaction.
import { and, asc, count, eq, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  emailSuppressions,
  newsletterDeliveries,
  newsletterSubscribers,
  newsletterSubscriberWards,
  newsletters,
  newsletterWards,
  staffUsers,
  wards,
} from '../../../db/schema/index.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { newsletterIssueEmail } from '../email/messages/newsletter-issue.ts';
import { enqueueEmail, enqueueEmailToMany } from '../email/outbox.server.ts';
import { issueSecrets } from '../secrets/secrets.server.ts';
import { withAudience } from './audiences.server.ts';
import { getNewsletterForStaff, type StaffNewsletter } from './issues.server.ts';
import { NewsletterError } from './newsletter-error.ts';
import { monthText } from './newsletters.ts';
import { type MailContext, PREFERENCES_LINK, preferencesUrls } from './subscriptions.server.ts';

const n = newsletters;

/** Confirmed, not suppressed subscribers an issue reaches (its audience matching, in SQL). */
function recipientsOf(issue: { audience: string; boroughId: number | null; wardIds: number[] }): SQL {
  const s = newsletterSubscribers;
  const notSuppressed = sql`not exists (select 1 from ${emailSuppressions} x where x.address = ${s.email})`;
  const base = and(eq(s.status, 'confirmed'), notSuppressed) as SQL;
  if (issue.audience === 'all') return base;
  const subWards = (cond: SQL) =>
    sql`exists (select 1 from ${newsletterSubscriberWards} sw join ${wards} w on w.id = sw.ward_id where sw.subscriber_id = ${s.id} and ${cond})`;
  if (issue.audience === 'borough' && issue.boroughId !== null) {
    const b = issue.boroughId;
    return and(
      base,
      or(eq(s.audience, 'all'), eq(s.boroughId, b), subWards(sql`w.borough_id = ${b}`)),
    ) as SQL;
  }
  const ids = issue.wardIds.length > 0 ? issue.wardIds : [-1];
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  return and(
    base,
    or(
      eq(s.audience, 'all'),
      sql`${s.boroughId} in (select borough_id from ${wards} where id in (${idList}))`,
      subWards(sql`sw.ward_id in (${idList})`),
    ),
  ) as SQL;
}

/** How many subscribers publishing the issue now would email (for the publish button). */
export async function countRecipients(db: Db, id: number): Promise<number> {
  const [issue] = await db.select().from(n).where(eq(n.id, id));
  if (!issue) return 0;
  const wardIds = (await db.select().from(newsletterWards).where(eq(newsletterWards.newsletterId, id))).map(
    (w) => w.wardId,
  );
  const [row] = await db
    .select({ c: count() })
    .from(newsletterSubscribers)
    .where(recipientsOf({ audience: issue.audience, boroughId: issue.boroughId, wardIds }));
  return row?.c ?? 0;
}

/** Delivery rows a statement (`insert … select … from unnest`: two array parameters each). */
const DELIVERIES_CHUNK = 10_000;

export interface PublishResult {
  /** Emails queued by this call: 0 when the issue had been sent before. */
  queued: number;
  alreadySent: boolean;
}

/**
 * Puts an issue on the web and, the first time, queues one email per confirmed, matching, not
 * suppressed subscriber — all in one transaction. `sent_at` is claimed by a conditional update, so
 * of two publishers (a double click, a retry, two schedulers) exactly one queues anything; the
 * deliveries' unique key would make a second enqueue fail the whole transaction, and each message's
 * dedupe key is a third guard.
 */
export async function publishNewsletter(
  db: Db,
  id: number,
  actor: Actor,
  ctx: MailContext,
): Promise<PublishResult> {
  const now = ctx.now ?? new Date();
  // The archive, the issue page, the feeds and ward pages change: purged once this commits.
  return changingPublicContent(db, ['newsletter'], async (tx) => {
    const [claimed] = await tx
      .update(n)
      .set({
        sentAt: now,
        scheduledFor: null,
        publishedAt: sql`coalesce(${n.publishedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(and(eq(n.id, id), isNull(n.sentAt)))
      .returning();
    if (!claimed) {
      // Sent before: publishing again only puts the page back on the web.
      const again = await tx
        .update(n)
        .set({ publishedAt: now, updatedAt: now })
        .where(and(eq(n.id, id), isNull(n.publishedAt)))
        .returning({ id: n.id });
      const [exists] = again.length > 0 ? again : await tx.select({ id: n.id }).from(n).where(eq(n.id, id));
      if (!exists) throw new NewsletterError('not_found');
      if (again.length > 0) {
        await writeAuditBy(tx, actor, {
          action: 'newsletter.republish',
          recordType: 'newsletter',
          recordId: id,
        });
      }
      return { queued: 0, alreadySent: true };
    }
    const wardIds = (await tx.select().from(newsletterWards).where(eq(newsletterWards.newsletterId, id))).map(
      (w) => w.wardId,
    );
    const recipients = await tx
      .select({ id: newsletterSubscribers.id, email: newsletterSubscribers.email })
      .from(newsletterSubscribers)
      .where(recipientsOf({ audience: claimed.audience, boroughId: claimed.boroughId, wardIds }))
      .orderBy(asc(newsletterSubscribers.id));
    const [withText] = await withAudience(tx, [claimed]);
    const template = newsletterIssueEmail({
      title: claimed.title,
      summary: claimed.summary,
      body: claimed.body,
      dateText: monthText(claimed.issueDate),
      audienceText: withText?.audienceText ?? '',
      webUrl: `${ctx.baseUrl}/newsletters/${claimed.slug}`,
      ...preferencesUrls(ctx),
    });
    const secrets = await issueSecrets(
      tx,
      ctx.appSecret,
      PREFERENCES_LINK,
      recipients.map((r) => r.id),
      { now },
    );
    const queued = await enqueueEmailToMany(
      tx,
      { ...template, priority: 'bulk' },
      recipients.map((r, i) => ({
        to: r.email,
        dedupeKey: `newsletter/${id}/${r.id}`,
        secret: (secrets[i] as { secret: string }).secret,
      })),
      { appSecret: ctx.appSecret, now },
    );
    // No "on conflict": a second delivery for a pair fails the transaction, so nothing is sent twice.
    const subscriberIds = recipients.map((r) => r.id);
    const outboxIds = queued.map((q) => q.id);
    for (let i = 0; i < recipients.length; i += DELIVERIES_CHUNK) {
      const part = (v: string[]) => sql.param(v.slice(i, i + DELIVERIES_CHUNK));
      await tx.execute(sql`
        insert into ${newsletterDeliveries} (newsletter_id, subscriber_id, outbox_id, created_at)
        select ${id}::integer, r.subscriber_id, r.outbox_id, ${now.toISOString()}::timestamptz
        from unnest(${part(subscriberIds)}::uuid[], ${part(outboxIds)}::uuid[]) as r(subscriber_id, outbox_id)`);
    }
    await tx.update(n).set({ recipientCount: recipients.length }).where(eq(n.id, id));
    await writeAuditBy(tx, actor, {
      action: 'newsletter.publish',
      recordType: 'newsletter',
      recordId: id,
      details: { recipients: recipients.length },
    });
    return { queued: recipients.length, alreadySent: false };
  });
}

/**
 * Publishes and emails the issue at `at` (the scheduler does it, as the staff member who scheduled
 * it). Until then it can be edited, rescheduled or cancelled; a time in the past is refused.
 */
export async function scheduleNewsletter(
  db: Db,
  id: number,
  at: Date,
  actor: Actor,
  now = new Date(),
): Promise<void> {
  if (at.getTime() <= now.getTime()) throw new NewsletterError('schedule_in_past');
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(n).where(eq(n.id, id)).for('update');
    if (!row) throw new NewsletterError('not_found');
    if (row.sentAt) throw new NewsletterError('already_sent');
    await tx.update(n).set({ scheduledFor: at, scheduledBy: actor.id, updatedAt: now }).where(eq(n.id, id));
    await writeAuditBy(tx, actor, {
      action: 'newsletter.schedule',
      recordType: 'newsletter',
      recordId: id,
      details: { at: at.toISOString() },
    });
  });
}

export async function cancelSchedule(db: Db, id: number, actor: Actor, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(n)
      .set({ scheduledFor: null, scheduledBy: null, updatedAt: now })
      .where(and(eq(n.id, id), isNull(n.sentAt), isNotNull(n.scheduledFor)))
      .returning({ id: n.id });
    if (done.length === 0) {
      const [exists] = await tx.select({ id: n.id }).from(n).where(eq(n.id, id));
      if (!exists) throw new NewsletterError('not_found');
      return;
    }
    await writeAuditBy(tx, actor, {
      action: 'newsletter.unschedule',
      recordType: 'newsletter',
      recordId: id,
    });
  });
}

/**
 * Publishes every issue whose time has come, as the staff member who scheduled it. Safe with any
 * number of schedulers at once: publishNewsletter's conditional claim lets one of them send it.
 * Returns how many issues this call sent.
 */
export async function sendDueNewsletters(db: Db, ctx: MailContext): Promise<number> {
  const now = ctx.now ?? new Date();
  const due = await db
    .select({ id: n.id, actorId: staffUsers.id, actorEmail: staffUsers.email })
    .from(n)
    .leftJoin(staffUsers, eq(staffUsers.id, n.scheduledBy))
    .where(and(isNull(n.sentAt), lte(n.scheduledFor, now)))
    .orderBy(asc(n.scheduledFor));
  let sent = 0;
  for (const issue of due) {
    if (!issue.actorId || !issue.actorEmail) {
      // Whoever scheduled it is gone: leave it for a person to publish.
      await db.update(n).set({ scheduledFor: null, scheduledBy: null }).where(eq(n.id, issue.id));
      continue;
    }
    const result = await publishNewsletter(
      db,
      issue.id,
      { id: issue.actorId, email: issue.actorEmail },
      { ...ctx, now },
    );
    if (!result.alreadySent) sent++;
  }
  return sent;
}

/** Takes the page off the web (and out of the feeds). Emails already sent stay sent. */
export async function unpublishNewsletter(db: Db, id: number, actor: Actor, now = new Date()): Promise<void> {
  await changingPublicContent(db, ['newsletter'], async (tx) => {
    const done = await tx
      .update(n)
      .set({ publishedAt: null, updatedAt: now })
      .where(eq(n.id, id))
      .returning({ id: n.id });
    if (done.length === 0) throw new NewsletterError('not_found');
    await writeAuditBy(tx, actor, { action: 'newsletter.unpublish', recordType: 'newsletter', recordId: id });
  });
}

/** The email as subscribers will get it, with example links, for the staff preview and test send. */
export function sampleIssueEmail(
  issue: Pick<StaffNewsletter, 'title' | 'summary' | 'body' | 'issueDate' | 'slug' | 'audienceText'>,
  baseUrl: string,
) {
  return newsletterIssueEmail({
    title: issue.title,
    summary: issue.summary,
    body: issue.body,
    dateText: monthText(issue.issueDate),
    audienceText: issue.audienceText,
    webUrl: `${baseUrl}/newsletters/${issue.slug}`,
    preferencesUrl: `${baseUrl}/newsletters`,
    unsubscribeUrl: `${baseUrl}/newsletters`,
  });
}

/** Sends the issue to the staff member asking (only to them), marked as a test. */
export async function sendTestNewsletter(db: Db, id: number, actor: Actor, ctx: MailContext): Promise<void> {
  await db.transaction(async (tx) => {
    const issue = await getNewsletterForStaff(tx, id);
    if (!issue) throw new NewsletterError('not_found');
    const email = sampleIssueEmail(issue, ctx.baseUrl);
    await enqueueEmail(
      tx,
      {
        to: actor.email,
        ...email,
        kind: 'newsletter-test',
        subject: `[Test] ${email.subject}`.slice(0, 200),
        headers: {},
      },
      { now: ctx.now ?? new Date() },
    );
    await writeAuditBy(tx, actor, { action: 'newsletter.test_send', recordType: 'newsletter', recordId: id });
  });
}
