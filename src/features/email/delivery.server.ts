import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import type { OutgoingEmail, SendOutcome } from '../../server/node/email-transport.ts';
import { fillSecret, openFromOutbox, placeholderIn } from '../secrets/secrets.ts';
import { DEFAULT_BACKOFF, decideRetry, retryDelayMs } from './email.ts';
import type { OutboxRow } from './outbox.server.ts';
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

/** A row's body as it is sent (or shown in the local mailbox): its sealed secret opened and filled in. */
export function renderBody(row: OutboxRow, appSecret: Uint8Array): { html: string; text: string } {
  if (!row.sealedSecret) return { html: row.html, text: row.text };
  const secret = openFromOutbox(appSecret, row.sealedSecret);
  const placeholder = rowPlaceholder(row, appSecret);
  return { html: fillSecret(row.html, secret, placeholder), text: fillSecret(row.text, secret, placeholder) };
}

/**
 * A row's headers as sent: a subscription message's List-Unsubscribe carries the reader's own link,
 * so its secret is filled in there too.
 */
export function renderHeaders(row: OutboxRow, appSecret: Uint8Array): Record<string, string> {
  if (!row.sealedSecret) return row.headers;
  const secret = openFromOutbox(appSecret, row.sealedSecret);
  const placeholder = rowPlaceholder(row, appSecret);
  return Object.fromEntries(
    Object.entries(row.headers).map(([name, value]) => [name, fillSecret(value, secret, placeholder)]),
  );
}

const rowPlaceholder = (row: OutboxRow, appSecret: Uint8Array) =>
  placeholderIn([row.html, row.text], appSecret);

/**
 * The provider request body for a row: the same bytes on every attempt (the sealed secret opens to
 * the same value), as the group's idempotency key requires.
 */
export function toOutgoing(row: OutboxRow, appSecret: Uint8Array): OutgoingEmail {
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    ...renderBody(row, appSecret),
    headers: renderHeaders(row, appSecret),
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
            sealed_secret = ${provider === 'local' ? sql`sealed_secret` : sql`null`},
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

/**
 * The provider is back after an outage: messages waiting for a retry are due now rather than at
 * their backoff's next time (up to an hour away), and drain at the worker's rate. How many.
 */
export async function retryFailedNow(db: Db, now: Date): Promise<number> {
  const o = emailOutbox;
  const rows = await db
    .update(o)
    .set({ nextAttemptAt: now, updatedAt: now })
    .where(and(eq(o.status, 'failed'), gt(o.nextAttemptAt, now)))
    .returning({ id: o.id });
  return rows.length;
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
