// The outbox's front door: every feature queues its messages here, inside its own transaction.
// No astro:* imports: the stand-alone worker (`npm run worker`) runs this under plain Node.
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { emailOutbox } from '../../../db/schema/index.ts';
import { sealForOutbox } from '../secrets/secrets.ts';
import { type EmailMessage, EmailMessageSchema } from './email.schema.ts';
import { GIVE_UP_AFTER_MS, PRIORITY } from './email.ts';

export type OutboxRow = typeof emailOutbox.$inferSelect;

/**
 * The channel PostgreSQL notifies, at commit, when messages were queued: a trigger on the outbox
 * sends it (db/migrations/0011_outbox_doorbell.sql), so every way of queueing rings, and workers
 * LISTEN instead of polling.
 */
export const OUTBOX_CHANNEL = 'cn_outbox';

// ---------------------------------------------------------------------------------------------------
// Enqueueing: the one function every feature calls

export interface EnqueueResult {
  /** The outbox id; also the idempotency key of the provider request. */
  id: string;
  /** false when a row with the same dedupe key already existed: nothing was inserted. */
  created: boolean;
}

export interface EnqueueOptions {
  now?: Date;
  /** Needed when a message carries a secret: it is stored sealed under a key derived from this. */
  appSecret?: Uint8Array;
}

/**
 * Queues a message in the caller's transaction: it is sent if and only if the transaction commits.
 * Throws a ZodError for an invalid message (bad address, CR/LF, a header not allowed).
 */
export async function enqueueEmail(
  tx: DbOrTx,
  message: EmailMessage,
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const [result] = await enqueueEmails(tx, [message], options);
  return result as EnqueueResult;
}

const INSERT_CHUNK = 1000;

/** enqueueEmail for many messages (a newsletter issue), in multi-row inserts. */
export async function enqueueEmails(
  tx: DbOrTx,
  messages: EmailMessage[],
  { now = new Date(), appSecret }: EnqueueOptions = {},
): Promise<EnqueueResult[]> {
  const rows = messages.map((input) => {
    const m = EmailMessageSchema.parse(input);
    if (m.secret !== undefined && !appSecret) throw new TypeError('A message with a secret needs appSecret');
    return {
      id: randomUUID(),
      kind: m.kind,
      recipient: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      sealedSecret: m.secret !== undefined && appSecret ? sealForOutbox(appSecret, m.secret) : null,
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
