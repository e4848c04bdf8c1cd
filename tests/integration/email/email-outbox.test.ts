// The outbox against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): enqueueing in
// the caller's transaction, validation, dedupe keys, the local mailbox, suppression, webhook events and
// the back-office functions.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, emailEvents, emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import {
  countFailedEmails,
  getMailboxMessage,
  liftSuppression,
  liftSuppressionBy,
  listDeadEmails,
  listMailbox,
  listSuppressions,
  retryDeadEmail,
  retryDeadEmailBy,
  viewMailbox,
  viewMailboxMessage,
  viewUndeliveredEmail,
} from '../../../src/features/email/back-office.server.ts';
import { isSuppressed, recordEmailEvent } from '../../../src/features/email/events.server.ts';
import {
  enqueueEmail,
  enqueueEmails,
  enqueueEmailToMany,
} from '../../../src/features/email/outbox.server.ts';
import { createOutboxWorker } from '../../../src/features/email/outbox-worker.ts';
import { openFromOutbox } from '../../../src/features/secrets/secrets.ts';
import { createLocalTransport } from '../../../src/server/node/email-transport.ts';
import { silentLogger } from '../../../src/server/node/logger.ts';
import { drain, message, statusCounts, virtualClock } from '../../helpers/email.ts';
import { actorOf, test } from '../../helpers/fixtures.ts';
import { createStaff, TEST_PLACEHOLDER, TEST_SECRET } from '../../helpers/staff.ts';

test.beforeEach(async ({ db }) => {
  await db.execute(sql`truncate email_events, email_suppressions, email_outbox`);
});

function localWorker(db: Db, { batchSize }: { batchSize?: number } = {}) {
  const clock = virtualClock();
  return {
    clock,
    worker: createOutboxWorker({
      db: db,
      appSecret: TEST_SECRET,
      transport: createLocalTransport(),
      logger: silentLogger,
      batchSize,
      ratePerSecond: 1000,
      now: clock.now,
      sleep: clock.sleep,
    }),
  };
}

describe('enqueueEmail', () => {
  test('writes the row in the caller’s transaction: a rollback leaves nothing to send', async ({ db }) => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, message());
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await statusCounts(db)).toEqual({});

    await db.transaction(async (tx) => {
      await enqueueEmail(tx, message());
    });
    expect(await statusCounts(db)).toEqual({ queued: 1 });
  });

  test('accepts the database handle itself as well as a transaction', async ({ db }) => {
    const { id, created } = await enqueueEmail(db, message());
    expect(created).toBe(true);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row?.status).toBe('queued');
    expect(row?.attempts).toBe(0);
    expect(row?.sendKey).toBeNull();
    expect(row && row.giveUpAt.getTime() - row.createdAt.getTime()).toBe(72 * 3600 * 1000);
  });

  test('inserts once per dedupe key and returns the id already queued', async ({ db }) => {
    const first = await enqueueEmail(db, message({ dedupeKey: 'newsletter-confirmation/42' }));
    const again = await enqueueEmail(db, message({ dedupeKey: 'newsletter-confirmation/42' }));
    expect(again).toEqual({ id: first.id, created: false });
    const many = await enqueueEmails(db, [
      message({ dedupeKey: 'newsletter-confirmation/42' }),
      message({ dedupeKey: 'newsletter-confirmation/43' }),
    ]);
    expect(many[0]).toEqual({ id: first.id, created: false });
    expect(many[1]?.created).toBe(true);
    expect(await statusCounts(db)).toEqual({ queued: 2 });
  });

  test('refuses header injection and anything outside the header allowlist, inserting nothing', async ({
    db,
  }) => {
    const bad = [
      message({ to: 'a@example.com\r\nBcc: victim@example.com' }),
      message({ to: 'a@example.com, b@example.com' }),
      message({ subject: 'Hello\nBcc: victim@example.com' }),
      message({ headers: { 'List-Unsubscribe': '<https://x.test/u>\r\nBcc: victim@example.com' } }),
      message({ headers: { Bcc: 'victim@example.com' } }),
      message({ headers: { 'List-Id\r\nBcc': 'x' } }),
    ];
    for (const m of bad) await expect(enqueueEmail(db, m)).rejects.toThrow();
    expect(await statusCounts(db)).toEqual({});
  });
});

describe('enqueueEmailToMany (one message to many: a newsletter issue)', () => {
  const content = () => {
    const { to: _to, ...rest } = message({
      html: `<p>Hello <a href="https://x.test/p/${TEST_PLACEHOLDER}">your link</a></p>`,
      text: `Hello https://x.test/p/${TEST_PLACEHOLDER}`,
      headers: { 'List-Unsubscribe': `<https://x.test/u/${TEST_PLACEHOLDER}>` },
      priority: 'bulk',
    });
    return rest;
  };
  const secret = (i: number) => `reader-secret-${i}-abcdefghijklmnop`;

  test('writes the rows enqueueEmails would, each with its own recipient, dedupe key and sealed secret', async ({
    db,
  }) => {
    const shared = content();
    const readers = Array.from({ length: 25 }, (_, i) => ({
      to: `reader${i}@example.com`,
      dedupeKey: `issue/7/${i}`,
      secret: secret(i),
    }));
    const many = await enqueueEmailToMany(db, shared, readers, { appSecret: TEST_SECRET });
    const one = await enqueueEmails(db, [{ ...shared, to: 'single@example.com', secret: secret(99) }], {
      appSecret: TEST_SECRET,
    });
    const rows = await db.select().from(emailOutbox);
    const single = rows.find((r) => r.id === one[0]?.id);
    const pick = (r: typeof single) =>
      r && {
        kind: r.kind,
        subject: r.subject,
        html: r.html,
        text: r.text,
        headers: r.headers,
        priority: r.priority,
      };
    expect(many.every((r) => r.created)).toBe(true);
    readers.forEach((reader, i) => {
      const row = rows.find((r) => r.id === many[i]?.id);
      expect(pick(row)).toEqual(pick(single));
      expect(row).toMatchObject({ recipient: reader.to, dedupeKey: reader.dedupeKey, status: 'queued' });
      expect(openFromOutbox(TEST_SECRET, row?.sealedSecret as string)).toBe(reader.secret);
      expect(row && row.giveUpAt.getTime() - row.createdAt.getTime()).toBe(72 * 3600 * 1000);
    });
    // Enqueued again: nothing new, the ids already queued come back in order.
    const again = await enqueueEmailToMany(db, shared, [...readers].reverse(), { appSecret: TEST_SECRET });
    expect(again).toEqual([...many].reverse().map((r) => ({ id: r.id, created: false })));
    expect(await statusCounts(db)).toEqual({ queued: 26 });
  });

  test('checks every recipient and secret, and inserts nothing when one is wrong', async ({ db }) => {
    const readers = Array.from({ length: 30 }, (_, i) => ({
      to: `reader${i}@example.com`,
      secret: secret(i),
    }));
    const bad: [string, typeof readers, ReturnType<typeof content>, string][] = [
      [
        'CR/LF in an address',
        readers.with(17, { to: 'x@example.com\r\nBcc: victim@example.com', secret: secret(17) }),
        content(),
        'email',
      ],
      [
        'two addresses',
        readers.with(29, { to: 'a@example.com, b@example.com', secret: secret(29) }),
        content(),
        'email',
      ],
      [
        'a secret in clear',
        readers.with(3, { to: 'y@example.com', secret: 'your link' }),
        content(),
        'placeholder',
      ],
      ['no placeholder', readers, { ...content(), text: 'No link here' }, 'shows it'],
      [
        'a header not allowed',
        readers,
        { ...content(), headers: { Bcc: 'victim@example.com' } },
        'not allowed',
      ],
      [
        'CR/LF in the subject',
        readers,
        { ...content(), subject: 'Hi\nBcc: victim@example.com' },
        'line breaks',
      ],
    ];
    for (const [what, recipients, shared, error] of bad) {
      await expect(
        enqueueEmailToMany(db, shared, recipients, { appSecret: TEST_SECRET }),
        what,
      ).rejects.toThrow(error);
    }
    await expect(enqueueEmailToMany(db, content(), readers)).rejects.toThrow('appSecret');
    expect(await statusCounts(db)).toEqual({});
  });
});

describe('the local mailbox (no RESEND_API_KEY)', () => {
  test('delivers through the same claim and lease path and lists the messages for staff', async ({ db }) => {
    const { worker, clock } = localWorker(db);
    const ids = (await enqueueEmails(db, [message(), message(), message({ subject: 'Third' })])).map(
      (r) => r.id,
    );
    await drain(db, [worker], clock);
    expect(await statusCounts(db)).toEqual({ sent: 3 });

    const { items, total } = await listMailbox(db, { size: 2 });
    expect(total).toBe(3);
    expect(items).toHaveLength(2);
    const third = await getMailboxMessage(db, ids[2] as string, TEST_SECRET);
    expect(third).toMatchObject({ subject: 'Third', text: expect.stringContaining('Test message') });
    expect(third?.html).toContain('<p>');
    expect(await getMailboxMessage(db, 'not-a-uuid', TEST_SECRET)).toBeNull();
    expect(await getMailboxMessage(db, crypto.randomUUID(), TEST_SECRET)).toBeNull();
    const [row] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, ids[0] as string));
    expect(row).toMatchObject({ provider: 'local', attempts: 1, leaseToken: null });
    expect(row?.providerMessageId).toMatch(/^local-/);
  });

  test('sends transactional mail before bulk mail queued earlier', async ({ db }) => {
    await enqueueEmails(db, [message({ priority: 'bulk' }), message({ priority: 'bulk' })]);
    const urgent = await enqueueEmail(db, message({ kind: 'concern-confirmation' }));
    const { worker } = localWorker(db, { batchSize: 1 });
    await worker.runOnce();
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, urgent.id));
    expect(row?.status).toBe('sent');
    expect(await statusCounts(db)).toEqual({ sent: 1, queued: 2 });
  });

  test('stops gracefully: an unsent claim goes back to the queue', async ({ db }) => {
    const { worker } = localWorker(db);
    await enqueueEmail(db, message());
    worker.start();
    await worker.stop();
    const counts = await statusCounts(db);
    expect(counts.sending ?? 0).toBe(0);
    expect((counts.sent ?? 0) + (counts.queued ?? 0)).toBe(1);
  });
});

describe('webhook events and suppression', () => {
  async function sentMessage(db: Db, to: string) {
    const { worker, clock } = localWorker(db);
    const { id } = await enqueueEmail(db, message({ to }));
    await drain(db, [worker], clock);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    return row as typeof emailOutbox.$inferSelect;
  }

  test('records each event once, marks the message and suppresses bounced addresses', async ({ db }) => {
    const row = await sentMessage(db, 'Bounce@Example.com');
    const event = {
      id: 'msg_bounce_1',
      type: 'email.bounced',
      providerMessageId: row.providerMessageId as string,
      recipients: ['Bounce@Example.com'],
      bounceType: 'Permanent',
      occurredAt: new Date(),
    };
    expect(await recordEmailEvent(db, event)).toBe('recorded');
    expect(await recordEmailEvent(db, event)).toBe('duplicate');
    expect(await db.select().from(emailEvents)).toHaveLength(1);
    const [after] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(after?.delivery).toBe('bounced');
    expect(await isSuppressed(db, 'bounce@example.com')).toBe(true);

    // A later message to the address is not sent.
    const { worker, clock } = localWorker(db);
    const { id } = await enqueueEmail(db, message({ to: 'bounce@EXAMPLE.com' }));
    await drain(db, [worker], clock);
    const [later] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(later?.status).toBe('suppressed');
    expect(await listMailbox(db)).toMatchObject({ total: 1 });
  });

  test('suppresses complaints, not transient bounces, and ignores other events', async ({ db }) => {
    const row = await sentMessage(db, 'someone@example.com');
    const base = { providerMessageId: row.providerMessageId as string, recipients: ['someone@example.com'] };
    expect(await recordEmailEvent(db, { ...base, id: 'e1', type: 'email.delivered' })).toBe('recorded');
    expect(
      await recordEmailEvent(db, { ...base, id: 'e2', type: 'email.bounced', bounceType: 'Transient' }),
    ).toBe('recorded');
    expect(await isSuppressed(db, 'someone@example.com')).toBe(false);
    expect(await recordEmailEvent(db, { ...base, id: 'e3', type: 'email.opened' })).toBe('ignored');
    expect(await recordEmailEvent(db, { ...base, id: 'e4', type: 'email.complained' })).toBe('recorded');
    expect(await isSuppressed(db, 'someone@example.com')).toBe(true);
    const [s] = await db.select().from(emailSuppressions);
    expect(s).toMatchObject({ address: 'someone@example.com', reason: 'complained', eventId: 'e4' });
  });

  test('lists suppressed addresses, restarts the period on a new bounce, and sends again once lifted', async ({
    db,
  }) => {
    const row = await sentMessage(db, 'again@example.com');
    const bounce = (id: string, occurredAt: Date) => ({
      id,
      type: 'email.bounced',
      providerMessageId: row.providerMessageId as string,
      recipients: ['again@example.com'],
      bounceType: 'Permanent',
      occurredAt,
    });
    const first = new Date('2026-01-10T09:00:00Z');
    const second = new Date('2026-06-10T09:00:00Z');
    expect(await recordEmailEvent(db, bounce('b1', first), { now: first })).toBe('recorded');
    expect(await recordEmailEvent(db, bounce('b2', second), { now: second })).toBe('recorded');
    expect(await listSuppressions(db)).toEqual({
      items: [{ address: 'again@example.com', reason: 'bounced', createdAt: second }],
      total: 1,
      page: 1,
      pages: 1,
    });

    expect(await liftSuppression(db, ' Again@Example.com ')).toMatchObject({
      address: 'again@example.com',
    });
    expect(await liftSuppression(db, 'again@example.com')).toBeNull();
    expect(await isSuppressed(db, 'again@example.com')).toBe(false);
    const { worker, clock } = localWorker(db);
    const { id } = await enqueueEmail(db, message({ to: 'again@example.com' }));
    await drain(db, [worker], clock);
    const [later] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(later?.status).toBe('sent');
  });

  test('records an event for a message it does not know without failing', async ({ db }) => {
    const result = await recordEmailEvent(db, {
      id: 'e-unknown',
      type: 'email.delivered',
      providerMessageId: 'not-ours',
      recipients: [],
    });
    expect(result).toBe('recorded');
  });
});

describe('back-office functions', () => {
  test('lists dead messages, counts failures, and retries a dead message as a new row', async ({ db }) => {
    const { id } = await enqueueEmail(db, message({ dedupeKey: 'k-1' }));
    await db
      .update(emailOutbox)
      .set({ status: 'dead', attempts: 9, sendKey: id, lastError: 'Resend 500' })
      .where(eq(emailOutbox.id, id));
    await enqueueEmail(db, message());
    expect(await countFailedEmails(db)).toEqual({ failed: 0, dead: 1 });
    const dead = await listDeadEmails(db);
    expect(dead.total).toBe(1);
    expect(dead.items[0]).toMatchObject({ id, attempts: 9, lastError: 'Resend 500' });

    const retried = await db.transaction((tx) => retryDeadEmail(tx, id));
    expect(retried?.id).toBeDefined();
    expect(retried?.id).not.toBe(id);
    expect(await retryDeadEmail(db, id)).toBeNull();
    expect(await retryDeadEmail(db, 'nonsense')).toBeNull();
    expect(await countFailedEmails(db)).toEqual({ failed: 0, dead: 0 });
    const [row] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, retried?.id as string));
    expect(row).toMatchObject({ status: 'queued', attempts: 0, sendKey: null, dedupeKey: 'k-1' });
  });

  test('retries a dead message with the link it carries, still sealed', async ({ db }) => {
    const secret = 'abcdefghijklmnopqrstuvwxyz234567';
    const { id } = await enqueueEmail(
      db,
      message({
        html: `<a href="https://x.test/p/${TEST_PLACEHOLDER}">link</a>`,
        text: `https://x.test/p/${TEST_PLACEHOLDER}`,
        headers: { 'List-Unsubscribe': `<https://x.test/u/${TEST_PLACEHOLDER}>` },
        secret,
      }),
      { appSecret: TEST_SECRET },
    );
    await db
      .update(emailOutbox)
      .set({ status: 'dead', attempts: 9, sendKey: id, lastError: 'Resend 500' })
      .where(eq(emailOutbox.id, id));
    const retried = await retryDeadEmail(db, id);
    const [row] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, retried?.id as string));
    expect(row?.text).not.toContain(secret);
    expect(openFromOutbox(TEST_SECRET, row?.sealedSecret as string)).toBe(secret);
    const { worker, clock } = localWorker(db);
    await drain(db, [worker], clock);
    const shown = await getMailboxMessage(db, row?.id as string, TEST_SECRET);
    expect(shown?.text).toBe(`https://x.test/p/${secret}`);
    // The local mailbox shows the headers as sent, too (security review 2, item 11).
    expect(shown?.headers['List-Unsubscribe']).toBe(`<https://x.test/u/${secret}>`);
  });

  test('enforces the lifecycle in the database itself', async ({ db }) => {
    const { id } = await enqueueEmail(db, message());
    await expect(
      db.execute(sql`update email_outbox set status = 'sending' where id = ${id}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`update email_outbox set status = 'lost' where id = ${id}`)).rejects.toThrow();
    await expect(db.execute(sql`update email_outbox set status = 'sent' where id = ${id}`)).rejects.toThrow();
  });
});

describe('what staff see and do, audited in the same transaction', () => {
  const auditedBy = async (db: Db, actorId: string) =>
    // Only the email rows: setting up the staff member audited their own sign-up too.
    (await db.select().from(auditLog).where(eq(auditLog.actorId, actorId)).orderBy(auditLog.id))
      .filter((r) => r.action.startsWith('email.'))
      .map((r) => ({
        action: r.action,
        recordType: r.recordType,
        recordId: r.recordId,
        client: r.client,
      }));

  test('records each view that shows an address, and none that shows nothing', async ({ db }) => {
    const admin = await createStaff(db, 'admin');
    const actor = actorOf(admin, '192.0.2.7');
    expect((await viewMailbox(db, actor, 1)).items).toEqual([]);
    expect(await viewUndeliveredEmail(db, actor)).toMatchObject({ dead: { total: 0 } });
    expect(await viewMailboxMessage(db, actor, 'nonsense', TEST_SECRET)).toBeNull();
    expect(await auditedBy(db, admin.id)).toEqual([]);

    const { worker, clock } = localWorker(db);
    const { id } = await enqueueEmail(db, message({ to: 'resident@example.com' }));
    await drain(db, [worker], clock);
    expect((await viewMailbox(db, actor, 1)).items.map((m) => m.recipient)).toEqual(['resident@example.com']);
    expect((await viewMailboxMessage(db, actor, id, TEST_SECRET))?.recipient).toBe('resident@example.com');
    expect(await auditedBy(db, admin.id)).toEqual([
      { action: 'email.view_list', recordType: 'email_list', recordId: 'mailbox', client: '192.0.2.7' },
      { action: 'email.view', recordType: 'email', recordId: id, client: '192.0.2.7' },
    ]);
  });

  test('retries and lifts with an audit row, and records nothing when there was nothing to do', async ({
    db,
  }) => {
    const admin = await createStaff(db, 'admin');
    const actor = actorOf(admin);
    const { id } = await enqueueEmail(db, message());
    await db.update(emailOutbox).set({ status: 'dead' }).where(eq(emailOutbox.id, id));
    await db.insert(emailSuppressions).values({ address: 'gone@example.com', reason: 'bounced' });
    expect((await viewUndeliveredEmail(db, actor)).suppressed.total).toBe(1);

    const again = await retryDeadEmailBy(db, actor, id);
    expect(again?.id).toBeDefined();
    expect(await retryDeadEmailBy(db, actor, id)).toBeNull();
    expect(await liftSuppressionBy(db, actor, 'gone@example.com')).toMatchObject({ reason: 'bounced' });
    expect(await liftSuppressionBy(db, actor, 'gone@example.com')).toBeNull();
    expect((await auditedBy(db, admin.id)).map((r) => `${r.action} ${r.recordId}`)).toEqual([
      'email.view_list undelivered',
      `email.retry ${id}`,
      'email.unsuppress gone@example.com',
    ]);
  });
});
