// The outbox's doorbell: a trigger notifies `cn_outbox` when messages are queued (at commit, once
// per transaction, never on rollback), and an idle worker listening for it sends at once instead of
// waiting for its next look. On PGlite and on PostgreSQL (TEST_DATABASE_URL).
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { emailOutbox } from '../../../db/schema/index.ts';
import { enqueueEmail, OUTBOX_CHANNEL } from '../../../src/features/email/outbox.server.ts';
import { createOutboxWorker, listenForQueuedEmail } from '../../../src/features/email/outbox-worker.ts';
import { createLocalTransport } from '../../../src/server/node/email-transport.ts';
import { silentLogger } from '../../../src/server/node/logger.ts';
import { message, statusCounts } from '../../helpers/email.ts';
import { test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

/** Resolves once `read()` has been stable for a moment: notifications arrive just after commit. */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  while (read() !== last) {
    last = read();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return last;
}

describe('the outbox doorbell', () => {
  test('rings once per committed transaction that queues messages, and never for a rolled-back one', async ({
    testDb,
    db,
  }) => {
    let rings = 0;
    const stop = await testDb.listen(
      OUTBOX_CHANNEL,
      () => {
        rings += 1;
      },
      () => {},
    );
    try {
      await db.transaction(async (tx) => {
        await enqueueEmail(tx, message());
        await enqueueEmail(tx, message());
      });
      expect(await settled(() => rings)).toBe(1);

      await db
        .transaction(async (tx) => {
          await enqueueEmail(tx, message());
          throw new Error('refused');
        })
        .catch(() => undefined);
      expect(await settled(() => rings)).toBe(1);

      // A message put back in the queue (the back office's "retry") rings too; other updates do not.
      const { id } = await enqueueEmail(db, message());
      expect(await settled(() => rings)).toBe(2);
      await db.update(emailOutbox).set({ status: 'dead', lastError: 'test' }).where(eq(emailOutbox.id, id));
      expect(await settled(() => rings)).toBe(2);
      await db.update(emailOutbox).set({ status: 'queued' }).where(eq(emailOutbox.id, id));
      expect(await settled(() => rings)).toBe(3);
    } finally {
      await stop();
    }
  });

  test('wakes an idle worker: a message queued while it sleeps is sent long before its next look', async ({
    db,
    testDb,
  }) => {
    await db.execute(sql`delete from email_outbox`);
    let sent = 0;
    const local = createLocalTransport();
    const worker = createOutboxWorker({
      db: db,
      appSecret: TEST_SECRET,
      transport: {
        ...local,
        send: async (messages, options) => {
          sent += messages.length;
          return local.send(messages, options);
        },
      },
      logger: silentLogger,
      ratePerSecond: 1000,
      doorbell: await listenForQueuedEmail(testDb, silentLogger),
      // Without a ring it would not look again for ten minutes: far beyond this test's timeout.
      pollIntervalMs: 600_000,
      idleMaxMs: 600_000,
    });
    worker.start();
    try {
      // Let it find nothing and go to sleep.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sent).toBe(0);
      await enqueueEmail(db, message());
      await expect.poll(() => sent, { timeout: 5_000, interval: 20 }).toBe(1);
      await expect.poll(async () => (await statusCounts(db)).sent, { timeout: 5_000 }).toBe(1);
    } finally {
      await worker.stop();
    }
  });
});
