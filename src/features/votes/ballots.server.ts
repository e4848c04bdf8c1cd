// Residents' ballots in the database: casting a vote (a pending ballot, its emailed code and the email
// in one transaction), confirming it with the code (the pending ballot becomes the address's one
// ballot of the round, replacing an earlier one), and a new code. Only a keyed hash of the address is
// kept (and, sealed, the address of a voter who asked to hear the outcome); the postcode is kept as
// its district alone. Round rules are in rounds.ts, ballot rules in ballots.ts.
import { createHmac, randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf, type Tx } from '../../../db/client.ts';
import {
  emailOutbox,
  oneTimeSecrets,
  voteBallots,
  votePendingBallots,
  voteRounds,
  wards,
} from '../../../db/schema/index.ts';
import {
  ephemeralDailyKey,
  hitResidentLimit,
  limitResult,
  type RateLimitRule,
  rateLimitHit,
} from '../../server/node/rate-limit.ts';
import { VOTE_CODE_KIND, voteCodeEmail } from '../email/messages/vote-code.ts';
import { enqueueEmail, outboxInsert } from '../email/outbox.server.ts';
import { derivedKeyObject, KEY_LABELS, sealUnder } from '../secrets/keys.ts';
import { codeCheck, codeResult, issueSecret, secretInsert } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import type { CastInput, CodeInput, ResendInput } from './ballots.schema.ts';
import {
  checkChoices,
  normaliseAddress,
  PENDING_BALLOT_MS,
  VOTE_CODE_ATTEMPTS,
  VOTE_CODE_MINUTES,
} from './ballots.ts';
import { currentRoundOfWard, type Round, takingVotes } from './round-read.server.ts';
import { VoteError } from './vote-error.ts';
import { flagCast } from './vote-flags.server.ts';

/** The code that confirms a vote: subject is the pending ballot's id. */
export const VOTE_CODE = defineSecretPurpose({
  name: 'vote-code',
  form: 'code',
  lifetimeMs: VOTE_CODE_MINUTES * 60_000,
  singleUse: true,
  maxAttempts: VOTE_CODE_ATTEMPTS,
});

/** Casting (each sends an email): per client, an hour on the clock. */
export const CAST_LIMIT: RateLimitRule = { scope: 'vote:cast', limit: 30, windowSeconds: 3600 };
/** Typing codes: per client (each code also burns after 5 wrong tries). */
export const CODE_LIMIT: RateLimitRule = { scope: 'vote:code', limit: 60, windowSeconds: 3600 };
/** New codes asked for: per client. */
export const RESEND_LIMIT: RateLimitRule = { scope: 'vote:resend', limit: 10, windowSeconds: 3600 };

export interface VoteContext {
  appSecret: Uint8Array;
  /** The portal's public address, no trailing slash: for the link in the code email. */
  baseUrl: string;
  /** The client's address, for the per-client limits; never stored. */
  client: string | null;
  now?: Date;
}

/**
 * Residents' limits are kept under a key only this process's memory holds (decision 0102): a limit row
 * cannot be tied to an address by anyone holding the database and the app secret.
 */
async function limit(
  db: Db,
  rule: RateLimitRule,
  ctx: VoteContext,
  what: 'cast' | 'code' | 'resend',
): Promise<number> {
  if (!ctx.client) return 0;
  const now = ctx.now ?? new Date();
  const r = await hitResidentLimit(db, rule, ctx.client, now);
  if (!r.allowed) throw new VoteError('too_many', { retryAfterSeconds: r.retryAfterSeconds, what });
  return r.count;
}

/** Hex HMAC of the normalised address and the round, under the key for this use alone (decision 0119). */
export function addressHash(appSecret: Uint8Array, email: string, roundId: number): string {
  return createHmac('sha256', derivedKeyObject(appSecret, KEY_LABELS.voteAddress))
    .update(`${roundId}\n${normaliseAddress(email)}`)
    .digest('hex');
}

/** The ward's round not yet decided (scheduled, open or closed), by the ward's slug; null if none. */
export function roundOfWard(db: Db | Tx, wardSlug: string, now = new Date()): Promise<Round | null> {
  return currentRoundOfWard(db, wardSlug, now);
}

/** The ward's round taking votes now (with its ward and options); throws not_open. */
export async function openRound(db: Db | Tx, wardSlug: string, now = new Date()): Promise<Round> {
  const round = await roundOfWard(db, wardSlug, now);
  if (round?.state !== 'open') throw new VoteError('not_open');
  return round;
}

export interface Cast {
  /** The pending ballot: the browser keeps it (a cookie) to type the code against. */
  pendingId: string;
  expiresAt: Date;
  roundId: number;
}

/**
 * Casts a vote: the pending ballot, its code (revoking none: the pending ballot is new) and the code's
 * email are one statement, so all are stored or none. Three statements in all: the round, the
 * per-client limit, the writes.
 */
export async function castVote(db: Db, input: CastInput, ctx: VoteContext): Promise<Cast> {
  const now = ctx.now ?? new Date();
  const round = await openRound(db, input.ward, now);
  const checked = checkChoices(
    input.choices,
    round.options.map((o) => o.id),
    round.maxChoices,
  );
  if (!checked.ok) throw new VoteError('choices', { problem: checked.problem, maxChoices: round.maxChoices });
  const castThisHour = await limit(db, CAST_LIMIT, ctx, 'cast');
  const pendingId = randomUUID();
  const expiresAt = new Date(now.getTime() + PENDING_BALLOT_MS);
  const pending = db.insert(votePendingBallots).values({
    id: pendingId,
    roundId: round.id,
    addressHash: addressHash(ctx.appSecret, input.email, round.id),
    district: input.postcode, // the schema keeps only the postcode's district
    choices: checked.choices,
    outcomeAddress: input.outcome
      ? sealUnder(ctx.appSecret, KEY_LABELS.voteOutcomeAddress, Buffer.from(input.email.trim()))
      : null,
    createdAt: now,
    expiresAt,
  });
  const code = secretInsert(db, ctx.appSecret, VOTE_CODE, pendingId, now);
  const email = outboxInsert([codeMessage(input.email, code.issued.secret, round, ctx, pendingId)], {
    appSecret: ctx.appSecret,
    now,
  });
  await db.execute(
    // Drizzle puts an embedded query builder in brackets itself.
    sql`with pending as ${pending}, code as ${code.insert}, email as (${email}) select 1`,
  );
  await flagCast(db, round.id, input.email, castThisHour);
  return { pendingId, expiresAt, roundId: round.id };
}

/**
 * The outbox's key for a pending vote's code email. Confirming the vote deletes the email by it (and
 * retention any left), so no address stays in the database beside the time a vote was cast
 * (security review 3: the code's row and the ballot shared timestamps).
 */
const codeEmailKey = (pendingId: string) => `vote-code:${pendingId}`;

/** The code's email (the code itself goes sealed in the outbox row, shown where the placeholder is). */
function codeMessage(email: string, secret: string, round: Round, ctx: VoteContext, pendingId: string) {
  const message = voteCodeEmail({
    code: secretPlaceholder(ctx.appSecret),
    wardName: round.ward.name,
    codeUrl: `${ctx.baseUrl}/wards/${round.ward.slug}/vote/code`,
    minutes: VOTE_CODE_MINUTES,
  });
  return { to: email.trim(), ...message, secret, dedupeKey: codeEmailKey(pendingId) };
}

/** A new code for the pending vote: the earlier code is revoked, and its email (useless now) deleted. */
async function sendCode(tx: Tx, pendingId: string, email: string, round: Round, ctx: VoteContext, now: Date) {
  const { secret } = await issueSecret(tx, ctx.appSecret, VOTE_CODE, pendingId, { now });
  const key = codeEmailKey(pendingId);
  // One being sent this moment keeps its row (the worker holds it) but gives up the key; retention deletes it.
  await tx.execute(sql`
    with held as (
      update ${emailOutbox} set dedupe_key = null where dedupe_key = ${key} and status = 'sending')
    delete from ${emailOutbox} where dedupe_key = ${key} and status <> 'sending'`);
  await enqueueEmail(tx, codeMessage(email, secret, round, ctx, pendingId), {
    appSecret: ctx.appSecret,
    now,
  });
}

/** The pending ballot a browser holds, if it is still waiting and belongs to this ward's round. */
async function findPending(db: Db | Tx, pendingId: string | undefined, roundId: number, now: Date) {
  if (!pendingId || !/^[0-9a-f-]{36}$/.test(pendingId)) return null;
  const [row] = await db
    .select()
    .from(votePendingBallots)
    .where(
      and(
        eq(votePendingBallots.id, pendingId),
        eq(votePendingBallots.roundId, roundId),
        gt(votePendingBallots.expiresAt, now),
      ),
    );
  return row ?? null;
}

/** Whether this browser has a vote waiting for its code in this round (the code page asks). */
export async function hasPendingVote(
  db: Db,
  roundId: number,
  pendingId: string | undefined,
  now = new Date(),
): Promise<boolean> {
  return (await findPending(db, pendingId, roundId, now)) !== null;
}

export interface Confirmed {
  roundId: number;
  /** The address had voted in this round before: this vote replaced that one. */
  replaced: boolean;
}

/**
 * Confirms a pending vote with its code, in one statement. The per-client limit counts the try first;
 * within the limit, the code's check counts an attempt (and a burnt code stays burnt) even when the code
 * is wrong; a right code is used up, the pending ballot removed and, if the round still takes votes,
 * becomes the address's ballot of the round: `insert … on conflict (round_id, address_hash) do update`
 * replaces an earlier one, so one address has one vote whatever the timing. The round's row is read
 * `for share`: staff closing the round update it, so a close waits for votes being confirmed, and a
 * vote confirmed after it sees the round closed.
 */
export async function confirmVote(
  db: Db,
  input: CodeInput,
  pendingId: string | undefined,
  ctx: VoteContext,
): Promise<Confirmed> {
  const now = ctx.now ?? new Date();
  const validId = pendingId && /^[0-9a-f-]{36}$/.test(pendingId) ? pendingId : null;
  const hit = ctx.client
    ? rateLimitHit(db, ephemeralDailyKey(now), { ...CODE_LIMIT, onTheClock: true }, ctx.client, now)
    : null;
  const allowed = hit ? sql`(select count from hit) <= ${CODE_LIMIT.limit}` : sql`true`;
  const at = sql`${now.toISOString()}::timestamptz`;
  // A ballot keeps the hour it was confirmed in, not the moment: the moment is the code's, and the
  // code's row names the time of the cast (security review 3).
  const hour = sql`date_trunc('hour', ${at})`;
  const check = codeCheck(db, ctx.appSecret, VOTE_CODE, validId ?? '-', input.code, {
    now,
    onlyIf: sql`${allowed} and exists (select 1 from pending)`,
  });
  // The round's row as the statement locked it (`live`, named l below).
  const live = alias(voteRounds, 'l');
  const ballotId = randomUUID();
  const [row] = rowsOf<ConfirmRow>(
    await db.execute(sql`
      with ${hit ? sql`hit as ${hit},` : sql``}
      round as (
        select r.id from ${voteRounds} r join ${wards} w on w.id = r.ward_id
        where w.slug = ${input.ward} and r.decided_at is null),
      pending as (
        select * from ${votePendingBallots}
        where id = ${validId}::uuid and round_id = (select id from round) and expires_at > ${at}),
      code as ${check},
      live as (
        select * from ${voteRounds} where id = (select id from round)
          and exists (select 1 from code where ok) for share),
      gone as (
        delete from ${votePendingBallots} where id = (select id from pending)
          and exists (select 1 from code where ok)),
      mail as (
        delete from ${emailOutbox} where dedupe_key = ${codeEmailKey(validId ?? '-')} and status <> 'sending'
          and exists (select 1 from code where ok)),
      ballot as (
        insert into ${voteBallots} (id, round_id, address_hash, district, choices, outcome_address,
          changes, confirmed_at)
        select ${ballotId}::uuid, p.round_id, p.address_hash, p.district, p.choices, p.outcome_address,
          0, ${hour}
        from pending p, live l where ${takingVotes(now, live)}
        on conflict (round_id, address_hash) do update set choices = excluded.choices,
          district = excluded.district, outcome_address = excluded.outcome_address,
          changes = ${voteBallots}.changes + 1, confirmed_at = excluded.confirmed_at
        returning id)
      select (select id from round) as round_id,
        ${hit ? sql`(select count from hit)` : sql`0`} as hits,
        ${hit ? sql`(select window_start from hit)` : sql`null`} as window_start,
        exists (select 1 from pending) as pending,
        (select row_to_json(code) from code) as code,
        (select id from ballot) as ballot_id`),
  );
  if (!row || row.round_id === null) throw new VoteError('closed');
  if (hit) {
    const r = limitResult(
      { count: Number(row.hits), windowStart: new Date(row.window_start as string) },
      CODE_LIMIT,
      now,
    );
    if (!r.allowed) throw new VoteError('too_many', { retryAfterSeconds: r.retryAfterSeconds, what: 'code' });
  }
  if (!row.pending) throw new VoteError('no_pending');
  const code = typeof row.code === 'string' ? JSON.parse(row.code) : row.code;
  const checked = codeResult(VOTE_CODE, code ?? undefined);
  if (!checked.ok) {
    throw checked.reason === 'none'
      ? new VoteError('no_code')
      : new VoteError('wrong_code', { attemptsLeft: checked.attemptsLeft });
  }
  if (!row.ballot_id) throw new VoteError('closed');
  return { roundId: Number(row.round_id), replaced: row.ballot_id !== ballotId };
}

interface ConfirmRow {
  round_id: number | null;
  hits: number | string;
  window_start: string | Date | null;
  pending: boolean;
  code: { id: string; attempts: number; ok: boolean | null } | string | null;
  ballot_id: string | null;
}

/**
 * A new code for the vote this browser cast: the address is typed again (it was not kept) and must be
 * the one the vote was cast with. The old code stops working.
 */
export async function resendCode(
  db: Db,
  input: ResendInput,
  pendingId: string | undefined,
  ctx: VoteContext,
): Promise<{ expiresAt: Date }> {
  const now = ctx.now ?? new Date();
  const round = await openRound(db, input.ward, now);
  await limit(db, RESEND_LIMIT, ctx, 'resend');
  return db.transaction(async (tx) => {
    const pending = await findPending(tx, pendingId, round.id, now);
    if (!pending) throw new VoteError('no_pending');
    if (pending.addressHash !== addressHash(ctx.appSecret, input.email, round.id)) {
      throw new VoteError('other_address');
    }
    const expiresAt = new Date(now.getTime() + PENDING_BALLOT_MS);
    await tx.update(votePendingBallots).set({ expiresAt }).where(eq(votePendingBallots.id, pending.id));
    await sendCode(tx, pending.id, input.email, round, ctx, now);
    return { expiresAt };
  });
}

/**
 * Vote codes once ended or expired, and their emails once the code could no longer be typed: deleted,
 * so no address stays beside the time a vote was cast (security review 3). Confirming deletes a vote's
 * own code email at once; this catches the rest (votes never confirmed, an email being sent just then).
 */
export async function pruneVoteCodes(db: Db | Tx, now = new Date()): Promise<number> {
  const expired = new Date(now.getTime() - VOTE_CODE.lifetimeMs).toISOString();
  const [codes, mail] = await Promise.all([
    db
      .delete(oneTimeSecrets)
      .where(
        sql`${oneTimeSecrets.purpose} = ${VOTE_CODE.name} and (${oneTimeSecrets.endedAt} is not null or ${oneTimeSecrets.expiresAt} <= ${now.toISOString()}::timestamptz)`,
      )
      .returning({ id: oneTimeSecrets.id }),
    db
      .delete(emailOutbox)
      .where(
        sql`${emailOutbox.kind} = ${VOTE_CODE_KIND} and ${emailOutbox.status} <> 'sending' and ${emailOutbox.createdAt} <= ${expired}::timestamptz`,
      )
      .returning({ id: emailOutbox.id }),
  ]);
  return codes.length + mail.length;
}

/**
 * Removes votes never confirmed, once past their time (retention: at once). Their codes expired
 * long before (10 minutes against an hour) and go with pruneVoteCodes.
 */
export async function prunePendingBallots(db: Db | Tx, now = new Date()): Promise<number> {
  const gone = await db
    .delete(votePendingBallots)
    .where(sql`${votePendingBallots.expiresAt} <= ${now.toISOString()}::timestamptz`)
    .returning({ id: votePendingBallots.id });
  return gone.length;
}
