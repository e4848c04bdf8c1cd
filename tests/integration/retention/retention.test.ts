// Retention: what has passed its period is deleted, what has not is kept; the audit log loses only
// rows past its two years, and the database refuses any other change to it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  emailEvents,
  emailOutbox,
  emailSuppressions,
  loginThrottles,
  oneTimeSecrets,
  rateLimits,
  staffRecoveryCodeReveals,
  staffSessions,
  votePendingBallots,
} from '../../../db/schema/index.ts';
import { seedDatabase } from '../../../db/seed.ts';
import { holdRecoveryCodes } from '../../../src/features/auth/credentials.server.ts';
import { inviteStaff } from '../../../src/features/auth/one-time-links.server.ts';
import { createSession } from '../../../src/features/auth/session.server.ts';
import { enqueueEmail } from '../../../src/features/email/outbox.server.ts';
import { enforceRetention } from '../../../src/features/retention/retention.server.ts';
import { castVote } from '../../../src/features/votes/ballots.server.ts';
import { DAY_MS } from '../../../src/lib/dates.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { createOpenRound } from '../../helpers/votes.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDatabase(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

const NOW = new Date('2026-11-22T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('enforceRetention', () => {
  it('removes expired records and keeps current ones', async () => {
    const { staffId } = await inviteStaff(
      t.db,
      { email: 'ret@example.org', name: 'R', role: 'admin' },
      { id: null, email: null },
      TEST_SECRET,
      ago(40),
    );
    await t.db.insert(rateLimits).values([
      { key: 'old', windowStart: ago(2), count: 3 },
      { key: 'new', windowStart: ago(0.01), count: 1 },
    ]);
    await t.db.insert(loginThrottles).values([
      { key: 'old', failures: 2, lastFailureAt: ago(2), lockedUntil: null },
      { key: 'locked', failures: 9, lastFailureAt: ago(2), lockedUntil: new Date(NOW.getTime() + 60_000) },
    ]);
    const old = await createSession(t.db, staffId, { mfaVerified: true, now: ago(1) });
    const live = await createSession(t.db, staffId, {
      mfaVerified: true,
      now: new Date(NOW.getTime() - 60_000),
    });
    // Recovery codes held for a page: one shown 16 minutes ago (past its 15), one just now.
    const shownEarlier = await createSession(t.db, staffId, {
      mfaVerified: true,
      now: new Date(NOW.getTime() - 60_000),
    });
    await holdRecoveryCodes(
      t.db,
      shownEarlier.session.id,
      ['SHOWN-LONG-AGO'],
      TEST_SECRET,
      new Date(NOW.getTime() - 16 * 60_000),
    );
    await holdRecoveryCodes(t.db, live.session.id, ['SHOWN-NOW'], TEST_SECRET, NOW);
    const sent = await enqueueEmail(t.db, {
      to: 'a@example.org',
      kind: 'test',
      subject: 'Old',
      html: '<p>x</p>',
      text: 'x',
    });
    const recent = await enqueueEmail(t.db, {
      to: 'b@example.org',
      kind: 'test',
      subject: 'New',
      html: '<p>x</p>',
      text: 'x',
    });
    const queued = await enqueueEmail(t.db, {
      to: 'c@example.org',
      kind: 'test',
      subject: 'Waiting',
      html: '<p>x</p>',
      text: 'x',
    });
    await t.db
      .update(emailOutbox)
      .set({ status: 'sent', provider: 'local', updatedAt: ago(31), sentAt: ago(31) })
      .where(eq(emailOutbox.id, sent.id));
    await t.db
      .update(emailOutbox)
      .set({ status: 'sent', provider: 'local', updatedAt: ago(1), sentAt: ago(1) })
      .where(eq(emailOutbox.id, recent.id));
    await t.db
      .update(emailOutbox)
      .set({ createdAt: ago(100), updatedAt: ago(100) })
      .where(eq(emailOutbox.id, queued.id));
    await t.db.insert(emailSuppressions).values([
      { address: 'year-old@example.org', reason: 'bounced', createdAt: ago(366) },
      { address: 'recent@example.org', reason: 'complained', createdAt: ago(364) },
    ]);
    const [expiredAudit, keptAudit] = await t.db
      .insert(auditLog)
      .values([
        { at: ago(731), action: 'auth.login', actorLabel: 'old@example.org', client: '203.0.113.1' },
        { at: ago(729), action: 'auth.login', actorLabel: 'kept@example.org', client: '203.0.113.2' },
      ])
      .returning({ id: auditLog.id });
    const auditBefore = (await t.db.select().from(auditLog)).length;

    const removed = await enforceRetention(t.db, NOW);
    expect(removed).toMatchObject({ rateLimits: 1, loginThrottles: 1, expiredSignIns: 1, deliveredEmail: 1 });
    // The invitation expired 37 days ago: past the 30 days kept.
    expect(removed.expiredLinks).toBe(1);
    expect(removed.codeReveals).toBe(1);
    expect((await t.db.select().from(staffRecoveryCodeReveals)).map((r) => r.sessionId)).toEqual([
      live.session.id,
    ]);

    expect((await t.db.select().from(rateLimits)).map((r) => r.key)).toEqual(['new']);
    expect((await t.db.select().from(loginThrottles)).map((r) => r.key)).toEqual(['locked']);
    const sessions = (await t.db.select().from(staffSessions)).map((s) => s.id);
    expect(sessions).toContain(live.session.id);
    expect(sessions).not.toContain(old.session.id);
    const outbox = (await t.db.select().from(emailOutbox)).map((r) => r.id);
    expect(outbox).toEqual(expect.arrayContaining([recent.id, queued.id]));
    expect(outbox).not.toContain(sent.id);
    expect((await t.db.select().from(oneTimeSecrets)).length).toBe(0);
    expect((await t.db.select().from(emailEvents)).length).toBe(0);
    expect(removed.emailSuppressions).toBe(1);
    expect((await t.db.select().from(emailSuppressions)).map((r) => r.address)).toEqual([
      'recent@example.org',
    ]);
    expect(removed.auditLog).toBe(1);
    const audit = (await t.db.select().from(auditLog)).map((r) => r.id);
    expect(audit).toHaveLength(auditBefore - 1);
    expect(audit).toContain(keptAudit?.id);
    expect(audit).not.toContain(expiredAudit?.id);

    // Running again removes nothing more.
    const again = await enforceRetention(t.db, NOW);
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });

  it('deletes votes never confirmed once their hour is up; younger ones stay', async () => {
    const round = await createOpenRound(t.db, 'clerkenwell', { now: new Date(NOW.getTime() - 3_600_000) });
    const ctx = { appSecret: TEST_SECRET, baseUrl: 'http://localhost:4321', client: null };
    const vote = (email: string, at: Date) =>
      castVote(
        t.db,
        {
          ward: 'clerkenwell',
          email,
          choices: [round.optionIds[0] as number],
          postcode: 'EC1',
          outcome: true,
        },
        { ...ctx, now: at },
      );
    const old = await vote('old@example.org', new Date(NOW.getTime() - 61 * 60_000));
    const fresh = await vote('fresh@example.org', new Date(NOW.getTime() - 5 * 60_000));
    const removed = await enforceRetention(t.db, NOW);
    expect(removed.unconfirmedVotes).toBe(1);
    const left = (await t.db.select().from(votePendingBallots)).map((p) => p.id);
    expect(left).toEqual([fresh.pendingId]);
    expect(left).not.toContain(old.pendingId);
  });

  it('lets nothing else delete or change an audit row, whoever asks', async () => {
    // The trigger compares with the database's clock, so these dates are relative to the real now.
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    const [young, old] = await t.db
      .insert(auditLog)
      .values([
        { at: daysAgo(729), action: 'auth.login', actorLabel: 'young@example.org' },
        { at: daysAgo(731), action: 'auth.login', actorLabel: 'old@example.org' },
      ])
      .returning({ id: auditLog.id });
    if (!young || !old) throw new Error('insert failed');
    await expect(t.db.delete(auditLog).where(eq(auditLog.id, young.id))).rejects.toThrow();
    await expect(
      t.db.update(auditLog).set({ reason: 'rewritten' }).where(eq(auditLog.id, old.id)),
    ).rejects.toThrow();
    await t.db.delete(auditLog).where(eq(auditLog.id, old.id));
    const left = (await t.db.select().from(auditLog)).map((r) => r.id);
    expect(left).toContain(young.id);
    expect(left).not.toContain(old.id);
  });
});
