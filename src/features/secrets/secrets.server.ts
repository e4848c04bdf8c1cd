// One-time secrets in the database: issue, look up, redeem (atomic single use), check a short code
// (atomic wrong-guess counter, burnt at the limit), revoke. Only a keyed hash is stored
// (secrets.ts: hashSecret); the secret itself exists in the caller's hands and, sealed, in the
// outbox row that carries it. Functions take the transaction of the change they belong to.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { oneTimeSecrets } from '../../../db/schema/index.ts';
import {
  generateSecret,
  generateSecrets,
  hashSecret,
  normaliseSecret,
  type SecretPurpose,
} from './secrets.ts';

export interface IssuedSecret {
  id: string;
  /** The secret to send: never stored, never logged. */
  secret: string;
  expiresAt: Date;
}

export interface LiveSecret {
  id: string;
  subject: string;
  expiresAt: Date;
}

const s = oneTimeSecrets;
const live = (now: Date) => and(isNull(s.endedAt), gt(s.expiresAt, now));

/**
 * Makes a secret for `subject`. With `replace`, the subject's other live secrets of the purpose are
 * revoked first (a new link supersedes the old one). A short code always replaces: a subject has at
 * most one live code, the one verifyCode checks.
 */
export async function issueSecret(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  subject: string,
  { now = new Date(), replace = false }: { now?: Date; replace?: boolean } = {},
): Promise<IssuedSecret> {
  if (replace || purpose.form === 'code') await revokeSecrets(tx, [purpose], subject, { now });
  const { insert, issued } = secretInsert(tx, appSecret, purpose, subject, now);
  await insert;
  return issued;
}

/**
 * issueSecret's new secret and the insert that stores it, not yet run: for a caller that makes it
 * part of one statement with its record (a CTE). A code must replace: put revokeSecretsQuery in the
 * same statement (it sees the table as it was before the statement, so never the new row).
 */
export function secretInsert(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  subject: string,
  now: Date,
) {
  const secret = generateSecret(purpose.form);
  const normalised = normaliseSecret(purpose.form, secret) as string;
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + purpose.lifetimeMs);
  const insert = tx.insert(s).values({
    id,
    purpose: purpose.name,
    subject,
    hash: hashSecret(appSecret, purpose, normalised, subject),
    maxAttempts: purpose.maxAttempts,
    expiresAt,
    createdAt: now,
  });
  return { insert, issued: { id, secret, expiresAt } as IssuedSecret };
}

/** Secrets a statement in issueSecrets. */
const ISSUE_CHUNK = 10_000;

/**
 * issueSecret for many subjects at once (a newsletter issue: one preferences link per reader), with
 * `insert … select … from unnest(arrays)` (three parameters a statement, whatever the count); never
 * replaces. The secrets come back in the order of `subjects`.
 */
export async function issueSecrets(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  subjects: readonly string[],
  { now = new Date() }: { now?: Date } = {},
): Promise<IssuedSecret[]> {
  if (purpose.form === 'code') throw new TypeError('Short codes are issued one at a time');
  const expiresAt = new Date(now.getTime() + purpose.lifetimeMs);
  const ids = subjects.map(() => randomUUID());
  const secrets = generateSecrets(purpose.form, subjects.length);
  const hashes = secrets.map((secret, i) =>
    hashSecret(appSecret, purpose, normaliseSecret(purpose.form, secret) as string, subjects[i]),
  );
  for (let i = 0; i < subjects.length; i += ISSUE_CHUNK) {
    const part = <T>(v: readonly T[]) => sql.param(v.slice(i, i + ISSUE_CHUNK));
    await tx.execute(sql`
      insert into ${s} (id, purpose, subject, hash, max_attempts, expires_at, created_at)
      select r.id, ${purpose.name}, r.subject, r.hash, ${purpose.maxAttempts}::integer,
        ${expiresAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from unnest(${part(ids)}::uuid[], ${part(subjects)}::text[], ${part(hashes)}::text[])
        as r(id, subject, hash)`);
  }
  return secrets.map((secret, i) => ({ id: ids[i] as string, secret, expiresAt }));
}

/** The live secret a link, tracking code or preferences link stands for; null if none. Not for codes. */
export async function findSecret(
  db: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  secret: string,
  now = new Date(),
): Promise<LiveSecret | null> {
  if (purpose.form === 'code') throw new TypeError('Check short codes with verifyCode');
  const normalised = normaliseSecret(purpose.form, secret);
  if (!normalised) return null;
  // The database compares HMAC outputs: an attacker cannot steer a guess's hash toward a stored one,
  // so the comparison's timing tells nothing.
  const [row] = await db
    .select({ id: s.id, subject: s.subject, expiresAt: s.expiresAt })
    .from(s)
    .where(
      and(eq(s.purpose, purpose.name), eq(s.hash, hashSecret(appSecret, purpose, normalised)), live(now)),
    )
    .limit(1);
  return row ?? null;
}

/** Uses up a live single-use secret found earlier. Atomic: of two racing calls one gets true. */
export async function consumeSecret(tx: DbOrTx, id: string, now = new Date()): Promise<boolean> {
  const used = await tx
    .update(s)
    .set({ endedAt: now, endReason: 'used' })
    .where(and(eq(s.id, id), live(now)))
    .returning({ id: s.id });
  return used.length === 1;
}

/** Finds and uses up a single-use link in one statement; the subject it opened, or null. */
export async function redeemSecret(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  secret: string,
  now = new Date(),
): Promise<LiveSecret | null> {
  if (purpose.form === 'code') throw new TypeError('Check short codes with verifyCode');
  if (!purpose.singleUse) return findSecret(tx, appSecret, purpose, secret, now);
  const normalised = normaliseSecret(purpose.form, secret);
  if (!normalised) return null;
  const [row] = await tx
    .update(s)
    .set({ endedAt: now, endReason: 'used' })
    .where(
      and(eq(s.purpose, purpose.name), eq(s.hash, hashSecret(appSecret, purpose, normalised)), live(now)),
    )
    .returning({ id: s.id, subject: s.subject, expiresAt: s.expiresAt });
  return row ?? null;
}

export type CodeCheck =
  | { ok: true; id: string }
  /** Wrong: `attemptsLeft` more guesses before the code is burnt (0: it just was). */
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  /** No live code for the subject: never sent, expired, used, revoked or burnt. */
  | { ok: false; reason: 'none' };

/**
 * verifyCode's one statement, not yet run: counts an attempt on the subject's live code
 * (`attempts = attempts + 1 … RETURNING`, atomic, so parallel guesses cannot exceed the limit) and,
 * in the same update, uses the code up if the typed one is right or burns it if this was the last
 * try. Returns `id`, `attempts` and `ok` (no row: no live code). `onlyIf`, a condition of the caller's
 * statement (a CTE), leaves the code untouched when false. The database compares HMAC outputs: an
 * attacker cannot steer a guess's hash toward the stored one, so the comparison's timing tells nothing.
 */
export function codeCheck(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  subject: string,
  code: string,
  { now = new Date(), onlyIf }: { now?: Date; onlyIf?: SQL } = {},
) {
  if (purpose.form !== 'code' || purpose.maxAttempts === null) throw new TypeError('Not a code purpose');
  const normalised = normaliseSecret('code', code);
  // Hash whatever was typed (or a dummy) so a malformed code takes as long as a wrong one.
  const typed = hashSecret(appSecret, purpose, normalised ?? '-', subject);
  const right = normalised ? sql`${s.hash} = ${typed}` : sql`false`;
  const last = sql`${s.attempts} + 1 >= ${purpose.maxAttempts}`;
  return tx
    .update(s)
    .set({
      attempts: sql`${s.attempts} + 1`,
      endedAt: sql`case when ${right} or ${last} then ${now.toISOString()}::timestamptz end`,
      endReason: sql`case when ${right} then 'used' when ${last} then 'burnt' end`,
    })
    .where(
      and(
        eq(s.purpose, purpose.name),
        eq(s.subject, subject),
        live(now),
        lt(s.attempts, purpose.maxAttempts),
        onlyIf,
      ),
    )
    .returning({ id: s.id, attempts: s.attempts, ok: sql<boolean>`${s.endReason} = 'used'`.as('ok') });
}

/** What codeCheck's row (or its absence) means. */
export function codeResult(
  purpose: SecretPurpose,
  row: { id: string; attempts: number; ok: boolean | null } | undefined,
): CodeCheck {
  if (!row) return { ok: false, reason: 'none' };
  if (row.ok) return { ok: true, id: row.id };
  return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, (purpose.maxAttempts ?? 0) - row.attempts) };
}

/** Checks a typed code against the subject's live code, in one statement (codeCheck). */
export async function verifyCode(
  tx: DbOrTx,
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  subject: string,
  code: string,
  now = new Date(),
): Promise<CodeCheck> {
  const [row] = await codeCheck(tx, appSecret, purpose, subject, code, { now });
  return codeResult(purpose, row);
}

/** Ends the subject's live secrets of these purposes, except one; how many were revoked. */
export async function revokeSecrets(
  tx: DbOrTx,
  purposes: readonly SecretPurpose[],
  subject: string,
  options: { now?: Date; except?: string } = {},
): Promise<number> {
  if (purposes.length === 0) return 0;
  return (await revokeSecretsQuery(tx, purposes, subject, options)).length;
}

/** revokeSecrets' update (returning the ids), not yet run: for a caller's larger statement. */
export function revokeSecretsQuery(
  tx: DbOrTx,
  purposes: readonly SecretPurpose[],
  subject: string,
  { now = new Date(), except }: { now?: Date; except?: string } = {},
) {
  return tx
    .update(s)
    .set({ endedAt: now, endReason: 'revoked' })
    .where(
      and(
        inArray(
          s.purpose,
          purposes.map((p) => p.name),
        ),
        eq(s.subject, subject),
        isNull(s.endedAt),
        gt(s.expiresAt, now),
        except ? ne(s.id, except) : undefined,
      ),
    )
    .returning({ id: s.id });
}

/** Retention: removes secrets that ended or expired before `before`. */
export async function pruneSecrets(tx: DbOrTx, before: Date): Promise<number> {
  const removed = await tx
    .delete(s)
    .where(or(lt(s.endedAt, before), lt(s.expiresAt, before)))
    .returning({ id: s.id });
  return removed.length;
}
