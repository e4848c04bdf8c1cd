// When the Ward Panel's decision on a round is recorded, its results are final and nothing left may
// identify a voter. The staff's decision (round-decision.server.ts) calls finaliseBallots inside its
// own transaction, after it has written the decision and marked the chosen options:
// - each voter who asked to hear the outcome is sent it (queued once: a dedupe key per ballot), and
//   their sealed address is erased in the same statement that reads it;
// - every ballot of the round loses its address hash (the counts stay);
// - votes never confirmed are deleted.
import { and, asc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { voteBallots, voteOptions, votePendingBallots, voteRounds, wards } from '../../../db/schema/index.ts';
import { voteOutcomeEmail } from '../email/messages/vote-outcome.ts';
import { enqueueEmails } from '../email/outbox.server.ts';
import { KEY_LABELS, openSealed } from '../secrets/keys.ts';
import { tallyRound } from './tally.server.ts';

export interface FinaliseContext {
  appSecret: Uint8Array;
  /** The portal's public address, no trailing slash: for the link to the ward's page. */
  baseUrl: string;
}

export interface Finalised {
  /** Outcome emails queued now. */
  outcomeEmails: number;
  /** Ballots whose address hash was erased now. */
  erased: number;
}

const OUTCOME_ADDRESS = { current: KEY_LABELS.voteOutcomeAddress } as const;

export async function finaliseBallots(tx: Tx, roundId: number, ctx: FinaliseContext): Promise<Finalised> {
  const [round] = await tx
    .select({ reason: voteRounds.decisionReason, wardName: wards.name, wardSlug: wards.slug })
    .from(voteRounds)
    .innerJoin(wards, eq(wards.id, voteRounds.wardId))
    .where(eq(voteRounds.id, roundId));
  if (!round) throw new Error(`No vote round ${roundId}`);
  const chosen = await tx
    .select({ title: voteOptions.title })
    .from(voteOptions)
    .where(and(eq(voteOptions.roundId, roundId), eq(voteOptions.chosen, true)))
    .orderBy(asc(voteOptions.position));
  const { turnout } = await tallyRound(tx, roundId);

  // Locked, so a second decision transaction waits and then finds the addresses erased.
  const asked = await tx
    .select({ id: voteBallots.id, sealed: voteBallots.outcomeAddress })
    .from(voteBallots)
    .where(and(eq(voteBallots.roundId, roundId), isNotNull(voteBallots.outcomeAddress)))
    .for('update');
  const content = voteOutcomeEmail({
    wardName: round.wardName,
    chosen: chosen.map((c) => c.title),
    reason: round.reason ?? '',
    turnout,
    wardUrl: `${ctx.baseUrl}/wards/${round.wardSlug}`,
  });
  const queued =
    asked.length === 0
      ? []
      : await enqueueEmails(
          tx,
          asked.map((b) => ({
            ...content,
            to: new TextDecoder().decode(
              openSealed(ctx.appSecret, b.sealed as string, OUTCOME_ADDRESS).plain,
            ),
            // Exactly once, even if the decision were recorded again.
            dedupeKey: `vote-outcome/${b.id}`,
          })),
        );
  const erased = await tx
    .update(voteBallots)
    .set({ addressHash: null, outcomeAddress: null })
    .where(and(eq(voteBallots.roundId, roundId), isNotNull(voteBallots.addressHash)))
    .returning({ id: voteBallots.id });
  // Outcome addresses of ballots already without a hash (none unless finalised before) go too.
  await tx
    .update(voteBallots)
    .set({ outcomeAddress: null })
    .where(and(eq(voteBallots.roundId, roundId), isNotNull(voteBallots.outcomeAddress)));
  await tx.delete(votePendingBallots).where(eq(votePendingBallots.roundId, roundId));
  return { outcomeEmails: queued.filter((q) => q.created).length, erased: erased.length };
}

/**
 * A round closed before `closedBefore` with no decision recorded: its voters' address hashes, and the
 * addresses kept for the outcome, are erased as a decision would (no outcome email: there is none to
 * send). Without this they were kept for as long as nobody decided (security review 3).
 */
export async function eraseUndecidedRoundAddresses(db: Db | Tx, closedBefore: Date): Promise<number> {
  const undecided = db
    .select({ id: voteRounds.id })
    .from(voteRounds)
    .where(
      and(
        isNull(voteRounds.decidedAt),
        sql`coalesce(${voteRounds.closedAt}, ${voteRounds.closesAt}) < ${closedBefore.toISOString()}::timestamptz`,
      ),
    );
  const erased = await db
    .update(voteBallots)
    .set({ addressHash: null, outcomeAddress: null })
    .where(
      and(
        sql`${voteBallots.roundId} in ${undecided}`,
        or(isNotNull(voteBallots.addressHash), isNotNull(voteBallots.outcomeAddress)),
      ),
    )
    .returning({ id: voteBallots.id });
  return erased.length;
}
