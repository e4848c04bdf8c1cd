// Publishes scheduled newsletters when their time comes: every 30 seconds in each server process.
// Several processes may run it at once: publishNewsletter's conditional claim lets exactly one of
// them send an issue. The timer never keeps the process alive on its own.
import type { Db } from '../../../db/client.ts';
import { sendDueNewsletters } from '../../features/newsletters/publishing.server.ts';
import { getAppSecret, publicBaseUrl } from '../astro/config.ts';
import { describeError, log } from '../astro/log.ts';

export const SCHEDULER_INTERVAL_MS = 30_000;

export function startNewsletterScheduler(db: Db): () => void {
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const sent = await sendDueNewsletters(db, { appSecret: getAppSecret(), baseUrl: publicBaseUrl() });
      if (sent > 0) log.info('Newsletter scheduler: published and emailed', { issues: sent });
    } catch (error) {
      log.error('Newsletter scheduler failed', describeError(error));
    } finally {
      running = false;
    }
  };
  const every = setInterval(run, SCHEDULER_INTERVAL_MS);
  every.unref();
  return () => clearInterval(every);
}
