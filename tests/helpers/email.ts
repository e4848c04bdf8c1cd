// Helpers for the email tests: a virtual clock, draining the outbox in virtual time, and counts.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.ts';
import { nextDueAt } from '../../src/features/email/delivery.server.ts';
import type { EmailMessage } from '../../src/features/email/email.schema.ts';
import type { OutboxWorker } from '../../src/features/email/outbox-worker.ts';

/** Time that moves only when told to; sleeping advances it at once. */
export interface VirtualClock {
  now(): Date;
  ms(): number;
  advance(ms: number): void;
  set(at: Date): void;
  sleep(ms: number): Promise<void>;
}

export function virtualClock(start: number = Date.now()): VirtualClock {
  let t = start;
  const clock: VirtualClock = {
    now: () => new Date(t),
    ms: () => t,
    advance: (ms) => {
      t += Math.max(0, ms);
    },
    set: (at) => {
      t = Math.max(t, at.getTime());
    },
    sleep: async (ms) => {
      clock.advance(ms);
    },
  };
  return clock;
}

/**
 * Runs workers in turn until nothing is left to send (or the clock reaches `until`), jumping the clock to the next due time when all
 * are idle. Bounded: throws after `maxIterations` so a bug cannot hang the suite.
 */
export async function drain(
  db: Db,
  workers: OutboxWorker[],
  clock: VirtualClock,
  { maxIterations = 2000, until }: { maxIterations?: number; until?: Date } = {},
): Promise<void> {
  for (let i = 0; i < maxIterations; i++) {
    // The clock also moves while workers send (their pauses): stop there too.
    if (until && clock.ms() >= until.getTime()) return;
    const handled = await Promise.all(workers.map((w) => w.runOnce()));
    if (handled.some((n) => n > 0)) continue;
    const next = await nextDueAt(db);
    if (!next || (until && next > until)) return;
    clock.set(next);
  }
  throw new Error(`The outbox did not drain in ${maxIterations} iterations`);
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const result = await db.execute<{ status: string; n: number }>(
    sql`select status::text as status, count(*)::int as n from email_outbox group by status`,
  );
  const rows = rowsOf<{ status: string; n: number }>(result);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

let n = 0;
/** A valid message to a distinct address. */
export function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  n += 1;
  return {
    kind: 'test-message',
    to: `resident${n}@example.com`,
    subject: `Test message ${n}`,
    html: `<p>Test message ${n}</p>`,
    text: `Test message ${n}`,
    ...overrides,
  };
}
