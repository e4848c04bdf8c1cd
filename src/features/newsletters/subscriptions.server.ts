// Residents and the newsletter, with no account: subscribe (double opt-in through the one-time-secrets
// module), confirm, preferences by a link in every email, one-click unsubscribe; the staff's counts of
// subscribers; and erasing subscriptions past their retention period. Every change and its emails
// (through the outbox) share one transaction.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { newsletterSubscribers, newsletterSubscriberWards } from '../../../db/schema/index.ts';
import { DAY_MS } from '../../lib/dates.ts';
import { hitRateLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import { newsletterAlreadySubscribedEmail } from '../email/messages/newsletter-already-subscribed.ts';
import { newsletterConfirmationEmail } from '../email/messages/newsletter-confirmation.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { rateLimitKeyFor } from '../secrets/keys.ts';
import { findSecret, issueSecret, redeemSecret, revokeSecrets } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import { audienceText, loadPlaces, type Places, resolveAudience, toAudience } from './audiences.server.ts';
import { NewsletterError } from './newsletter-error.ts';
import type { PreferencesInput, SubscribeInput } from './newsletters.schema.ts';
import { type Audience, CONFIRM_DAYS } from './newsletters.ts';

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

export interface MailContext {
  appSecret: Uint8Array;
  /** The portal's public address, no trailing slash: for links in emails. */
  baseUrl: string;
  now?: Date;
}

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

/** A reader's own links, with the placeholder their secret fills in when the message is sent. */
export function preferencesUrls(ctx: MailContext) {
  const placeholder = secretPlaceholder(ctx.appSecret);
  return {
    preferencesUrl: `${ctx.baseUrl}/newsletters/preferences/${placeholder}`,
    unsubscribeUrl: `${ctx.baseUrl}/api/newsletters/unsubscribe/${placeholder}`,
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
  const byClient = await hitRateLimit(
    db,
    rateLimitKeyFor(ctx.appSecret),
    SUBSCRIBE_CLIENT_LIMIT,
    ctx.client,
    now,
  );
  if (!byClient.allowed) throw new NewsletterError('throttled', byClient.retryAfterSeconds);
  const places = await loadPlaces(db);
  resolveAudience(places, input.audience); // refuse unknown places before anything else
  // Over the per-address limit: nothing is sent, and the page says what it always says.
  const byAddress = await hitRateLimit(
    db,
    rateLimitKeyFor(ctx.appSecret),
    SUBSCRIBE_ADDRESS_LIMIT,
    input.email,
    now,
  );
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
        { to: sub.email, ...newsletterAlreadySubscribedEmail(preferencesUrls(ctx)), secret },
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
      confirmUrl: `${ctx.baseUrl}/newsletters/confirm/${secretPlaceholder(ctx.appSecret)}`,
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
