// The scheduler runs every job on each tick, at the same `now`; a job that fails does not stop the
// ones after it.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { runScheduledJobs, SCHEDULED_JOBS, type ScheduledJob } from './scheduler.ts';

describe('the scheduler', () => {
  it('runs newsletters, vote rounds, events and panel terms', () => {
    expect(SCHEDULED_JOBS.map((j) => j.name)).toEqual([
      'newsletters',
      'vote rounds',
      'events',
      'panel terms',
    ]);
  });

  it('runs every job at the same time, past one that fails', async () => {
    const seen: [string, Date][] = [];
    const job = (name: string, run: ScheduledJob['run']): ScheduledJob => ({ name, run, done: name });
    const now = new Date('2026-12-01T09:00:00Z');
    await runScheduledJobs(
      {} as Db,
      [
        job('first', async (_db, at) => {
          seen.push(['first', at]);
          throw new Error('down');
        }),
        job('second', async (_db, at) => {
          seen.push(['second', at]);
          return 1;
        }),
      ],
      now,
    );
    expect(seen).toEqual([
      ['first', now],
      ['second', now],
    ]);
  });
});
