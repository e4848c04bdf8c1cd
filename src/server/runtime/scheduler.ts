// What happens on time without anyone acting, every 30 seconds in each server process: scheduled
// newsletters are published and emailed, and vote rounds whose opening or closing time has come
// are announced (stamped, and the cached ward pages purged); pages listing events that have just
// ended are purged. Several processes may run the jobs at once: each job's changes are conditional
// claims, so exactly one of them does each thing (purging twice is harmless). A job
// that fails is logged and does not stop the others; the timer never keeps the process alive.
import type { Db } from '../../../db/client.ts';
import { announceEndedEvents } from '../../features/events/events.server.ts';
import { sendDueNewsletters } from '../../features/newsletters/publishing.server.ts';
import { remindAndEndTerms } from '../../features/panels/members.server.ts';
import { announceDueRounds } from '../../features/votes/round-schedule.server.ts';
import { getAppSecret, publicBaseUrl } from '../astro/config.ts';
import { describeError, log } from '../astro/log.ts';

export const SCHEDULER_INTERVAL_MS = 30_000;

export interface ScheduledJob {
  name: string;
  /** Does what is due at `now`; returns how many things it did (logged when more than none). */
  run: (db: Db, now: Date) => Promise<number>;
  /** The log line when it did something. */
  done: string;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    name: 'newsletters',
    run: (db) => sendDueNewsletters(db, { appSecret: getAppSecret(), baseUrl: publicBaseUrl() }),
    done: 'Scheduler: published and emailed newsletters',
  },
  {
    name: 'vote rounds',
    run: (db, now) => announceDueRounds(db, now),
    done: 'Scheduler: vote rounds opened or closed',
  },
  {
    name: 'events',
    run: (db, now) => announceEndedEvents(db, now, 2 * SCHEDULER_INTERVAL_MS),
    done: 'Scheduler: events ended (pages listing them purged)',
  },
  {
    name: 'panel terms',
    run: (db, now) => remindAndEndTerms(db, now, publicBaseUrl()),
    done: 'Scheduler: panel members reminded that their term ends, or terms ended',
  },
];

/** Runs every job once, one after another; a failing job is logged and the next still runs. */
export async function runScheduledJobs(
  db: Db,
  jobs: readonly ScheduledJob[],
  now = new Date(),
): Promise<void> {
  for (const job of jobs) {
    try {
      const count = await job.run(db, now);
      if (count > 0) log.info(job.done, { count });
    } catch (error) {
      log.error(`Scheduler: ${job.name} failed`, describeError(error));
    }
  }
}

export function startScheduler(db: Db, jobs: readonly ScheduledJob[] = SCHEDULED_JOBS): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await runScheduledJobs(db, jobs);
    } finally {
      running = false;
    }
  };
  const every = setInterval(tick, SCHEDULER_INTERVAL_MS);
  every.unref();
  return () => clearInterval(every);
}
