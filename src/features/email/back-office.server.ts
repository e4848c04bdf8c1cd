// The back office's view of the outbox: the local mailbox, messages given up, suppressed addresses
// and the dashboard's counts. The functions that show residents' addresses or change what is sent
// take the staff member acting and write their audit row in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import { type Paged, type PageWindow, paginate } from '../../lib/paging.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import { renderBody, renderHeaders } from './delivery.server.ts';
import { GIVE_UP_AFTER_MS } from './email.ts';
// ---------------------------------------------------------------------------------------------------
// The back office: the local mailbox, dead messages, retry

/** Which page of a list, and how many a page (default 50, at most 200). */
export interface PageRequest {
  page?: number;
  size?: number;
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
export async function listMailbox(db: DbOrTx, request: PageRequest = {}): Promise<Paged<MailboxItem>> {
  const where = and(eq(emailOutbox.provider, 'local'), eq(emailOutbox.status, 'sent'));
  const query = async ({ limit, offset }: PageWindow): Promise<MailboxItem[]> => {
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
    return items.map((i) => ({ ...i, sentAt: i.sentAt as Date }));
  };
  return paginate({ page: request.page, size: request.size ?? 50 }, query, () => countWhere(db, where));
}

async function countWhere(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [total] = await db.select({ n: count() }).from(emailOutbox).where(where);
  return total?.n ?? 0;
}

/**
 * One message of the local mailbox, with its body as it was delivered (its link's secret opened and
 * filled in, so a developer can follow it); null if there is none with that id.
 */
export async function getMailboxMessage(
  db: DbOrTx,
  id: string,
  appSecret: Uint8Array,
): Promise<MailboxMessage | null> {
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
    ...renderBody(row, appSecret),
    headers: renderHeaders(row, appSecret),
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
export async function listDeadEmails(db: DbOrTx, request: PageRequest = {}): Promise<Paged<DeadEmail>> {
  const where = eq(emailOutbox.status, 'dead');
  const query = ({ limit, offset }: PageWindow): Promise<DeadEmail[]> =>
    db
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
  return paginate({ page: request.page, size: request.size ?? 50 }, query, () => countWhere(db, where));
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
      // The link it carries, still sealed: without it the body would go out with the placeholder.
      sealedSecret: dead.sealedSecret,
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
export async function listSuppressions(db: DbOrTx, request: PageRequest = {}): Promise<Paged<Suppression>> {
  const query = ({ limit, offset }: PageWindow): Promise<Suppression[]> =>
    db
      .select({
        address: emailSuppressions.address,
        reason: emailSuppressions.reason,
        createdAt: emailSuppressions.createdAt,
      })
      .from(emailSuppressions)
      .orderBy(desc(emailSuppressions.createdAt), asc(emailSuppressions.address))
      .limit(limit)
      .offset(offset);
  return paginate({ page: request.page, size: request.size ?? 50 }, query, async () => {
    const [total] = await db.select({ n: count() }).from(emailSuppressions);
    return total?.n ?? 0;
  });
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
export async function countFailedEmails(db: DbOrTx): Promise<{ failed: number; dead: number }> {
  const rows = await db
    .select({ status: emailOutbox.status, n: count() })
    .from(emailOutbox)
    .where(inArray(emailOutbox.status, ['failed', 'dead']))
    .groupBy(emailOutbox.status);
  const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { failed: get('failed'), dead: get('dead') };
}

// ---------------------------------------------------------------------------------------------------
// What staff do and see, audited: each function writes its audit row in the transaction that reads or
// changes the rows, so nobody sees a resident's address or changes what is sent without a record.

export const MAILBOX_PAGE_SIZE = 50;

/** A page of the local mailbox; the read is audited when it shows any address. */
export async function viewMailbox(db: Db, actor: Actor, pageNumber: number): Promise<Paged<MailboxItem>> {
  return db.transaction(async (tx) => {
    const shown = await listMailbox(tx, { page: pageNumber, size: MAILBOX_PAGE_SIZE });
    if (shown.items.length > 0) {
      await writeAuditBy(tx, actor, {
        action: 'email.view_list',
        recordType: 'email_list',
        recordId: 'mailbox',
        details: { page: shown.page, shown: shown.items.length },
      });
    }
    return shown;
  });
}

/** One message of the local mailbox, audited; null (nothing recorded) when there is none. */
export async function viewMailboxMessage(
  db: Db,
  actor: Actor,
  id: string,
  appSecret: Uint8Array,
): Promise<MailboxMessage | null> {
  return db.transaction(async (tx) => {
    const message = await getMailboxMessage(tx, id, appSecret);
    if (message) {
      await writeAuditBy(tx, actor, { action: 'email.view', recordType: 'email', recordId: message.id });
    }
    return message;
  });
}

export interface UndeliveredEmail {
  dead: Paged<DeadEmail>;
  counts: { failed: number; dead: number };
  suppressed: Paged<Suppression>;
}

/** Messages given up and suppressed addresses (the first 100 of each); audited when any is shown. */
export async function viewUndeliveredEmail(db: Db, actor: Actor): Promise<UndeliveredEmail> {
  return db.transaction(async (tx) => {
    const dead = await listDeadEmails(tx, { size: 100 });
    const counts = await countFailedEmails(tx);
    const suppressed = await listSuppressions(tx, { size: 100 });
    const shown = dead.items.length + suppressed.items.length;
    if (shown > 0) {
      await writeAuditBy(tx, actor, {
        action: 'email.view_list',
        recordType: 'email_list',
        recordId: 'undelivered',
        details: { shown },
      });
    }
    return { dead, counts, suppressed };
  });
}

/** An administrator queues a message given up again (retryDeadEmail), audited; null when none. */
export async function retryDeadEmailBy(db: Db, actor: Actor, id: string): Promise<{ id: string } | null> {
  return db.transaction(async (tx) => {
    const again = await retryDeadEmail(tx, id);
    if (again) {
      await writeAuditBy(tx, actor, {
        action: 'email.retry',
        recordType: 'email',
        recordId: id,
        details: { newId: again.id },
      });
    }
    return again;
  });
}

/** An administrator lifts a suppression (liftSuppression), audited; null when not suppressed. */
export async function liftSuppressionBy(db: Db, actor: Actor, address: string): Promise<Suppression | null> {
  return db.transaction(async (tx) => {
    const lifted = await liftSuppression(tx, address);
    if (lifted) {
      await writeAuditBy(tx, actor, {
        action: 'email.unsuppress',
        recordType: 'email_address',
        recordId: lifted.address,
        details: { reason: lifted.reason, since: lifted.createdAt.toISOString() },
      });
    }
    return lifted;
  });
}
