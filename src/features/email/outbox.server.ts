// The outbox's front door: every feature queues its messages here, inside its own transaction.
// No astro:* imports: the stand-alone worker (`npm run worker`) runs this under plain Node.
import { randomUUID } from 'node:crypto';
import { inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, rowsOf } from '../../../db/client.ts';
import { emailOutbox } from '../../../db/schema/index.ts';
import { sealEachForOutbox, secretPlaceholder } from '../secrets/secrets.ts';
import {
  type EmailContent,
  EmailContentSchema,
  type EmailMessage,
  EmailMessageSchema,
  type EmailRecipient,
  EmailRecipientSchema,
  SECRET_IN_CLEAR,
  SECRET_NOT_SHOWN,
  showsPlaceholder,
  visibleText,
} from './email.schema.ts';
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

/** Rows a statement: messages with bodies of their own (~5 KB each), and copies of one shared body. */
const OWN_BODY_CHUNK = 1_000;
const SHARED_BODY_CHUNK = 10_000;

/** enqueueEmail for many different messages, in multi-row inserts. */
export async function enqueueEmails(
  tx: DbOrTx,
  messages: EmailMessage[],
  { now = new Date(), appSecret }: EnqueueOptions = {},
): Promise<EnqueueResult[]> {
  const parsed = parseMessages(messages, appSecret);
  return insertOutboxRows(tx, ownContent(parsed), parsed, { now, appSecret, chunk: OWN_BODY_CHUNK });
}

/**
 * enqueueEmails' insert for a few messages (up to a statement's worth), not yet run: for a caller that
 * queues its email in the same statement as its record (a CTE). The same checks and the same rows;
 * a dedupe key already queued is skipped silently.
 */
export function outboxInsert(
  messages: EmailMessage[],
  { now = new Date(), appSecret }: EnqueueOptions = {},
): SQL {
  if (messages.length > OWN_BODY_CHUNK) throw new RangeError('Too many messages for one statement');
  const parsed = parseMessages(messages, appSecret);
  return (outboxStatements(ownContent(parsed), parsed, { now, appSecret, chunk: OWN_BODY_CHUNK })[0] as Chunk)
    .query;
}

function parseMessages(messages: EmailMessage[], appSecret: Uint8Array | undefined) {
  const parsed = messages.map((input) => EmailMessageSchema.parse(input));
  for (const m of parsed) {
    if (m.secret !== undefined && !showsPlaceholder(m, placeholderFor(appSecret)))
      throw secretIssue(SECRET_NOT_SHOWN);
  }
  return parsed;
}

function ownContent(parsed: ReturnType<typeof parseMessages>): OutboxContent {
  return {
    kind: parsed.map((m) => m.kind),
    subject: parsed.map((m) => m.subject),
    html: parsed.map((m) => m.html),
    text: parsed.map((m) => m.text),
    headers: parsed.map((m) => JSON.stringify(m.headers)),
    priority: parsed.map((m) => PRIORITY[m.priority]),
  };
}

/**
 * One message to many recipients (a newsletter issue): the content shared by every copy is checked
 * once and sent to the database once per statement, each recipient's own part (address, dedupe key,
 * secret) is checked and stored per row. The same rules and the same rows as enqueueEmails would
 * give for the messages one by one; results in the order of `recipients`.
 */
export async function enqueueEmailToMany(
  tx: DbOrTx,
  content: EmailContent,
  recipients: readonly EmailRecipient[],
  { now = new Date(), appSecret }: EnqueueOptions = {},
): Promise<EnqueueResult[]> {
  const c = EmailContentSchema.parse(content);
  // EmailMessageSchema's rules for a secret, with the content's part worked out once.
  const placeholder = recipients.some((r) => r.secret !== undefined)
    ? showsPlaceholder(c, placeholderFor(appSecret))
    : false;
  const visible = visibleText(c);
  const parsed = recipients.map((input) => {
    const r = EmailRecipientSchema.parse(input);
    if (r.secret !== undefined) {
      if (!placeholder) throw secretIssue(SECRET_NOT_SHOWN);
      if (visible.includes(r.secret)) throw secretIssue(SECRET_IN_CLEAR);
    }
    return r;
  });
  return insertOutboxRows(
    tx,
    { ...c, headers: JSON.stringify(c.headers), priority: PRIORITY[c.priority] },
    parsed,
    { now, appSecret, chunk: SHARED_BODY_CHUNK },
  );
}

/** The placeholder a message with a secret must show; such a message needs the app secret. */
function placeholderFor(appSecret: Uint8Array | undefined): string {
  if (!appSecret) throw new TypeError('A message with a secret needs appSecret');
  return secretPlaceholder(appSecret);
}

/** The error EmailMessageSchema gives for a misplaced secret; it never holds the secret. */
function secretIssue(message: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', message, path: [], input: undefined }]);
}

type SharedOrEach<T> = T | T[];

interface OutboxContent {
  kind: SharedOrEach<string>;
  subject: SharedOrEach<string>;
  html: SharedOrEach<string>;
  text: SharedOrEach<string>;
  /** JSON of the validated headers. */
  headers: SharedOrEach<string>;
  priority: SharedOrEach<number>;
}

type Recipient = { to: string; dedupeKey?: string | undefined; secret?: string | undefined };
interface Chunk {
  query: SQL;
}

/** The statements that insert the rows, a chunk each, with the ids they give. */
function outboxStatements(
  content: OutboxContent,
  recipients: readonly Recipient[],
  { now, appSecret, chunk }: { now: Date; appSecret: Uint8Array | undefined; chunk: number },
): (Chunk & { chunkIds: string[] })[] {
  const ids = recipients.map(() => randomUUID());
  const dedupeKeys = recipients.map((r) => r.dedupeKey ?? null);
  const secrets = recipients.flatMap((r) => (r.secret === undefined ? [] : [r.secret]));
  if (secrets.length > 0 && !appSecret) throw new TypeError('A message with a secret needs appSecret');
  const sealedSecrets = appSecret ? sealEachForOutbox(appSecret, secrets) : [];
  let next = 0;
  const sealed = recipients.map((r) => (r.secret === undefined ? null : (sealedSecrets[next++] as string)));
  const at = now.toISOString();
  const giveUpAt = new Date(now.getTime() + GIVE_UP_AFTER_MS).toISOString();
  const addresses = recipients.map((r) => r.to);
  const statements: (Chunk & { chunkIds: string[] })[] = [];
  for (let i = 0; i < recipients.length; i += chunk) {
    const part = <T>(v: T[]) => v.slice(i, i + chunk);
    // Per-row columns go through unnest; shared ones are a single parameter in the select list.
    const each: SQL[] = [];
    const names: string[] = [];
    const column = (name: string, type: string, value: SharedOrEach<string | number | null>): SQL => {
      if (!Array.isArray(value)) return sql`${value}::${sql.raw(type)}`;
      each.push(sql`${sql.param(part(value))}::${sql.raw(type)}[]`);
      names.push(name);
      return sql.raw(`r.${name}`);
    };
    const values = [
      column('id', 'uuid', ids),
      column('kind', 'text', content.kind),
      column('recipient', 'text', addresses),
      column('subject', 'text', content.subject),
      column('html', 'text', content.html),
      column('text', 'text', content.text),
      column('sealed_secret', 'text', sealed),
      sql`${column('headers', 'text', content.headers)}::jsonb`,
      column('dedupe_key', 'text', dedupeKeys),
      column('priority', 'smallint', content.priority),
    ];
    statements.push({
      chunkIds: part(ids),
      query: sql`
        insert into ${emailOutbox} (id, kind, recipient, subject, html, text, sealed_secret, headers,
          dedupe_key, priority, next_attempt_at, give_up_at, created_at, updated_at)
        select ${sql.join(values, sql`, `)},
          ${at}::timestamptz, ${giveUpAt}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from unnest(${sql.join(each, sql`, `)}) as r(${sql.raw(names.join(', '))})
        on conflict (dedupe_key) do nothing
        returning id`,
    });
  }
  return statements;
}

/**
 * Inserts validated rows with `insert … select … from unnest(arrays)`: one parameter per column, not
 * one per value, so a statement of 10,000 rows costs the driver and Drizzle nothing per row. Content
 * columns are either one value for every row (sent once) or an array with one per row.
 */
async function insertOutboxRows(
  tx: DbOrTx,
  content: OutboxContent,
  recipients: readonly Recipient[],
  options: { now: Date; appSecret: Uint8Array | undefined; chunk: number },
): Promise<EnqueueResult[]> {
  const ids: string[] = [];
  const dedupeKeys = recipients.map((r) => r.dedupeKey ?? null);
  const inserted = new Set<string>();
  for (const { query, chunkIds } of outboxStatements(content, recipients, options)) {
    ids.push(...chunkIds);
    for (const r of rowsOf<{ id: string }>(await tx.execute(query))) inserted.add(r.id);
  }
  // Rows skipped for an existing dedupe key: report the id already queued.
  const skippedKeys = ids
    .map((id, i) => (inserted.has(id) ? null : dedupeKeys[i]))
    .filter((k): k is string => k !== null && k !== undefined);
  const existing = new Map<string, string>();
  if (skippedKeys.length > 0) {
    const found = await tx
      .select({ id: emailOutbox.id, dedupeKey: emailOutbox.dedupeKey })
      .from(emailOutbox)
      .where(inArray(emailOutbox.dedupeKey, skippedKeys));
    for (const f of found) existing.set(f.dedupeKey as string, f.id);
  }
  return ids.map((id, i) =>
    inserted.has(id)
      ? { id, created: true }
      : { id: existing.get(dedupeKeys[i] as string) ?? id, created: false },
  );
}
