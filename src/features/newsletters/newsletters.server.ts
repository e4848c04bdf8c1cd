// The newsletter in the database: the public archive and feeds, subscriptions (double opt-in through
// the one-time-secrets module, preferences by signed link, one-click unsubscribe), and the staff side
// (drafts, publishing exactly once, counts). Every change, its emails (through the outbox) and its
// audit row share one transaction.

import { randomUUID } from 'node:crypto';
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import {
  boroughs,
  emailOutbox,
  emailSuppressions,
  newsletterDeliveries,
  newsletterSubscribers,
  newsletterSubscriberWards,
  newsletters,
  newsletterWards,
  staffUsers,
  wards,
} from '../../../db/schema/index.ts';
import { newsletterAlreadySubscribedEmail } from '../../emails/newsletter-already-subscribed.ts';
import { newsletterConfirmationEmail } from '../../emails/newsletter-confirmation.ts';
import { newsletterIssueEmail } from '../../emails/newsletter-issue.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { type Paged, paginate } from '../../lib/paging.ts';
import { changingPublicContent } from '../../lib/server/public-changes.ts';
import { hitRateLimit, type RateLimitRule } from '../../lib/server/rate-limit.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { enqueueEmail, enqueueEmailToMany } from '../email/outbox.server.ts';
import {
  findSecret,
  issueSecret,
  issueSecrets,
  redeemSecret,
  revokeSecrets,
} from '../secrets/secrets.server.ts';
import { defineSecretPurpose, SECRET_PLACEHOLDER } from '../secrets/secrets.ts';
import type { NewsletterInput, PreferencesInput, SubscribeInput } from './newsletters.schema.ts';
import { type Audience, CONFIRM_DAYS, describeAudience, monthText, newsletterSlug } from './newsletters.ts';

const DAY_MS = 86_400_000;

/** The link in a confirmation email: 7 days, single use. */
export const CONFIRM_LINK = defineSecretPurpose({
  name: 'newsletter-confirm',
  form: 'link',
  lifetimeMs: CONFIRM_DAYS * DAY_MS,
  singleUse: true,
  maxAttempts: null,
});

/** A reader's preferences / unsubscribe link, one per message: reusable, for a year and a bit. */
export const PREFERENCES_LINK = defineSecretPurpose({
  name: 'newsletter-preferences',
  form: 'preferences',
  lifetimeMs: 400 * DAY_MS,
  singleUse: false,
  maxAttempts: null,
});

export const SUBSCRIBE_CLIENT_LIMIT: RateLimitRule = {
  scope: 'newsletter:client',
  limit: 10,
  windowSeconds: 3600,
};
export const SUBSCRIBE_ADDRESS_LIMIT: RateLimitRule = {
  scope: 'newsletter:address',
  limit: 3,
  windowSeconds: 3600,
};

export type NewsletterErrorCode =
  | 'throttled'
  | 'unknown_place'
  | 'not_found'
  | 'already_sent'
  | 'invalid_link'
  | 'not_published'
  | 'schedule_in_past';

export class NewsletterError extends DomainError<
  'newsletter',
  NewsletterErrorCode,
  { retryAfterSeconds: number }
> {
  readonly retryAfterSeconds: number;
  constructor(code: NewsletterErrorCode, retryAfterSeconds = 0) {
    super('newsletter', code, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'NewsletterError';
  }
}

export interface MailContext {
  appSecret: Uint8Array;
  /** The portal's public address, no trailing slash: for links in emails. */
  baseUrl: string;
  now?: Date;
}

// ---------------------------------------------------------------------------------------------------
// Places

interface Places {
  boroughBySlug: Map<string, { id: number; name: string }>;
  boroughById: Map<number, { slug: string; name: string }>;
  wardBySlug: Map<string, { id: number; name: string; boroughId: number }>;
  wardById: Map<number, { slug: string; name: string }>;
}

async function loadPlaces(db: DbOrTx): Promise<Places> {
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

function audienceText(places: Places, audience: Audience): string {
  return describeAudience(audience, {
    boroughName: (slug) => places.boroughBySlug.get(slug)?.name,
    wardName: (slug) => places.wardBySlug.get(slug)?.name,
  });
}

/** An audience by ids, refusing slugs that name no place. */
function resolveAudience(
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

function toAudience(places: Places, kind: string, boroughId: number | null, wardIds: number[]): Audience {
  if (kind === 'borough' && boroughId !== null) {
    return { kind: 'borough', borough: places.boroughById.get(boroughId)?.slug ?? '' };
  }
  if (kind === 'wards') {
    const slugs = wardIds.map((id) => places.wardById.get(id)?.slug ?? '').sort();
    return { kind: 'wards', wards: slugs };
  }
  return { kind: 'all' };
}

// ---------------------------------------------------------------------------------------------------
// The public archive and feeds

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

async function wardsOf(db: DbOrTx, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(newsletterWards).where(inArray(newsletterWards.newsletterId, ids));
  for (const r of rows) out.set(r.newsletterId, [...(out.get(r.newsletterId) ?? []), r.wardId]);
  return out;
}

type NewsletterRow = typeof newsletters.$inferSelect;

async function withAudience(
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

function toPublic(r: NewsletterRow & { audienceValue: Audience; audienceText: string }): PublicNewsletter {
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

// ---------------------------------------------------------------------------------------------------
// Subscribing

export interface SubscribeContext extends MailContext {
  /** The client's address, for the per-client limit. */
  client: string;
}

async function writeSubscriberAudience(
  tx: DbOrTx,
  id: string,
  places: Places,
  audience: Audience,
  now: Date,
) {
  const r = resolveAudience(places, audience);
  await tx
    .update(newsletterSubscribers)
    .set({ audience: r.kind, boroughId: r.boroughId, updatedAt: now })
    .where(eq(newsletterSubscribers.id, id));
  await tx.delete(newsletterSubscriberWards).where(eq(newsletterSubscriberWards.subscriberId, id));
  if (r.wardIds.length > 0) {
    await tx
      .insert(newsletterSubscriberWards)
      .values(r.wardIds.map((wardId) => ({ subscriberId: id, wardId })));
  }
}

function preferencesUrls(baseUrl: string) {
  return {
    preferencesUrl: `${baseUrl}/newsletters/preferences/${SECRET_PLACEHOLDER}`,
    unsubscribeUrl: `${baseUrl}/api/newsletters/unsubscribe/${SECRET_PLACEHOLDER}`,
  };
}

export type SubscribeOutcome = 'confirmation_sent' | 'already_subscribed_sent' | 'address_limited';

/**
 * Asks for the newsletter. Whatever the address's state, the caller shows the same page: a new,
 * pending or former subscriber gets a confirmation link (7 days); a confirmed one gets an email
 * with a link to their preferences, and their choice is not changed. The outcome is for tests only.
 */
export async function requestSubscription(
  db: Db,
  input: SubscribeInput,
  ctx: SubscribeContext,
): Promise<SubscribeOutcome> {
  const now = ctx.now ?? new Date();
  const byClient = await hitRateLimit(db, ctx.appSecret, SUBSCRIBE_CLIENT_LIMIT, ctx.client, now);
  if (!byClient.allowed) throw new NewsletterError('throttled', byClient.retryAfterSeconds);
  const places = await loadPlaces(db);
  resolveAudience(places, input.audience); // refuse unknown places before anything else
  // Over the per-address limit: nothing is sent, and the page says what it always says.
  const byAddress = await hitRateLimit(db, ctx.appSecret, SUBSCRIBE_ADDRESS_LIMIT, input.email, now);
  if (!byAddress.allowed) return 'address_limited';

  return db.transaction(async (tx) => {
    await tx
      .insert(newsletterSubscribers)
      .values({
        id: randomUUID(),
        email: input.email,
        status: 'pending',
        audience: 'all',
        createdAt: now,
        requestedAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: newsletterSubscribers.email });
    const [sub] = await tx
      .select()
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.email, input.email))
      .for('update');
    if (!sub) throw new Error('Subscriber missing after insert');

    if (sub.status === 'confirmed') {
      const { secret } = await issueSecret(tx, ctx.appSecret, PREFERENCES_LINK, sub.id, { now });
      await enqueueEmail(
        tx,
        { to: sub.email, ...newsletterAlreadySubscribedEmail(preferencesUrls(ctx.baseUrl)), secret },
        { appSecret: ctx.appSecret, now },
      );
      return 'already_subscribed_sent';
    }
    await tx
      .update(newsletterSubscribers)
      .set({ status: 'pending', requestedAt: now, confirmedAt: null, unsubscribedAt: null, updatedAt: now })
      .where(eq(newsletterSubscribers.id, sub.id));
    await writeSubscriberAudience(tx, sub.id, places, input.audience, now);
    const { secret } = await issueSecret(tx, ctx.appSecret, CONFIRM_LINK, sub.id, { now, replace: true });
    const email = newsletterConfirmationEmail({
      confirmUrl: `${ctx.baseUrl}/newsletters/confirm/${SECRET_PLACEHOLDER}`,
      ...(input.audience.kind === 'all'
        ? {}
        : { wardName: audienceText(places, input.audience).replace(/^Everyone in /, '') }),
      expiresIn: `${CONFIRM_DAYS} days`,
    });
    await enqueueEmail(tx, { to: sub.email, ...email, secret }, { appSecret: ctx.appSecret, now });
    return 'confirmation_sent';
  });
}

/** Is this a live confirmation link? (The page shows the Confirm button only then.) */
export async function isLiveConfirmLink(db: Db, appSecret: Uint8Array, token: string): Promise<boolean> {
  return (await findSecret(db, appSecret, CONFIRM_LINK, token)) !== null;
}

/**
 * Confirms the subscription a link stands for (using the link up) and issues a preferences link,
 * which the caller keeps in a cookie to show the preferences page. Throws invalid_link.
 */
export async function confirmSubscription(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  now = new Date(),
): Promise<{ preferencesToken: string }> {
  return db.transaction(async (tx) => {
    const link = await redeemSecret(tx, appSecret, CONFIRM_LINK, token, now);
    if (!link) throw new NewsletterError('invalid_link');
    const confirmed = await tx
      .update(newsletterSubscribers)
      .set({ status: 'confirmed', confirmedAt: now, updatedAt: now })
      .where(and(eq(newsletterSubscribers.id, link.subject), eq(newsletterSubscribers.status, 'pending')))
      .returning({ id: newsletterSubscribers.id });
    if (confirmed.length === 0) throw new NewsletterError('invalid_link');
    const { secret } = await issueSecret(tx, appSecret, PREFERENCES_LINK, link.subject, { now });
    return { preferencesToken: secret };
  });
}

export interface SubscriberView {
  email: string;
  status: 'confirmed' | 'unsubscribed';
  audience: Audience;
  audienceText: string;
}

async function subscriberForLink(db: DbOrTx, appSecret: Uint8Array, token: string) {
  const link = await findSecret(db, appSecret, PREFERENCES_LINK, token);
  if (!link) return null;
  const [sub] = await db
    .select()
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.id, link.subject));
  return sub && sub.status === 'confirmed' ? sub : null;
}

/** The subscription a preferences link opens, for its holder; null when the link does not work. */
export async function viewPreferences(
  db: Db,
  appSecret: Uint8Array,
  token: string,
): Promise<SubscriberView | null> {
  const sub = await subscriberForLink(db, appSecret, token);
  if (!sub) return null;
  const places = await loadPlaces(db);
  const wardRows = await db
    .select({ wardId: newsletterSubscriberWards.wardId })
    .from(newsletterSubscriberWards)
    .where(eq(newsletterSubscriberWards.subscriberId, sub.id));
  const audience = toAudience(
    places,
    sub.audience,
    sub.boroughId,
    wardRows.map((w) => w.wardId),
  );
  return { email: sub.email, status: 'confirmed', audience, audienceText: audienceText(places, audience) };
}

export async function updatePreferences(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  input: PreferencesInput,
  now = new Date(),
): Promise<void> {
  const places = await loadPlaces(db);
  resolveAudience(places, input.audience);
  await db.transaction(async (tx) => {
    const sub = await subscriberForLink(tx, appSecret, token);
    if (!sub) throw new NewsletterError('invalid_link');
    await writeSubscriberAudience(tx, sub.id, places, input.audience, now);
  });
}

/**
 * Unsubscribes the reader a preferences link stands for, at once, and ends their links. Idempotent:
 * a repeat (a mail provider's retry) finds no live link and changes nothing. True when it acted.
 */
export async function unsubscribe(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  now = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const link = await findSecret(tx, appSecret, PREFERENCES_LINK, token, now);
    if (!link) return false;
    const left = await tx
      .update(newsletterSubscribers)
      .set({ status: 'unsubscribed', unsubscribedAt: now, updatedAt: now })
      .where(and(eq(newsletterSubscribers.id, link.subject), eq(newsletterSubscribers.status, 'confirmed')))
      .returning({ id: newsletterSubscribers.id });
    await revokeSecrets(tx, [PREFERENCES_LINK, CONFIRM_LINK], link.subject, { now });
    return left.length === 1;
  });
}

// ---------------------------------------------------------------------------------------------------
// Staff: drafts, publishing, counts

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
      ...preferencesUrls(ctx.baseUrl),
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

export interface AudienceCount {
  audienceText: string;
  confirmed: number;
  pending: number;
}

/** Subscribers by what they chose (wards counted per ward), confirmed and pending. No addresses. */
export async function subscriberCounts(db: Db): Promise<AudienceCount[]> {
  const s = newsletterSubscribers;
  const places = await loadPlaces(db);
  const confirmed = sql<number>`count(*) filter (where ${s.status} = 'confirmed')::int`;
  const pending = sql<number>`count(*) filter (where ${s.status} = 'pending')::int`;
  const byKind = await db
    .select({ audience: s.audience, boroughId: s.boroughId, confirmed, pending })
    .from(s)
    .where(inArray(s.audience, ['all', 'borough']))
    .groupBy(s.audience, s.boroughId);
  const byWard = await db
    .select({ wardId: newsletterSubscriberWards.wardId, confirmed, pending })
    .from(newsletterSubscriberWards)
    .innerJoin(s, eq(s.id, newsletterSubscriberWards.subscriberId))
    .groupBy(newsletterSubscriberWards.wardId);
  const out: AudienceCount[] = [];
  for (const r of byKind) {
    const audience = toAudience(places, r.audience, r.boroughId, []);
    out.push({ audienceText: audienceText(places, audience), confirmed: r.confirmed, pending: r.pending });
  }
  for (const r of byWard) {
    const slug = places.wardById.get(r.wardId)?.slug ?? '';
    out.push({
      audienceText: audienceText(places, { kind: 'wards', wards: [slug] }),
      confirmed: r.confirmed,
      pending: r.pending,
    });
  }
  return out.sort((a, b) => b.confirmed - a.confirmed || a.audienceText.localeCompare(b.audienceText));
}

// ---------------------------------------------------------------------------------------------------
// Retention

/**
 * Erases subscriptions never confirmed (asked before `unconfirmedBefore`) and those that left before
 * `unsubscribedBefore`; their wards go with them, their delivery rows keep only the counts.
 */
export async function pruneNewsletterSubscribers(
  db: DbOrTx,
  { unconfirmedBefore, unsubscribedBefore }: { unconfirmedBefore: Date; unsubscribedBefore: Date },
): Promise<number> {
  const s = newsletterSubscribers;
  const removed = await db
    .delete(s)
    .where(
      or(
        and(eq(s.status, 'pending'), lt(s.requestedAt, unconfirmedBefore)),
        and(eq(s.status, 'unsubscribed'), lt(s.unsubscribedAt, unsubscribedBefore)),
      ),
    )
    .returning({ id: s.id });
  return removed.length;
}
