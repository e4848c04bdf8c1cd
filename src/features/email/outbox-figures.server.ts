// The outbox in three numbers, for the metrics endpoint's gauges (src/server/node/metrics.ts): how
// many messages wait, how old the oldest is, how many were given up. One query; the status index
// (email_outbox_status_updated_idx) finds the rows, so it costs in proportion to what waits.
import { sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../../db/client.ts';

export interface OutboxFigures {
  depth: number;
  oldestAgeSeconds: number;
  dead: number;
}

export async function outboxFigures(db: DbOrTx, now = new Date()): Promise<OutboxFigures> {
  const result = await db.execute(sql`
    select
      count(*) filter (where status <> 'dead')::int as depth,
      count(*) filter (where status = 'dead')::int as dead,
      min(created_at) filter (where status <> 'dead') as oldest
    from email_outbox
    where status in ('queued', 'failed', 'sending', 'dead')`);
  const row = rowsOf<{ depth: number; dead: number; oldest: string | Date | null }>(result)[0];
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    depth: Number(row?.depth ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
  };
}
