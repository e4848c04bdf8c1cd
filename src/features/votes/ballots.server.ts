// Residents' ballots in the database: casting a vote (a pending ballot, its emailed code and the email
// in one transaction), confirming it with the code (the pending ballot becomes the address's one
// ballot of the round, replacing an earlier one), and a new code. Only a keyed hash of the address is
// kept (and, sealed, the address of a voter who asked to hear the outcome); the postcode is kept as
// its district alone. Round rules are in rounds.ts, ballot rules in ballots.ts.
import { createHmac, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { voteBallots, votePendingBallots, voteRounds, wards } from '../../../db/schema/index.ts';
import { hitResidentLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import { voteCodeEmail } from '../email/messages/vote-code.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { derivedKeyObject, KEY_LABELS, sealUnder } from '../secrets/keys.ts';
import { issueSecret, verifyCode } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import type { CastInput, CodeInput, ResendInput } from './ballots.schema.ts';
import {
  checkChoices,
  normaliseAddress,
  PENDING_BALLOT_MS,
  VOTE_CODE_ATTEMPTS,
  VOTE_CODE_MINUTES,
} from './ballots.ts';
import { currentRound, type Round } from './round-read.server.ts';
import { roundState } from './rounds.ts';
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
export async function roundOfWard(db: Db | Tx, wardSlug: string, now = new Date()): Promise<Round | null> {
  const [ward] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, wardSlug));
  return ward ? currentRound(db, ward.id, now) : null;
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

/** Casts a vote: a pending ballot, its code and the code's email, in one transaction. */
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
  await db.transaction(async (tx) => {
    await tx.insert(votePendingBallots).values({
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
    await sendCode(tx, pendingId, input.email, round, ctx, now);
  });
  await flagCast(db, round.id, input.email, castThisHour);
  return { pendingId, expiresAt, roundId: round.id };
}

async function sendCode(tx: Tx, pendingId: string, email: string, round: Round, ctx: VoteContext, now: Date) {
  const { secret } = await issueSecret(tx, ctx.appSecret, VOTE_CODE, pendingId, { now });
  const message = voteCodeEmail({
    code: secretPlaceholder(ctx.appSecret),
    wardName: round.ward.name,
    codeUrl: `${ctx.baseUrl}/wards/${round.ward.slug}/vote/code`,
    minutes: VOTE_CODE_MINUTES,
  });
  await enqueueEmail(tx, { to: email.trim(), ...message, secret }, { appSecret: ctx.appSecret, now });
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

type ConfirmOutcome = Confirmed | { refused: VoteError };

/**
 * Confirms a pending vote with its code. The attempt counts (and a burnt code stays burnt) even when
 * the code is wrong: the transaction commits and the refusal is thrown after it. On success the
 * pending ballot becomes the address's ballot of the round: `insert … on conflict (round_id,
 * address_hash) do update` replaces an earlier one, so one address has one vote whatever the timing.
 */
export async function confirmVote(
  db: Db,
  input: CodeInput,
  pendingId: string | undefined,
  ctx: VoteContext,
): Promise<Confirmed> {
  const now = ctx.now ?? new Date();
  // The round's id only: whether it is still open is checked below, under a lock.
  const [round] = await db
    .select({ id: voteRounds.id })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .where(and(eq(wards.slug, input.ward), isNull(voteRounds.decidedAt)));
  if (!round) throw new VoteError('closed');
  await limit(db, CODE_LIMIT, ctx, 'code');
  const outcome = await db.transaction(async (tx): Promise<ConfirmOutcome> => {
    const pending = await findPending(tx, pendingId, round.id, now);
    if (!pending) return { refused: new VoteError('no_pending') };
    const check = await verifyCode(tx, ctx.appSecret, VOTE_CODE, pending.id, input.code, now);
    if (!check.ok) {
      return check.reason === 'none'
        ? { refused: new VoteError('no_code') }
        : { refused: new VoteError('wrong_code', { attemptsLeft: check.attemptsLeft }) };
    }
    // Staff closing the round updates its row: this share lock makes the close wait for votes being
    // confirmed, and a vote confirmed after it see the round closed.
    const [live] = await tx
      .select({
        opensAt: voteRounds.opensAt,
        closesAt: voteRounds.closesAt,
        closedAt: voteRounds.closedAt,
        decidedAt: voteRounds.decidedAt,
      })
      .from(voteRounds)
      .where(eq(voteRounds.id, round.id))
      .for('share');
    await tx.delete(votePendingBallots).where(eq(votePendingBallots.id, pending.id));
    if (!live || roundState(live, now) !== 'open') return { refused: new VoteError('closed') };
    const id = randomUUID();
    const [ballot] = await tx
      .insert(voteBallots)
      .values({
        id,
        roundId: round.id,
        addressHash: pending.addressHash,
        district: pending.district,
        choices: pending.choices,
        outcomeAddress: pending.outcomeAddress,
        changes: 0,
        confirmedAt: now,
      })
      .onConflictDoUpdate({
        target: [voteBallots.roundId, voteBallots.addressHash],
        set: {
          choices: sql`excluded.choices`,
          district: sql`excluded.district`,
          outcomeAddress: sql`excluded.outcome_address`,
          changes: sql`${voteBallots.changes} + 1`,
          confirmedAt: sql`excluded.confirmed_at`,
        },
      })
      .returning({ id: voteBallots.id });
    return { roundId: round.id, replaced: ballot?.id !== id };
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
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
 * Removes votes never confirmed, once past their time (retention: at once). Their codes expired
 * long before (10 minutes against an hour) and go with the other used secrets.
 */
export async function prunePendingBallots(db: Db | Tx, now = new Date()): Promise<number> {
  const gone = await db
    .delete(votePendingBallots)
    .where(sql`${votePendingBallots.expiresAt} <= ${now.toISOString()}::timestamptz`)
    .returning({ id: votePendingBallots.id });
  return gone.length;
}
