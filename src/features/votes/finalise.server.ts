// What happens to a round's ballots when its results become final (the panel's decision): nothing
// left can tell who voted. The address hashes (one vote per address) are erased; the counts stay.
// Called in the decision's transaction (round-decision.server.ts).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { voteBallots } from '../../../db/schema/index.ts';

export async function finaliseBallots(
  tx: Tx,
  roundId: number,
  _ctx: { appSecret: Uint8Array; baseUrl: string },
): Promise<void> {
  await tx.update(voteBallots).set({ addressHash: null }).where(eq(voteBallots.roundId, roundId));
}
