// Runs the retention rules (src/features/retention) in the server process: a minute after the
// runtime (server.ts) starts, then every hour. The timer never keeps the process alive on its own.
import type { Db } from '../../../db/client.ts';
import { enforceRetention } from '../../features/retention/retention.server.ts';
import { concernContactRetentionMs } from '../../features/retention/retention.ts';
import { describeError, log } from '../astro/log.ts';

const HOUR_MS = 3_600_000;

export function startRetentionJob(db: Db): () => void {
  // A malformed CONCERN_CONTACT_RETENTION_DAYS stops the start, rather than every hourly run.
  concernContactRetentionMs();
  const run = async (): Promise<void> => {
    try {
      const removed = await enforceRetention(db);
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      if (total > 0) log.info('Retention: removed expired records', removed);
    } catch (error) {
      log.error('Retention job failed', describeError(error));
    }
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, HOUR_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
