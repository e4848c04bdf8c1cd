// Issue 7 §2: a secret sent by email never rests in the database. After an invitation and after a
// password reset — before the worker sends, after it sends to the local mailbox or to Resend, and
// after a retry — every text, json and bytea column of every table is searched for the link's token
// in its raw, hex, base64, base64url and URL-encoded forms, and for its old unkeyed SHA-256. None is
// found. Meanwhile the link works, the local mailbox shows it, and Resend receives it, byte for byte
// the same on a retry with the same idempotency key.
import { createHash } from 'node:crypto';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect } from 'vitest';
import { type Db, rowsOf } from '../../../db/client.ts';
import { emailOutbox } from '../../../db/schema/index.ts';
import { sendRequestedLinkEmail } from '../../../src/features/auth/auth-mail.server.ts';
import { inviteStaffMember } from '../../../src/features/auth/invitations.server.ts';
import { findValidToken, requestPasswordReset } from '../../../src/features/auth/one-time-links.server.ts';
import { getMailboxMessage } from '../../../src/features/email/back-office.server.ts';
import { enqueueEmail } from '../../../src/features/email/outbox.server.ts';
import { createOutboxWorker } from '../../../src/features/email/outbox-worker.ts';
import { openFromOutbox, secretPlaceholder } from '../../../src/features/secrets/secrets.ts';
import {
  createLocalTransport,
  createResendTransport,
  type EmailTransport,
} from '../../../src/server/node/email-transport.ts';
import { silentLogger } from '../../../src/server/node/logger.ts';
import { drain, message, virtualClock } from '../../helpers/email.ts';
import { type FakeResend, startFakeResend } from '../../helpers/fake-resend.ts';
import { createStaff, TEST_MAIL, TEST_PLACEHOLDER, TEST_SECRET } from '../../helpers/staff.ts';

const OTHER_SECRET = new Uint8Array(32).fill(1);

import { test } from '../../helpers/fixtures.ts';

let fake: FakeResend | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Every form of the token someone might find useful, lower-cased (the search ignores case). */
function formsOf(token: string): string[] {
  const utf8 = Buffer.from(token, 'utf8');
  const raw = Buffer.from(decodeBase32IgnorePadding(token.toUpperCase()));
  const unpadded = (b64: string) => b64.replace(/=+$/, '');
  return [
    token,
    encodeURIComponent(token),
    utf8.toString('hex'),
    unpadded(utf8.toString('base64')),
    utf8.toString('base64url'),
    raw.toString('hex'),
    unpadded(raw.toString('base64')),
    raw.toString('base64url'),
    createHash('sha256').update(token).digest('hex'),
  ].map((f) => f.toLowerCase());
}

const SEARCHED_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY'];

/** Where in the database any form of the token appears: "table.column" for each hit. */
async function findToken(db: Db, token: string): Promise<string[]> {
  const columns = rowsOf<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name, c.column_name`),
  ).filter((c) => SEARCHED_TYPES.includes(c.data_type));
  // The scan must cover the tables a link could end up in, or it proves nothing.
  const names = columns.map((c) => `${c.table_name}.${c.column_name}`);
  expect(names).toEqual(
    expect.arrayContaining([
      'email_outbox.html',
      'email_outbox.text',
      'email_outbox.headers',
      'email_outbox.sealed_secret',
      'one_time_secrets.hash',
      'audit_log.details',
      'rate_limits.key',
    ]),
  );
  const forms = formsOf(token);
  const raw = Buffer.from(decodeBase32IgnorePadding(token.toUpperCase())).toString('hex');
  const hits: string[] = [];
  for (const c of columns) {
    const column = sql.identifier(c.column_name);
    const asText = sql.join(
      forms.map((f) => sql`position(${f} in lower(${column}::text)) > 0`),
      sql` or `,
    );
    const bytes =
      c.data_type === 'bytea'
        ? sql` or position(decode(${raw}, 'hex') in ${column}) > 0 or position(convert_to(${token}, 'UTF8') in ${column}) > 0`
        : sql``;
    const [found] = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${asText}${bytes}`,
      ),
    );
    if (Number(found?.n) > 0) hits.push(`${c.table_name}.${c.column_name}`);
  }
  return hits;
}

async function outboxRow(db: Db, kind: string) {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.kind, kind));
  if (!row) throw new Error(`no ${kind} message queued`);
  return row;
}

function worker(db: Db, transport: EmailTransport, clock = virtualClock(), requestTimeoutMs = 5_000) {
  return {
    clock,
    worker: createOutboxWorker({
      db: db,
      appSecret: TEST_SECRET,
      transport,
      logger: silentLogger,
      ratePerSecond: 1000,
      now: clock.now,
      sleep: clock.sleep,
      requestTimeoutMs,
    }),
  };
}

describe('an invitation link', () => {
  test('is nowhere in the database before or after it is sent, and the local mailbox shows it working', async ({
    db,
  }) => {
    await db.execute(sql`truncate email_events, email_outbox`);
    const admin = await createStaff(db, 'admin');
    const { staffId } = await inviteStaffMember(
      db,
      { email: 'new.officer@example.org', name: 'New Officer', role: 'liaison_officer', wards: [] },
      { id: admin.id, email: admin.email, name: 'Ada Admin' },
      { ...TEST_MAIL },
    );
    const row = await outboxRow(db, 'staff-invite');
    // The worker's view: the sealed reference opens to the token, which is a live link.
    const token = openFromOutbox(TEST_SECRET, row.sealedSecret as string);
    expect((await findValidToken(db, TEST_SECRET, token, 'invite'))?.user.id).toBe(staffId);

    expect(await findToken(db, token)).toEqual([]);

    const { worker: w, clock } = worker(db, createLocalTransport());
    await drain(db, [w], clock);
    expect((await outboxRow(db, 'staff-invite')).status).toBe('sent');
    expect(await findToken(db, token)).toEqual([]);

    const shown = await getMailboxMessage(db, row.id, TEST_SECRET);
    expect(shown?.text).toContain(`/staff/setup/${token}`);
    expect(shown?.html).toContain(`/staff/setup/${token}`);
  });
});

describe('a password reset link', () => {
  test('is nowhere in the database before or after Resend accepts it, and Resend gets the real link', async ({
    db,
  }) => {
    await db.execute(sql`truncate email_events, email_outbox`);
    const member = await createStaff(db, 'liaison_officer');
    const link = await requestPasswordReset(
      db,
      member.email,
      { ...TEST_MAIL, client: '192.0.2.50' },
      (tx, l) => sendRequestedLinkEmail(tx, l, TEST_MAIL),
    );
    if (!link) throw new Error('no reset link');
    expect(link.kind).toBe('password_reset');
    expect(await findToken(db, link.token)).toEqual([]);

    const clock = virtualClock();
    fake = await startFakeResend({ now: clock.ms });
    // The provider takes the request but the answer is lost: the retry must be the same bytes, or the
    // fake (like Resend) answers 409 for a reused idempotency key.
    fake.mode = 'accept-then-hang';
    const transport = createResendTransport({
      apiKey: 're_test_key',
      baseUrl: fake.url,
      from: 'Test <t@example.com>',
    });
    const first = worker(db, transport, clock, 300);
    expect(await first.worker.runOnce()).toBe(1);
    expect((await outboxRow(db, 'staff-password-reset')).status).toBe('failed');
    expect(await findToken(db, link.token)).toEqual([]);
    fake.mode = 'ok';
    await drain(db, [worker(db, transport, clock).worker], clock);

    const sent = await outboxRow(db, 'staff-password-reset');
    expect(sent.status).toBe('sent');
    expect(sent.sealedSecret).toBeNull();
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([sent.id, sent.id]);
    expect(fake.requests[1]?.status).toBe(200);
    expect(fake.deliveries).toHaveLength(1);
    expect(fake.deliveries[0]?.text).toContain(`/staff/reset-password/${link.token}`);
    expect(fake.deliveries[0]?.html).toContain(`/staff/reset-password/${link.token}`);
    expect(await findToken(db, link.token)).toEqual([]);
  });
});

describe('a message whose link cannot be opened', () => {
  test('is given up on its own (APP_SECRET changed), and the rest of its group is sent', async ({ db }) => {
    await db.execute(sql`truncate email_events, email_outbox`);
    const sealed = await enqueueEmail(
      db,
      message({
        html: `<p>${secretPlaceholder(OTHER_SECRET)}</p>`,
        text: secretPlaceholder(OTHER_SECRET),
        secret: 'abcdefghijklmnopqrstuvwxyz234567',
      }),
      { appSecret: OTHER_SECRET },
    );
    const plain = await enqueueEmail(db, message());
    const { worker: w, clock } = worker(db, createLocalTransport());
    await drain(db, [w], clock);
    const rows = await db.select().from(emailOutbox);
    expect(rows.find((r) => r.id === sealed.id)).toMatchObject({ status: 'dead' });
    expect(rows.find((r) => r.id === sealed.id)?.lastError).toContain('could not be opened');
    expect(rows.find((r) => r.id === plain.id)).toMatchObject({ status: 'sent' });
  });

  test('is refused at enqueue when the body holds the secret itself or no placeholder', async ({ db }) => {
    const secret = 'abcdefghijklmnopqrstuvwxyz234567';
    await expect(
      enqueueEmail(
        db,
        message({ html: `<p>${TEST_PLACEHOLDER}</p>`, text: `${TEST_PLACEHOLDER} ${secret}`, secret }),
        {
          appSecret: TEST_SECRET,
        },
      ),
    ).rejects.toThrow('placeholder');
    await expect(enqueueEmail(db, message({ secret }), { appSecret: TEST_SECRET })).rejects.toThrow(
      'shows it',
    );
    await expect(
      enqueueEmail(db, message({ html: TEST_PLACEHOLDER, text: TEST_PLACEHOLDER, secret })),
    ).rejects.toThrow('appSecret');
  });
});

describe('the search', () => {
  test('finds a token wherever it is written, so the tests above can fail', async ({ db }) => {
    const token = 'abcdefghijklmnopqrstuvwxyz234567';
    const hex = Buffer.from(token).toString('hex');
    await db.execute(sql`create table scan_probe (t text, j jsonb, b bytea)`);
    try {
      expect(await findToken(db, token)).toEqual([]);
      await db.execute(sql`insert into scan_probe (t) values (${`https://x/setup/${token.toUpperCase()}`})`);
      expect(await findToken(db, token)).toEqual(['scan_probe.t']);
      await db.execute(sql`delete from scan_probe`);
      await db.execute(
        sql`insert into scan_probe (j) values (${JSON.stringify({ k: Buffer.from(token).toString('base64') })}::jsonb)`,
      );
      expect(await findToken(db, token)).toEqual(['scan_probe.j']);
      await db.execute(sql`delete from scan_probe`);
      await db.execute(sql`insert into scan_probe (b) values (decode(${hex}, 'hex'))`);
      expect(await findToken(db, token)).toEqual(['scan_probe.b']);
      await db.execute(sql`delete from scan_probe`);
      const sha = createHash('sha256').update(token).digest('hex');
      await db.execute(sql`insert into scan_probe (t) values (${sha})`);
      expect(await findToken(db, token)).toEqual(['scan_probe.t']);
    } finally {
      await db.execute(sql`drop table scan_probe`);
    }
  });
});
