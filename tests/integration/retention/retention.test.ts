// Retention: what has passed its period is deleted, what has not is kept; the audit log loses only
// rows past its two years, and the database refuses any other change to it.
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
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
import { holdRecoveryCodes } from '../../../src/features/auth/credentials.server.ts';
import { inviteStaff } from '../../../src/features/auth/one-time-links.server.ts';
import { createSession } from '../../../src/features/auth/session.server.ts';
import { enqueueEmail } from '../../../src/features/email/outbox.server.ts';
import { enforceRetention } from '../../../src/features/retention/retention.server.ts';
import { castVote } from '../../../src/features/votes/ballots.server.ts';
import { DAY_MS } from '../../../src/lib/dates.ts';
import { seededTest as it } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';
import { createOpenRound } from '../../helpers/votes.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('enforceRetention', () => {
  it('removes expired records and keeps current ones', async ({ db }) => {
    const { staffId } = await inviteStaff(
      db,
      { email: 'ret@example.org', name: 'R', role: 'admin' },
      { id: null, email: null },
      TEST_SECRET,
      ago(40),
    );
    await db.insert(rateLimits).values([
      { key: 'old', windowStart: ago(2), count: 3 },
      { key: 'new', windowStart: ago(0.01), count: 1 },
    ]);
    await db.insert(loginThrottles).values([
      { key: 'old', failures: 2, lastFailureAt: ago(2), lockedUntil: null },
      { key: 'locked', failures: 9, lastFailureAt: ago(2), lockedUntil: new Date(NOW.getTime() + 60_000) },
    ]);
    const old = await createSession(db, staffId, { mfaVerified: true, now: ago(1) });
    const live = await createSession(db, staffId, {
      mfaVerified: true,
      now: new Date(NOW.getTime() - 60_000),
    });
    // Recovery codes held for a page: one shown 16 minutes ago (past its 15), one just now.
    const shownEarlier = await createSession(db, staffId, {
      mfaVerified: true,
      now: new Date(NOW.getTime() - 60_000),
    });
    await holdRecoveryCodes(
      db,
      shownEarlier.session.id,
      ['SHOWN-LONG-AGO'],
      TEST_SECRET,
      new Date(NOW.getTime() - 16 * 60_000),
    );
    await holdRecoveryCodes(db, live.session.id, ['SHOWN-NOW'], TEST_SECRET, NOW);
    const sent = await enqueueEmail(db, {
      to: 'a@example.org',
      kind: 'test',
      subject: 'Old',
      html: '<p>x</p>',
      text: 'x',
    });
    const recent = await enqueueEmail(db, {
      to: 'b@example.org',
      kind: 'test',
      subject: 'New',
      html: '<p>x</p>',
      text: 'x',
    });
    const queued = await enqueueEmail(db, {
      to: 'c@example.org',
      kind: 'test',
      subject: 'Waiting',
      html: '<p>x</p>',
      text: 'x',
    });
    await db
      .update(emailOutbox)
      .set({ status: 'sent', provider: 'local', updatedAt: ago(31), sentAt: ago(31) })
      .where(eq(emailOutbox.id, sent.id));
    await db
      .update(emailOutbox)
      .set({ status: 'sent', provider: 'local', updatedAt: ago(1), sentAt: ago(1) })
      .where(eq(emailOutbox.id, recent.id));
    await db
      .update(emailOutbox)
      .set({ createdAt: ago(100), updatedAt: ago(100) })
      .where(eq(emailOutbox.id, queued.id));
    await db.insert(emailSuppressions).values([
      { address: 'year-old@example.org', reason: 'bounced', createdAt: ago(366) },
      { address: 'recent@example.org', reason: 'complained', createdAt: ago(364) },
    ]);
    const [expiredAudit, keptAudit] = await db
      .insert(auditLog)
      .values([
        { at: ago(731), action: 'auth.login', actorLabel: 'old@example.org', client: '203.0.113.1' },
        { at: ago(729), action: 'auth.login', actorLabel: 'kept@example.org', client: '203.0.113.2' },
      ])
      .returning({ id: auditLog.id });
    const auditBefore = (await db.select().from(auditLog)).length;

    const removed = await enforceRetention(db, NOW);
    expect(removed).toMatchObject({ rateLimits: 1, loginThrottles: 1, expiredSignIns: 1, deliveredEmail: 1 });
    // The invitation expired 37 days ago: past the 30 days kept.
    expect(removed.expiredLinks).toBe(1);
    expect(removed.codeReveals).toBe(1);
    expect((await db.select().from(staffRecoveryCodeReveals)).map((r) => r.sessionId)).toEqual([
      live.session.id,
    ]);

    expect((await db.select().from(rateLimits)).map((r) => r.key)).toEqual(['new']);
    expect((await db.select().from(loginThrottles)).map((r) => r.key)).toEqual(['locked']);
    const sessions = (await db.select().from(staffSessions)).map((s) => s.id);
    expect(sessions).toContain(live.session.id);
    expect(sessions).not.toContain(old.session.id);
    const outbox = (await db.select().from(emailOutbox)).map((r) => r.id);
    expect(outbox).toEqual(expect.arrayContaining([recent.id, queued.id]));
    expect(outbox).not.toContain(sent.id);
    expect((await db.select().from(oneTimeSecrets)).length).toBe(0);
    expect((await db.select().from(emailEvents)).length).toBe(0);
    expect(removed.emailSuppressions).toBe(1);
    expect((await db.select().from(emailSuppressions)).map((r) => r.address)).toEqual(['recent@example.org']);
    expect(removed.auditLog).toBe(1);
    const audit = (await db.select().from(auditLog)).map((r) => r.id);
    expect(audit).toHaveLength(auditBefore - 1);
    expect(audit).toContain(keptAudit?.id);
    expect(audit).not.toContain(expiredAudit?.id);

    // Running again removes nothing more.
    const again = await enforceRetention(db, NOW);
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });

  it('deletes votes never confirmed once their hour is up; younger ones stay', async ({ db }) => {
    const round = await createOpenRound(db, 'clerkenwell', { now: new Date(NOW.getTime() - 3_600_000) });
    const ctx = { appSecret: TEST_SECRET, baseUrl: 'http://localhost:4321', client: null };
    const vote = (email: string, at: Date) =>
      castVote(
        db,
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
    const removed = await enforceRetention(db, NOW);
    expect(removed.unconfirmedVotes).toBe(1);
    const left = (await db.select().from(votePendingBallots)).map((p) => p.id);
    expect(left).toEqual([fresh.pendingId]);
    expect(left).not.toContain(old.pendingId);
  });

  it('lets nothing else delete or change an audit row, whoever asks', async ({ db }) => {
    // The trigger compares with the database's clock, so these dates are relative to the real now.
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    const [young, old] = await db
      .insert(auditLog)
      .values([
        { at: daysAgo(729), action: 'auth.login', actorLabel: 'young@example.org' },
        { at: daysAgo(731), action: 'auth.login', actorLabel: 'old@example.org' },
      ])
      .returning({ id: auditLog.id });
    if (!young || !old) throw new Error('insert failed');
    await expect(db.delete(auditLog).where(eq(auditLog.id, young.id))).rejects.toThrow();
    await expect(
      db.update(auditLog).set({ reason: 'rewritten' }).where(eq(auditLog.id, old.id)),
    ).rejects.toThrow();
    await db.delete(auditLog).where(eq(auditLog.id, old.id));
    const left = (await db.select().from(auditLog)).map((r) => r.id);
    expect(left).toContain(young.id);
    expect(left).not.toContain(old.id);
  });
});
