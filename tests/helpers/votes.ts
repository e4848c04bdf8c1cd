// Helpers for the voting tests: an open round made straight in the database (so the tests depend on
// no seed and on no staff page), and the code a voter was emailed, read from the outbox (where it is
// sealed) as the worker would read it.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emailOutbox, voteOptions, voteRounds, wards } from '../../db/schema/index.ts';
import { VOTE_CODE_KIND } from '../../src/features/email/messages/vote-code.ts';
import { openFromOutbox } from '../../src/features/secrets/secrets.ts';

export interface TestRound {
  id: number;
  optionIds: number[];
  wardSlug: string;
}

/**
 * A round open now in the ward (any earlier undecided round of the ward is marked decided first, as
 * only one may be undecided), with `options` options.
 */
export async function createOpenRound(
  db: Db,
  wardSlug: string,
  {
    options = 4,
    maxChoices = 3,
    now = new Date(),
  }: { options?: number; maxChoices?: number; now?: Date } = {},
): Promise<TestRound> {
  const [ward] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, wardSlug));
  if (!ward) throw new Error(`No ward ${wardSlug}`);
  const hour = 3_600_000;
  await db.execute(
    sql`update vote_rounds set closed_at = coalesce(closed_at, now()), decided_at = now(),
      decision_reason = 'Replaced by a test round' where ward_id = ${ward.id} and decided_at is null`,
  );
  const [round] = await db
    .insert(voteRounds)
    .values({
      wardId: ward.id,
      opensAt: new Date(now.getTime() - hour),
      closesAt: new Date(now.getTime() + 24 * hour),
      maxChoices,
      openedAt: new Date(now.getTime() - hour),
    })
    .returning({ id: voteRounds.id });
  if (!round) throw new Error('Round not made');
  const made = await db
    .insert(voteOptions)
    .values(
      Array.from({ length: options }, (_, i) => ({
        roundId: round.id,
        position: i + 1,
        title:
          ['Drug dealing', 'Nitrous oxide', 'Theft of vehicles', 'Robbery', 'Estate ASB'][i % 5] ??
          `Option ${i + 1}`,
        description: `What option ${i + 1} would mean for the ward.`,
      })),
    )
    .returning({ id: voteOptions.id });
  return { id: round.id, optionIds: made.map((o) => o.id), wardSlug };
}

/** The latest vote code emailed to `address` (opened from the outbox's sealed copy). */
export async function emailedCode(db: Db, appSecret: Uint8Array, address: string): Promise<string> {
  const [row] = await db
    .select({ sealed: emailOutbox.sealedSecret })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, VOTE_CODE_KIND), eq(emailOutbox.recipient, address)))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  if (!row?.sealed) throw new Error(`No code emailed to ${address}`);
  return openFromOutbox(appSecret, row.sealed);
}
