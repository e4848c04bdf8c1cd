// The email outbox in the database: what features call (enqueueEmail inside their transaction), what
// the worker calls (claim a group, record the outcome), what the webhook calls, and what the back
// office calls (local mailbox, dead messages, retry, suppressed addresses).
// No astro:* imports: the stand-alone worker (`npm run worker`) runs this under plain Node.
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { emailEvents, emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import type { OutgoingEmail, SendOutcome, WebhookEvent } from '../../lib/server/email.ts';
import { type EmailMessage, EmailMessageSchema } from './email.schema.ts';
import { DEFAULT_BACKOFF, decideRetry, GIVE_UP_AFTER_MS, PRIORITY, retryDelayMs } from './email.ts';

export type OutboxRow = typeof emailOutbox.$inferSelect;

// ---------------------------------------------------------------------------------------------------
// Enqueueing: the one function every feature calls

export interface EnqueueResult {
  /** The outbox id; also the idempotency key of the provider request. */
  id: string;
  /** false when a row with the same dedupe key already existed: nothing was inserted. */
  created: boolean;
}

/**
 * Queues a message in the caller's transaction: it is sent if and only if the transaction commits.
 * Throws a ZodError for an invalid message (bad address, CR/LF, a header not allowed).
 */
export async function enqueueEmail(
  tx: DbOrTx,
  message: EmailMessage,
  options: { now?: Date } = {},
): Promise<EnqueueResult> {
  const [result] = await enqueueEmails(tx, [message], options);
  return result as EnqueueResult;
}

const INSERT_CHUNK = 1000;

/** enqueueEmail for many messages (a newsletter issue), in multi-row inserts. */
export async function enqueueEmails(
  tx: DbOrTx,
  messages: EmailMessage[],
  { now = new Date() }: { now?: Date } = {},
): Promise<EnqueueResult[]> {
  const rows = messages.map((input) => {
    const m = EmailMessageSchema.parse(input);
    return {
      id: randomUUID(),
      kind: m.kind,
      recipient: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers,
      dedupeKey: m.dedupeKey ?? null,
      priority: PRIORITY[m.priority],
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS),
      createdAt: now,
      updatedAt: now,
    };
  });
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const returned = await tx
      .insert(emailOutbox)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: emailOutbox.dedupeKey })
      .returning({ id: emailOutbox.id });
    for (const r of returned) inserted.add(r.id);
  }
  // Rows skipped for an existing dedupe key: report the id already queued.
  const skippedKeys = rows
    .filter((r) => !inserted.has(r.id) && r.dedupeKey)
    .map((r) => r.dedupeKey as string);
  const existing = new Map<string, string>();
  if (skippedKeys.length > 0) {
    const found = await tx
      .select({ id: emailOutbox.id, dedupeKey: emailOutbox.dedupeKey })
      .from(emailOutbox)
      .where(inArray(emailOutbox.dedupeKey, skippedKeys));
    for (const f of found) existing.set(f.dedupeKey as string, f.id);
  }
  return rows.map((r) =>
    inserted.has(r.id)
      ? { id: r.id, created: true }
      : { id: existing.get(r.dedupeKey as string) ?? r.id, created: false },
  );
}

// ---------------------------------------------------------------------------------------------------
// The worker's side: claim, record, release

/** Rows one worker holds under one lease, sent in one provider request. */
export interface Claim {
  /** The provider idempotency key shared by the rows (the id of the group's first row). */
  sendKey: string;
  leaseToken: string;
  /** Sorted by id: the same group always makes the same request body. */
  rows: OutboxRow[];
}

export interface ClaimOptions {
  now: Date;
  leaseMs: number;
  batchSize: number;
  leaseToken: string;
}

/**
 * Takes the next group of due messages and leases it, in one short transaction. First a group that
 * was tried before (failed and due, or leased by a worker whose lease expired): it is re-sent whole,
 * with its send key, so the request is byte-for-byte the one the provider may already have accepted.
 * Otherwise up to `batchSize` queued rows become a new group. `FOR UPDATE SKIP LOCKED` lets several
 * workers claim side by side without waiting for or taking each other's rows. Queued rows whose
 * address is suppressed are marked suppressed instead. Returns null when nothing is due.
 */
export async function claimNextGroup(
  db: Db,
  { now, leaseMs, batchSize, leaseToken }: ClaimOptions,
): Promise<{ claim: Claim | null; suppressed: number } | null> {
  const lease = {
    status: 'sending' as const,
    leaseToken,
    leaseExpiresAt: new Date(now.getTime() + leaseMs),
    attempts: sql`${emailOutbox.attempts} + 1`,
    updatedAt: now,
  };
  const o = emailOutbox;
  return db.transaction(async (tx) => {
    // Only a group's first row (send_key = id) is ever locked here, so two workers never take
    // members of one group in opposite orders.
    const [retry] = await tx
      .select({ id: o.id })
      .from(o)
      .where(
        and(
          eq(o.sendKey, o.id),
          or(
            and(eq(o.status, 'failed'), lte(o.nextAttemptAt, now)),
            and(eq(o.status, 'sending'), lte(o.leaseExpiresAt, now)),
          ),
        ),
      )
      .orderBy(asc(o.priority), asc(o.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (retry) {
      const rows = await tx
        .update(o)
        .set(lease)
        .where(and(eq(o.sendKey, retry.id), inArray(o.status, ['failed', 'sending'])))
        .returning();
      return { claim: { sendKey: retry.id, leaseToken, rows: sortById(rows) }, suppressed: 0 };
    }

    const fresh = await tx
      .select({ id: o.id, recipient: o.recipient })
      .from(o)
      .where(and(eq(o.status, 'queued'), lte(o.nextAttemptAt, now)))
      .orderBy(asc(o.priority), asc(o.nextAttemptAt), asc(o.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (fresh.length === 0) return null;

    const addresses = [...new Set(fresh.map((r) => r.recipient.toLowerCase()))];
    const blocked = new Set(
      (
        await tx
          .select({ address: emailSuppressions.address })
          .from(emailSuppressions)
          .where(inArray(emailSuppressions.address, addresses))
      ).map((s) => s.address),
    );
    const suppressedIds = fresh.filter((r) => blocked.has(r.recipient.toLowerCase())).map((r) => r.id);
    if (suppressedIds.length > 0) {
      await tx
        .update(o)
        .set({
          status: 'suppressed',
          lastError: 'Not sent: this address bounced or complained before',
          updatedAt: now,
        })
        .where(inArray(o.id, suppressedIds));
    }
    const ids = fresh
      .filter((r) => !blocked.has(r.recipient.toLowerCase()))
      .map((r) => r.id)
      .sort();
    if (ids.length === 0) return { claim: null, suppressed: suppressedIds.length };
    const sendKey = ids[0] as string;
    const rows = await tx
      .update(o)
      .set({ ...lease, sendKey })
      .where(inArray(o.id, ids))
      .returning();
    return { claim: { sendKey, leaseToken, rows: sortById(rows) }, suppressed: suppressedIds.length };
  });
}

function sortById(rows: OutboxRow[]): OutboxRow[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The provider request body for a claim. */
export function toOutgoing(row: OutboxRow): OutgoingEmail {
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    html: row.html,
    text: row.text,
    headers: row.headers,
  };
}

export interface RecordOptions {
  now: Date;
  provider: 'resend' | 'local';
  random?: () => number;
  backoff?: typeof DEFAULT_BACKOFF;
}

export interface RecordResult {
  sent: string[];
  failed: string[];
  dead: string[];
  /** false when the lease was lost (another worker took the group over): nothing was written. */
  leaseHeld: boolean;
}

/**
 * Writes what the provider said, in one transaction, only while this worker still holds the lease.
 * The group stays together: it is retried as one request until it is sent or given up.
 */
export async function recordOutcome(
  db: Db,
  claim: Claim,
  outcome: SendOutcome,
  { now, provider, random = Math.random, backoff = DEFAULT_BACKOFF }: RecordOptions,
): Promise<RecordResult> {
  const o = emailOutbox;
  const mine = and(eq(o.sendKey, claim.sendKey), eq(o.leaseToken, claim.leaseToken));
  const released = { leaseToken: null, leaseExpiresAt: null, updatedAt: now };
  const result: RecordResult = { sent: [], failed: [], dead: [], leaseHeld: true };

  return db.transaction(async (tx) => {
    const held = await tx.select({ id: o.id }).from(o).where(mine).for('update');
    if (held.length !== claim.rows.length) {
      result.leaseHeld = false;
      return result;
    }

    if (outcome.kind === 'accepted') {
      const sent: { id: string; providerMessageId: string }[] = [];
      const refused: { id: string; error: string }[] = [];
      claim.rows.forEach((row, i) => {
        const item = outcome.items[i];
        if (item?.ok) sent.push({ id: row.id, providerMessageId: item.providerMessageId });
        else refused.push({ id: row.id, error: item ? item.error : 'No answer for this message' });
      });
      if (sent.length > 0) {
        const values = sql.join(
          sent.map((s) => sql`(${s.id}::uuid, ${s.providerMessageId}::text)`),
          sql`, `,
        );
        // Raw SQL takes no Date with postgres.js under Drizzle: pass the instant as text.
        const at = now.toISOString();
        await tx.execute(sql`
          update ${o} set
            status = 'sent', provider = ${provider}, provider_message_id = v.pmid,
            sent_at = ${at}::timestamptz, last_error = null, lease_token = null, lease_expires_at = null,
            updated_at = ${at}::timestamptz
          from (values ${values}) as v(id, pmid)
          where ${o}.id = v.id and ${o}.lease_token = ${claim.leaseToken}`);
        result.sent = sent.map((s) => s.id);
      }
      for (const r of refused) {
        await tx
          .update(o)
          .set({ ...released, status: 'dead', lastError: r.error.slice(0, 1000) })
          .where(and(eq(o.id, r.id), eq(o.leaseToken, claim.leaseToken)));
        result.dead.push(r.id);
      }
      return result;
    }

    const ids = claim.rows.map((r) => r.id);
    const error = outcome.error.slice(0, 1000);
    if (outcome.kind === 'rejected') {
      await tx
        .update(o)
        .set({ ...released, status: 'dead', lastError: error })
        .where(mine);
      result.dead = ids;
      return result;
    }

    // Failed or rate-limited: the whole group waits and goes again with the same key. The earliest
    // deadline in the group decides when it is given up.
    const giveUpAt = new Date(Math.min(...claim.rows.map((r) => r.giveUpAt.getTime())));
    const attempts = Math.max(...claim.rows.map((r) => r.attempts));
    const delay =
      outcome.kind === 'rate-limited' ? outcome.retryAfterMs : retryDelayMs(attempts, random, backoff);
    const decision = decideRetry(now, giveUpAt, delay);
    if (decision.status === 'dead') {
      await tx
        .update(o)
        .set({ ...released, status: 'dead', lastError: error })
        .where(mine);
      result.dead = ids;
    } else {
      await tx
        .update(o)
        .set({
          ...released,
          status: 'failed',
          lastError: error,
          nextAttemptAt: decision.nextAttemptAt,
          // A 429 means nothing was sent: it does not count as an attempt.
          ...(outcome.kind === 'rate-limited' ? { attempts: sql`greatest(${o.attempts} - 1, 0)` } : {}),
        })
        .where(mine);
      result.failed = ids;
    }
    return result;
  });
}

/**
 * Gives a claim back unsent (the worker is stopping before its request went out). Rows never tried
 * before return to the queue; rows tried before keep their send key and are due at once.
 */
export async function releaseClaim(db: Db, claim: Claim, now: Date): Promise<void> {
  const o = emailOutbox;
  const mine = and(eq(o.sendKey, claim.sendKey), eq(o.leaseToken, claim.leaseToken));
  const firstTry = claim.rows.every((r) => r.attempts <= 1);
  await db
    .update(o)
    .set({
      status: firstTry ? 'queued' : 'failed',
      sendKey: firstTry ? null : claim.sendKey,
      attempts: sql`greatest(${o.attempts} - 1, 0)`,
      leaseToken: null,
      leaseExpiresAt: null,
      nextAttemptAt: now,
      updatedAt: now,
    })
    .where(mine);
}

/** When the next row becomes due (queued/failed) or a lease runs out; null when nothing is pending. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const o = emailOutbox;
  const [row] = await db
    .select({
      at: sql<
        string | Date | null
      >`min(case when ${o.status} = 'sending' then ${o.leaseExpiresAt} else ${o.nextAttemptAt} end)`,
    })
    .from(o)
    .where(inArray(o.status, ['queued', 'failed', 'sending']));
  return row?.at ? new Date(row.at) : null;
}

// ---------------------------------------------------------------------------------------------------
// Webhook events

export type EventResult = 'recorded' | 'duplicate' | 'ignored';

const RECORDED_TYPES = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
} as const;

/**
 * Records a delivered / bounced / complained event once (keyed by the event id), marks the message,
 * and suppresses the address after a complaint or a bounce that is not transient.
 */
export async function recordEmailEvent(
  db: Db,
  event: WebhookEvent,
  { now = new Date() }: { now?: Date } = {},
): Promise<EventResult> {
  const type = RECORDED_TYPES[event.type as keyof typeof RECORDED_TYPES];
  if (!type || !event.providerMessageId) return 'ignored';
  const providerMessageId = event.providerMessageId;
  const occurredAt = event.occurredAt ?? now;
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(eq(emailOutbox.providerMessageId, providerMessageId))
      .limit(1);
    const inserted = await tx
      .insert(emailEvents)
      .values({
        id: event.id,
        type,
        providerMessageId,
        outboxId: message?.id ?? null,
        occurredAt,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: emailEvents.id })
      .returning({ id: emailEvents.id });
    if (inserted.length === 0) return 'duplicate';

    if (message) {
      await tx
        .update(emailOutbox)
        .set({ delivery: type, deliveryAt: occurredAt, updatedAt: now })
        .where(
          and(
            eq(emailOutbox.id, message.id),
            or(sql`${emailOutbox.deliveryAt} is null`, lte(emailOutbox.deliveryAt, occurredAt)),
          ),
        );
    }
    const suppress =
      type === 'complained' || (type === 'bounced' && event.bounceType?.toLowerCase() !== 'transient');
    if (suppress) {
      const addresses = [...new Set(event.recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))];
      if (addresses.length > 0) {
        await tx
          .insert(emailSuppressions)
          .values(addresses.map((address) => ({ address, reason: type, eventId: event.id, createdAt: now })))
          // A new bounce or complaint restarts the period the suppression is kept (retention).
          .onConflictDoUpdate({
            target: emailSuppressions.address,
            set: { reason: type, eventId: event.id, createdAt: now },
            where: lte(emailSuppressions.createdAt, now),
          });
      }
    }
    return 'recorded';
  });
}

/** Is this address suppressed (bounced or complained)? */
export async function isSuppressed(db: DbOrTx, address: string): Promise<boolean> {
  const [row] = await db
    .select({ address: emailSuppressions.address })
    .from(emailSuppressions)
    .where(eq(emailSuppressions.address, address.trim().toLowerCase()))
    .limit(1);
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// The back office: the local mailbox, dead messages, retry

export interface Page {
  limit?: number;
  offset?: number;
}

function page({ limit = 50, offset = 0 }: Page): { limit: number; offset: number } {
  return {
    limit: Math.min(Math.max(Math.trunc(limit), 1), 200),
    offset: Math.max(Math.trunc(offset), 0),
  };
}

export interface MailboxItem {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  sentAt: Date;
}

export interface MailboxMessage extends MailboxItem {
  html: string;
  text: string;
  headers: Record<string, string>;
  createdAt: Date;
}

/** Messages delivered to the local mailbox (no RESEND_API_KEY), newest first. */
export async function listMailbox(
  db: Db,
  paging: Page = {},
): Promise<{ items: MailboxItem[]; total: number }> {
  const { limit, offset } = page(paging);
  const where = and(eq(emailOutbox.provider, 'local'), eq(emailOutbox.status, 'sent'));
  const items = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      recipient: emailOutbox.recipient,
      subject: emailOutbox.subject,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .where(where)
    .orderBy(desc(emailOutbox.sentAt), desc(emailOutbox.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(emailOutbox).where(where);
  return { items: items.map((i) => ({ ...i, sentAt: i.sentAt as Date })), total: total?.n ?? 0 };
}

/** One message of the local mailbox, with its body; null if there is none with that id. */
export async function getMailboxMessage(db: Db, id: string): Promise<MailboxMessage | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.provider, 'local'), eq(emailOutbox.status, 'sent')));
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    sentAt: row.sentAt as Date,
    html: row.html,
    text: row.text,
    headers: row.headers,
    createdAt: row.createdAt,
  };
}

export interface DeadEmail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  /** When it was given up. */
  updatedAt: Date;
}

/** Messages given up (72 hours of failures, or refused by the provider), most recent first. */
export async function listDeadEmails(
  db: Db,
  paging: Page = {},
): Promise<{ items: DeadEmail[]; total: number }> {
  const { limit, offset } = page(paging);
  const where = eq(emailOutbox.status, 'dead');
  const items = await db
    .select({
      id: emailOutbox.id,
      kind: emailOutbox.kind,
      recipient: emailOutbox.recipient,
      subject: emailOutbox.subject,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      createdAt: emailOutbox.createdAt,
      updatedAt: emailOutbox.updatedAt,
    })
    .from(emailOutbox)
    .where(where)
    .orderBy(desc(emailOutbox.updatedAt), desc(emailOutbox.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(emailOutbox).where(where);
  return { items, total: total?.n ?? 0 };
}

/**
 * Queues a dead message again as a new outbox row (new id, fresh 72 hours) and deletes the dead one,
 * so a provider idempotency key is never reused for a different request. Returns the new id, or null
 * when there is no dead message with that id. Pass the staff action's transaction to audit alongside.
 */
export async function retryDeadEmail(
  db: DbOrTx,
  id: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ id: string } | null> {
  if (!z.uuid().safeParse(id).success) return null;
  // A savepoint inside the caller's transaction, or a transaction of its own.
  return db.transaction(async (tx) => {
    const [dead] = await tx
      .delete(emailOutbox)
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'dead')))
      .returning();
    if (!dead) return null;
    const newId = randomUUID();
    await tx.insert(emailOutbox).values({
      id: newId,
      kind: dead.kind,
      recipient: dead.recipient,
      subject: dead.subject,
      html: dead.html,
      text: dead.text,
      headers: dead.headers,
      dedupeKey: dead.dedupeKey,
      priority: dead.priority,
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS),
      createdAt: now,
      updatedAt: now,
    });
    return { id: newId };
  });
}

export interface Suppression {
  address: string;
  reason: 'bounced' | 'complained';
  createdAt: Date;
}

/** Addresses no message is sent to (after a hard bounce or a complaint), most recent first. */
export async function listSuppressions(
  db: Db,
  paging: Page = {},
): Promise<{ items: Suppression[]; total: number }> {
  const { limit, offset } = page(paging);
  const items = await db
    .select({
      address: emailSuppressions.address,
      reason: emailSuppressions.reason,
      createdAt: emailSuppressions.createdAt,
    })
    .from(emailSuppressions)
    .orderBy(desc(emailSuppressions.createdAt), asc(emailSuppressions.address))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(emailSuppressions);
  return { items, total: total?.n ?? 0 };
}

/**
 * Sends to an address again (the person fixed their mailbox, or asked for mail after a complaint).
 * Messages already marked suppressed stay so; later ones are sent. Returns the lifted suppression,
 * or null when the address was not suppressed. Pass the staff action's transaction to audit alongside.
 */
export async function liftSuppression(db: DbOrTx, address: string): Promise<Suppression | null> {
  const [lifted] = await db
    .delete(emailSuppressions)
    .where(eq(emailSuppressions.address, address.trim().toLowerCase()))
    .returning({
      address: emailSuppressions.address,
      reason: emailSuppressions.reason,
      createdAt: emailSuppressions.createdAt,
    });
  return lifted ?? null;
}

/** For the back office's dashboard: messages waiting for a retry, and messages given up. */
export async function countFailedEmails(db: Db): Promise<{ failed: number; dead: number }> {
  const rows = await db
    .select({ status: emailOutbox.status, n: count() })
    .from(emailOutbox)
    .where(inArray(emailOutbox.status, ['failed', 'dead']))
    .groupBy(emailOutbox.status);
  const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { failed: get('failed'), dead: get('dead') };
}
