// The Ward Panel's decision on a closed round, recorded by staff in one transaction: the round
// decided (when, by whom, why), the chosen options marked, the current priorities they replace
// retired with their outcome (first, so the ward keeps within MAX_CURRENT_PRIORITIES), a current
// priority made of each chosen option, the ballots made final (finaliseBallots: nothing left that
// identifies a voter), audited, and the ward pages purged once it commits.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { voteOptions, voteRounds, wardPriorities } from '../../../db/schema/index.ts';
import { londonToday } from '../../lib/dates.ts';
import { changingPublicContent } from '../../server/http/public-changes.ts';
import { type Actor, writeAuditBy } from '../audit/audit.server.ts';
import type { WardScope } from '../auth/ward-scope.ts';
import { addPriorityIn, duplicateAsDomainError, retirePriorityIn } from '../priorities/priorities.server.ts';
import { MAX_CURRENT_PRIORITIES } from '../priorities/priorities.ts';
import { finaliseBallots } from './finalise.server.ts';
import { RoundError } from './round-error.ts';
import type { RoundDecisionInput } from './rounds.schema.ts';
import { lockRound } from './rounds.server.ts';
import { decisionFits, effectiveClose, priorityReasonFromDecision } from './rounds.ts';
import { tallyRound } from './tally.server.ts';

export interface DecisionContext {
  appSecret: Uint8Array;
  baseUrl: string;
}

/** Records the panel's decision on a closed round in the member's scope. Returns the ward's slug. */
export function decideRound(
  db: Db,
  input: RoundDecisionInput,
  actor: Actor,
  scope: WardScope,
  ctx: DecisionContext,
  now = new Date(),
): Promise<string> {
  return changingPublicContent(db, ['wards'], async (tx) => {
    const round = await lockRound(tx, input.id, scope, now);
    if (round.state === 'decided') throw new RoundError('decided');
    if (round.state !== 'closed') throw new RoundError('not_closed');
    const closedOn = londonToday(effectiveClose(round));
    if (input.decidedOn < closedOn) throw new RoundError('decided_before_close', { closedOn });

    const chosenIds = [...new Set(input.chosen)];
    const replacedIds = [...new Set(input.replaced)];
    const options = await tx
      .select({ id: voteOptions.id, title: voteOptions.title })
      .from(voteOptions)
      .where(eq(voteOptions.roundId, round.id));
    const chosen = options.filter((o) => chosenIds.includes(o.id));
    if (chosen.length !== chosenIds.length) throw new RoundError('unknown_option');
    const current = await tx
      .select({ id: wardPriorities.id })
      .from(wardPriorities)
      .where(and(eq(wardPriorities.wardId, round.wardId), isNull(wardPriorities.retiredOn)));
    if (!replacedIds.every((id) => current.some((p) => p.id === id)))
      throw new RoundError('unknown_priority');
    if (!decisionFits(current.length, replacedIds.length, chosen.length, MAX_CURRENT_PRIORITIES))
      throw new RoundError('too_many');

    const { counts, turnout } = await tallyRound(tx, round.id);
    // Retire before adding: the ward's limit holds at every step.
    for (const id of replacedIds)
      await retirePriorityIn(
        tx,
        id,
        { retiredOn: input.decidedOn, outcome: input.outcome ?? '' },
        actor,
        scope,
      );
    const ward = { id: round.wardId, slug: round.wardSlug };
    const created: number[] = [];
    for (const option of chosen) {
      const votes = counts.find((c) => c.optionId === option.id)?.votes ?? 0;
      const reason = priorityReasonFromDecision(input.reason, votes, turnout);
      created.push(
        await addPriorityIn(
          tx,
          ward,
          { title: option.title, reason, setOn: input.decidedOn },
          actor,
          round.id,
        ),
      );
    }
    if (chosenIds.length > 0)
      await tx
        .update(voteOptions)
        .set({ chosen: true })
        .where(and(eq(voteOptions.roundId, round.id), inArray(voteOptions.id, chosenIds)));
    await tx
      .update(voteRounds)
      .set({
        decidedAt: now,
        decidedBy: actor.id,
        decisionReason: input.reason,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .where(eq(voteRounds.id, round.id));
    await finaliseBallots(tx, round.id, ctx);
    await writeAuditBy(tx, actor, {
      action: 'vote_round.decide',
      recordType: 'vote_round',
      recordId: round.id,
      details: {
        ward: round.wardSlug,
        chosen: chosenIds,
        priorities: created,
        replaced: replacedIds,
        turnout,
      },
    });
    return round.wardSlug;
  }).catch(duplicateAsDomainError);
}
