// The outbox against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): enqueueing in
// the caller's transaction, validation, dedupe keys, the local mailbox, suppression, webhook events and
// the back-office functions.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { createStaff, TEST_PLACEHOLDER, TEST_SECRET } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});
beforeEach(async () => {
  await t.db.execute(sql`truncate email_events, email_suppressions, email_outbox`);
});

function localWorker({ batchSize }: { batchSize?: number } = {}) {
  const clock = virtualClock();
  return {
    clock,
    worker: createOutboxWorker({
      db: t.db,
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
  it('writes the row in the caller’s transaction: a rollback leaves nothing to send', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueEmail(tx, message());
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await statusCounts(t.db)).toEqual({});

    await t.db.transaction(async (tx) => {
      await enqueueEmail(tx, message());
    });
    expect(await statusCounts(t.db)).toEqual({ queued: 1 });
  });

  it('accepts the database handle itself as well as a transaction', async () => {
    const { id, created } = await enqueueEmail(t.db, message());
    expect(created).toBe(true);
    const [row] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row?.status).toBe('queued');
    expect(row?.attempts).toBe(0);
    expect(row?.sendKey).toBeNull();
    expect(row && row.giveUpAt.getTime() - row.createdAt.getTime()).toBe(72 * 3600 * 1000);
  });

  it('inserts once per dedupe key and returns the id already queued', async () => {
    const first = await enqueueEmail(t.db, message({ dedupeKey: 'newsletter-confirmation/42' }));
    const again = await enqueueEmail(t.db, message({ dedupeKey: 'newsletter-confirmation/42' }));
    expect(again).toEqual({ id: first.id, created: false });
    const many = await enqueueEmails(t.db, [
      message({ dedupeKey: 'newsletter-confirmation/42' }),
      message({ dedupeKey: 'newsletter-confirmation/43' }),
    ]);
    expect(many[0]).toEqual({ id: first.id, created: false });
    expect(many[1]?.created).toBe(true);
    expect(await statusCounts(t.db)).toEqual({ queued: 2 });
  });

  it('refuses header injection and anything outside the header allowlist, inserting nothing', async () => {
    const bad = [
      message({ to: 'a@example.com\r\nBcc: victim@example.com' }),
      message({ to: 'a@example.com, b@example.com' }),
      message({ subject: 'Hello\nBcc: victim@example.com' }),
      message({ headers: { 'List-Unsubscribe': '<https://x.test/u>\r\nBcc: victim@example.com' } }),
      message({ headers: { Bcc: 'victim@example.com' } }),
      message({ headers: { 'List-Id\r\nBcc': 'x' } }),
    ];
    for (const m of bad) await expect(enqueueEmail(t.db, m)).rejects.toThrow();
    expect(await statusCounts(t.db)).toEqual({});
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

  it('writes the rows enqueueEmails would, each with its own recipient, dedupe key and sealed secret', async () => {
    const shared = content();
    const readers = Array.from({ length: 25 }, (_, i) => ({
      to: `reader${i}@example.com`,
      dedupeKey: `issue/7/${i}`,
      secret: secret(i),
    }));
    const many = await enqueueEmailToMany(t.db, shared, readers, { appSecret: TEST_SECRET });
    const one = await enqueueEmails(t.db, [{ ...shared, to: 'single@example.com', secret: secret(99) }], {
      appSecret: TEST_SECRET,
    });
    const rows = await t.db.select().from(emailOutbox);
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
    const again = await enqueueEmailToMany(t.db, shared, [...readers].reverse(), { appSecret: TEST_SECRET });
    expect(again).toEqual([...many].reverse().map((r) => ({ id: r.id, created: false })));
    expect(await statusCounts(t.db)).toEqual({ queued: 26 });
  });

  it('checks every recipient and secret, and inserts nothing when one is wrong', async () => {
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
        enqueueEmailToMany(t.db, shared, recipients, { appSecret: TEST_SECRET }),
        what,
      ).rejects.toThrow(error);
    }
    await expect(enqueueEmailToMany(t.db, content(), readers)).rejects.toThrow('appSecret');
    expect(await statusCounts(t.db)).toEqual({});
  });
});

describe('the local mailbox (no RESEND_API_KEY)', () => {
  it('delivers through the same claim and lease path and lists the messages for staff', async () => {
    const { worker, clock } = localWorker();
    const ids = (await enqueueEmails(t.db, [message(), message(), message({ subject: 'Third' })])).map(
      (r) => r.id,
    );
    await drain(t.db, [worker], clock);
    expect(await statusCounts(t.db)).toEqual({ sent: 3 });

    const { items, total } = await listMailbox(t.db, { size: 2 });
    expect(total).toBe(3);
    expect(items).toHaveLength(2);
    const third = await getMailboxMessage(t.db, ids[2] as string, TEST_SECRET);
    expect(third).toMatchObject({ subject: 'Third', text: expect.stringContaining('Test message') });
    expect(third?.html).toContain('<p>');
    expect(await getMailboxMessage(t.db, 'not-a-uuid', TEST_SECRET)).toBeNull();
    expect(await getMailboxMessage(t.db, crypto.randomUUID(), TEST_SECRET)).toBeNull();
    const [row] = await t.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, ids[0] as string));
    expect(row).toMatchObject({ provider: 'local', attempts: 1, leaseToken: null });
    expect(row?.providerMessageId).toMatch(/^local-/);
  });

  it('sends transactional mail before bulk mail queued earlier', async () => {
    await enqueueEmails(t.db, [message({ priority: 'bulk' }), message({ priority: 'bulk' })]);
    const urgent = await enqueueEmail(t.db, message({ kind: 'concern-confirmation' }));
    const { worker } = localWorker({ batchSize: 1 });
    await worker.runOnce();
    const [row] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, urgent.id));
    expect(row?.status).toBe('sent');
    expect(await statusCounts(t.db)).toEqual({ sent: 1, queued: 2 });
  });

  it('stops gracefully: an unsent claim goes back to the queue', async () => {
    const { worker } = localWorker();
    await enqueueEmail(t.db, message());
    worker.start();
    await worker.stop();
    const counts = await statusCounts(t.db);
    expect(counts.sending ?? 0).toBe(0);
    expect((counts.sent ?? 0) + (counts.queued ?? 0)).toBe(1);
  });
});

describe('webhook events and suppression', () => {
  async function sentMessage(to: string) {
    const { worker, clock } = localWorker();
    const { id } = await enqueueEmail(t.db, message({ to }));
    await drain(t.db, [worker], clock);
    const [row] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    return row as typeof emailOutbox.$inferSelect;
  }

  it('records each event once, marks the message and suppresses bounced addresses', async () => {
    const row = await sentMessage('Bounce@Example.com');
    const event = {
      id: 'msg_bounce_1',
      type: 'email.bounced',
      providerMessageId: row.providerMessageId as string,
      recipients: ['Bounce@Example.com'],
      bounceType: 'Permanent',
      occurredAt: new Date(),
    };
    expect(await recordEmailEvent(t.db, event)).toBe('recorded');
    expect(await recordEmailEvent(t.db, event)).toBe('duplicate');
    expect(await t.db.select().from(emailEvents)).toHaveLength(1);
    const [after] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(after?.delivery).toBe('bounced');
    expect(await isSuppressed(t.db, 'bounce@example.com')).toBe(true);

    // A later message to the address is not sent.
    const { worker, clock } = localWorker();
    const { id } = await enqueueEmail(t.db, message({ to: 'bounce@EXAMPLE.com' }));
    await drain(t.db, [worker], clock);
    const [later] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(later?.status).toBe('suppressed');
    expect(await listMailbox(t.db)).toMatchObject({ total: 1 });
  });

  it('suppresses complaints, not transient bounces, and ignores other events', async () => {
    const row = await sentMessage('someone@example.com');
    const base = { providerMessageId: row.providerMessageId as string, recipients: ['someone@example.com'] };
    expect(await recordEmailEvent(t.db, { ...base, id: 'e1', type: 'email.delivered' })).toBe('recorded');
    expect(
      await recordEmailEvent(t.db, { ...base, id: 'e2', type: 'email.bounced', bounceType: 'Transient' }),
    ).toBe('recorded');
    expect(await isSuppressed(t.db, 'someone@example.com')).toBe(false);
    expect(await recordEmailEvent(t.db, { ...base, id: 'e3', type: 'email.opened' })).toBe('ignored');
    expect(await recordEmailEvent(t.db, { ...base, id: 'e4', type: 'email.complained' })).toBe('recorded');
    expect(await isSuppressed(t.db, 'someone@example.com')).toBe(true);
    const [s] = await t.db.select().from(emailSuppressions);
    expect(s).toMatchObject({ address: 'someone@example.com', reason: 'complained', eventId: 'e4' });
  });

  it('lists suppressed addresses, restarts the period on a new bounce, and sends again once lifted', async () => {
    const row = await sentMessage('again@example.com');
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
    expect(await recordEmailEvent(t.db, bounce('b1', first), { now: first })).toBe('recorded');
    expect(await recordEmailEvent(t.db, bounce('b2', second), { now: second })).toBe('recorded');
    expect(await listSuppressions(t.db)).toEqual({
      items: [{ address: 'again@example.com', reason: 'bounced', createdAt: second }],
      total: 1,
      page: 1,
      pages: 1,
    });

    expect(await liftSuppression(t.db, ' Again@Example.com ')).toMatchObject({
      address: 'again@example.com',
    });
    expect(await liftSuppression(t.db, 'again@example.com')).toBeNull();
    expect(await isSuppressed(t.db, 'again@example.com')).toBe(false);
    const { worker, clock } = localWorker();
    const { id } = await enqueueEmail(t.db, message({ to: 'again@example.com' }));
    await drain(t.db, [worker], clock);
    const [later] = await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(later?.status).toBe('sent');
  });

  it('records an event for a message it does not know without failing', async () => {
    const result = await recordEmailEvent(t.db, {
      id: 'e-unknown',
      type: 'email.delivered',
      providerMessageId: 'not-ours',
      recipients: [],
    });
    expect(result).toBe('recorded');
  });
});

describe('back-office functions', () => {
  it('lists dead messages, counts failures, and retries a dead message as a new row', async () => {
    const { id } = await enqueueEmail(t.db, message({ dedupeKey: 'k-1' }));
    await t.db
      .update(emailOutbox)
      .set({ status: 'dead', attempts: 9, sendKey: id, lastError: 'Resend 500' })
      .where(eq(emailOutbox.id, id));
    await enqueueEmail(t.db, message());
    expect(await countFailedEmails(t.db)).toEqual({ failed: 0, dead: 1 });
    const dead = await listDeadEmails(t.db);
    expect(dead.total).toBe(1);
    expect(dead.items[0]).toMatchObject({ id, attempts: 9, lastError: 'Resend 500' });

    const retried = await t.db.transaction((tx) => retryDeadEmail(tx, id));
    expect(retried?.id).toBeDefined();
    expect(retried?.id).not.toBe(id);
    expect(await retryDeadEmail(t.db, id)).toBeNull();
    expect(await retryDeadEmail(t.db, 'nonsense')).toBeNull();
    expect(await countFailedEmails(t.db)).toEqual({ failed: 0, dead: 0 });
    const [row] = await t.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, retried?.id as string));
    expect(row).toMatchObject({ status: 'queued', attempts: 0, sendKey: null, dedupeKey: 'k-1' });
  });

  it('retries a dead message with the link it carries, still sealed', async () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz234567';
    const { id } = await enqueueEmail(
      t.db,
      message({
        html: `<a href="https://x.test/p/${TEST_PLACEHOLDER}">link</a>`,
        text: `https://x.test/p/${TEST_PLACEHOLDER}`,
        headers: { 'List-Unsubscribe': `<https://x.test/u/${TEST_PLACEHOLDER}>` },
        secret,
      }),
      { appSecret: TEST_SECRET },
    );
    await t.db
      .update(emailOutbox)
      .set({ status: 'dead', attempts: 9, sendKey: id, lastError: 'Resend 500' })
      .where(eq(emailOutbox.id, id));
    const retried = await retryDeadEmail(t.db, id);
    const [row] = await t.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, retried?.id as string));
    expect(row?.text).not.toContain(secret);
    expect(openFromOutbox(TEST_SECRET, row?.sealedSecret as string)).toBe(secret);
    const { worker, clock } = localWorker();
    await drain(t.db, [worker], clock);
    const shown = await getMailboxMessage(t.db, row?.id as string, TEST_SECRET);
    expect(shown?.text).toBe(`https://x.test/p/${secret}`);
    // The local mailbox shows the headers as sent, too (security review 2, item 11).
    expect(shown?.headers['List-Unsubscribe']).toBe(`<https://x.test/u/${secret}>`);
  });

  it('enforces the lifecycle in the database itself', async () => {
    const { id } = await enqueueEmail(t.db, message());
    await expect(
      t.db.execute(sql`update email_outbox set status = 'sending' where id = ${id}`),
    ).rejects.toThrow();
    await expect(
      t.db.execute(sql`update email_outbox set status = 'lost' where id = ${id}`),
    ).rejects.toThrow();
    await expect(
      t.db.execute(sql`update email_outbox set status = 'sent' where id = ${id}`),
    ).rejects.toThrow();
  });
});

describe('what staff see and do, audited in the same transaction', () => {
  const auditedBy = async (actorId: string) =>
    // Only the email rows: setting up the staff member audited their own sign-up too.
    (await t.db.select().from(auditLog).where(eq(auditLog.actorId, actorId)).orderBy(auditLog.id))
      .filter((r) => r.action.startsWith('email.'))
      .map((r) => ({
        action: r.action,
        recordType: r.recordType,
        recordId: r.recordId,
        client: r.client,
      }));

  it('records each view that shows an address, and none that shows nothing', async () => {
    const admin = await createStaff(t.db, 'admin');
    const actor = { id: admin.id, email: admin.email, client: '192.0.2.7' };
    expect((await viewMailbox(t.db, actor, 1)).items).toEqual([]);
    expect(await viewUndeliveredEmail(t.db, actor)).toMatchObject({ dead: { total: 0 } });
    expect(await viewMailboxMessage(t.db, actor, 'nonsense', TEST_SECRET)).toBeNull();
    expect(await auditedBy(admin.id)).toEqual([]);

    const { worker, clock } = localWorker();
    const { id } = await enqueueEmail(t.db, message({ to: 'resident@example.com' }));
    await drain(t.db, [worker], clock);
    expect((await viewMailbox(t.db, actor, 1)).items.map((m) => m.recipient)).toEqual([
      'resident@example.com',
    ]);
    expect((await viewMailboxMessage(t.db, actor, id, TEST_SECRET))?.recipient).toBe('resident@example.com');
    expect(await auditedBy(admin.id)).toEqual([
      { action: 'email.view_list', recordType: 'email_list', recordId: 'mailbox', client: '192.0.2.7' },
      { action: 'email.view', recordType: 'email', recordId: id, client: '192.0.2.7' },
    ]);
  });

  it('retries and lifts with an audit row, and records nothing when there was nothing to do', async () => {
    const admin = await createStaff(t.db, 'admin');
    const actor = { id: admin.id, email: admin.email };
    const { id } = await enqueueEmail(t.db, message());
    await t.db.update(emailOutbox).set({ status: 'dead' }).where(eq(emailOutbox.id, id));
    await t.db.insert(emailSuppressions).values({ address: 'gone@example.com', reason: 'bounced' });
    expect((await viewUndeliveredEmail(t.db, actor)).suppressed.total).toBe(1);

    const again = await retryDeadEmailBy(t.db, actor, id);
    expect(again?.id).toBeDefined();
    expect(await retryDeadEmailBy(t.db, actor, id)).toBeNull();
    expect(await liftSuppressionBy(t.db, actor, 'gone@example.com')).toMatchObject({ reason: 'bounced' });
    expect(await liftSuppressionBy(t.db, actor, 'gone@example.com')).toBeNull();
    expect((await auditedBy(admin.id)).map((r) => `${r.action} ${r.recordId}`)).toEqual([
      'email.view_list undelivered',
      `email.retry ${id}`,
      'email.unsuppress gone@example.com',
    ]);
  });
});
