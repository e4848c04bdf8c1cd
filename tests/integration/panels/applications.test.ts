// Issue 19, applying: sending writes the application, its equality answers (no key back), the
// confirmation email (link sealed) and an audit row in one transaction, or nothing; confirming;
// an under-16's guardian approving, declining or not answering; lapsed applications erased by
// retention (dry run too); and a date of birth outside 14–25 stores nothing anywhere.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, emailOutbox, equalityResponses, panelApplications } from '../../../db/schema/index.ts';
import { saveDraft } from '../../../src/features/drafts/drafts.server.ts';
import {
  APPLY_DRAFTS,
  type ApplyError,
  confirmApplicationEmail,
  getApplicationDraft,
  saveApplicationStep,
  sendApplication,
} from '../../../src/features/panels/applications.server.ts';
import { decideAsGuardian, guardianRequest } from '../../../src/features/panels/guardians.server.ts';
import { runRetention } from '../../../src/features/retention/retention.server.ts';
import { DAY_MS } from '../../../src/lib/dates.ts';
import {
  answersFor,
  applyFor,
  BASE,
  draftApplication,
  EQUALITY,
  secretSentTo,
} from '../../helpers/applications.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

const NOW = new Date('2026-12-06T12:00:00Z');

async function application(db: Db, id: string) {
  const [row] = await db.select().from(panelApplications).where(eq(panelApplications.id, id));
  return row;
}

describe('sending', () => {
  test('writes the application, its equality answers, the sealed confirmation email and an audit row, and deletes the draft', async ({
    db,
  }) => {
    await db.execute(sql`truncate rate_limits`);
    const { token, client } = await draftApplication(db, 'ward-panel', answersFor('ward-panel'), {
      now: NOW,
    });
    const before = await db.$count(equalityResponses);
    const { id } = await sendApplication(db, TEST_SECRET, 'ward-panel', token, {
      client,
      baseUrl: BASE,
      now: NOW,
    });
    const app = await application(db, id);
    expect(app).toMatchObject({
      body: 'ward_panel',
      status: 'unconfirmed',
      fullName: 'Amina Okafor',
      email: 'amina@example.org',
      phone: null,
      connection: 'live',
      organisation: null,
      contactConsent: true,
      showOnPanelPage: true,
      dateOfBirth: null,
    });
    expect(app?.lapsesAt?.toISOString()).toBe(new Date(NOW.getTime() + 7 * DAY_MS).toISOString());
    expect(await db.$count(equalityResponses)).toBe(before + 1);
    const [eqRow] = await db
      .select()
      .from(equalityResponses)
      .where(eq(equalityResponses.ethnicGroup, 'caribbean'));
    expect(eqRow).toMatchObject({ ...EQUALITY, body: 'ward_panel', submittedMonth: '2026-12-01' });
    expect(eqRow?.id).not.toBe(id);
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, 'amina@example.org'));
    expect(mail?.kind).toBe('panel-application-confirm');
    expect(mail?.sealedSecret).toBeTruthy();
    const link = await secretSentTo(db, 'amina@example.org', 'panel-application-confirm');
    expect(mail?.html).not.toContain(link);
    expect(mail?.text).not.toContain(link);
    const audit = await db.select().from(auditLog).where(eq(auditLog.recordId, id));
    expect(audit.map((a) => [a.action, a.actorId, a.client])).toEqual([
      ['panel_application.submit', null, null],
    ]);
    expect(await getApplicationDraft(db, TEST_SECRET, 'ward-panel', token, NOW)).toBeNull();
  });

  test('writes nothing when refused: too fast, over the limit, incomplete, or failing half way', async ({
    db,
  }) => {
    await db.execute(sql`truncate rate_limits`);
    const counts = async () => ({
      apps: await db.$count(panelApplications),
      eq: await db.$count(equalityResponses),
      mail: await db.$count(emailOutbox),
      audit: await db.$count(auditLog, eq(auditLog.action, 'panel_application.submit')),
    });
    const before = await counts();
    // Sent within 5 seconds of the first answer.
    const fast = await draftApplication(db, 'ward-panel', answersFor('ward-panel'), {
      now: new Date(NOW.getTime() + 60_000),
    });
    await expect(
      sendApplication(db, TEST_SECRET, 'ward-panel', fast.token, {
        client: fast.client,
        baseUrl: BASE,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'too_fast' });
    // A draft missing a step.
    const partial = await draftApplication(
      db,
      'ward-panel',
      { ...answersFor('ward-panel'), equality: undefined } as never,
      { now: NOW },
    );
    await expect(
      sendApplication(db, TEST_SECRET, 'ward-panel', partial.token, {
        client: partial.client,
        baseUrl: BASE,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'incomplete', details: { step: 'equality' } });
    // A draft saved under an older, looser rule (an address the outbox refuses, security review 3):
    // refused at that step, as a 4xx, before anything is written.
    const stale = await draftApplication(db, 'ward-panel', answersFor('ward-panel'), { now: NOW });
    await saveDraft(
      db,
      TEST_SECRET,
      APPLY_DRAFTS['ward-panel'],
      stale.token,
      { about: { fullName: 'Jo', email: 'jo&e@example.org', phone: '' } },
      { client: stale.client, now: NOW },
    );
    await expect(
      sendApplication(db, TEST_SECRET, 'ward-panel', stale.token, {
        client: stale.client,
        baseUrl: BASE,
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'incomplete', details: { step: 'about' } });
    // The email cannot be queued (the database refuses its row): the whole transaction rolls back.
    const broken = await draftApplication(
      db,
      'ward-panel',
      answersFor('ward-panel', { about: { fullName: 'X', email: 'half-way@example.org', phone: '' } }),
      { now: NOW },
    );
    await db.execute(
      sql`alter table email_outbox add constraint half_way_test check (recipient <> 'half-way@example.org') not valid`,
    );
    try {
      await expect(
        sendApplication(db, TEST_SECRET, 'ward-panel', broken.token, {
          client: broken.client,
          baseUrl: BASE,
          now: NOW,
        }),
      ).rejects.toThrow(/insert into "email_outbox"/);
    } finally {
      await db.execute(sql`alter table email_outbox drop constraint half_way_test`);
    }
    expect(await getApplicationDraft(db, TEST_SECRET, 'ward-panel', broken.token, NOW)).not.toBeNull();
    // Over the limit: 5 an hour from one client.
    const client = '203.0.113.9';
    const drafts = [];
    for (let i = 0; i < 6; i++)
      drafts.push(await draftApplication(db, 'ward-panel', answersFor('ward-panel'), { now: NOW, client }));
    const sent = [];
    for (const d of drafts) {
      sent.push(
        await sendApplication(db, TEST_SECRET, 'ward-panel', d.token, {
          client,
          baseUrl: BASE,
          now: NOW,
        }).then(
          () => 'sent',
          (e: ApplyError) => e.code,
        ),
      );
    }
    expect(sent).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'too_many_sent']);
    const after = await counts();
    expect(after).toEqual({
      apps: before.apps + 5,
      eq: before.eq + 5,
      mail: before.mail + 5,
      audit: before.audit + 5,
    });
  });
});

describe('confirming', () => {
  test('an adult’s application becomes pending, stops lapsing, and the link works once', async ({ db }) => {
    const id = await applyFor(
      db,
      'ward-panel',
      answersFor('ward-panel', {
        about: { fullName: 'Ben Adult', email: 'ben@example.org', phone: '020 7946 0000' },
      }),
      { now: NOW },
    );
    const link = await secretSentTo(db, 'ben@example.org', 'panel-application-confirm');
    const later = new Date(NOW.getTime() + DAY_MS);
    expect(await confirmApplicationEmail(db, TEST_SECRET, link, { baseUrl: BASE, now: later })).toEqual({
      status: 'pending',
      body: 'ward-panel',
    });
    expect(await application(db, id)).toMatchObject({
      status: 'pending',
      lapsesAt: null,
      emailConfirmedAt: later,
      phone: '020 7946 0000',
    });
    await expect(
      confirmApplicationEmail(db, TEST_SECRET, link, { baseUrl: BASE, now: later }),
    ).rejects.toMatchObject({ code: 'invalid_link' });
    // Retention leaves a confirmed application alone.
    await runRetention(db, { now: new Date(NOW.getTime() + 30 * DAY_MS), dryRun: false });
    expect(await application(db, id)).toBeDefined();
  });

  test('a 16-year-old needs no guardian: pending once confirmed, no guardian kept', async ({ db }) => {
    const answers = answersFor('youth-forum', {
      birth: { dateOfBirth: '2010-12-06' },
      about: { fullName: 'Cleo Sixteen', email: 'cleo@example.org', phone: '' },
    });
    const id = await applyFor(db, 'youth-forum', answers, { now: NOW });
    expect(await application(db, id)).toMatchObject({
      guardianName: null,
      guardianEmail: null,
      dateOfBirth: '2010-12-06',
      showOnPanelPage: false,
      wardId: null,
    });
    await confirmApplicationEmail(
      db,
      TEST_SECRET,
      await secretSentTo(db, 'cleo@example.org', 'panel-application-confirm'),
      { baseUrl: BASE, now: NOW },
    );
    expect((await application(db, id))?.status).toBe('pending');
  });
});

describe('an under-16’s parent or guardian', () => {
  const fifteen = (email: string, guardianEmail: string) =>
    answersFor('youth-forum', {
      birth: { dateOfBirth: '2011-06-01' },
      guardian: { guardianName: 'Pat Parent', guardianEmail },
      about: { fullName: 'Dee Fifteen', email, phone: '' },
    });

  async function confirmed(db: Db, email: string, guardianEmail: string): Promise<string> {
    const id = await applyFor(db, 'youth-forum', fifteen(email, guardianEmail), {
      now: NOW,
      needsGuardian: true,
    });
    const link = await secretSentTo(db, email, 'panel-application-confirm');
    expect(await confirmApplicationEmail(db, TEST_SECRET, link, { baseUrl: BASE, now: NOW })).toEqual({
      status: 'awaiting_guardian',
      body: 'youth-forum',
    });
    const app = await application(db, id);
    expect(app).toMatchObject({ status: 'awaiting_guardian', guardianName: 'Pat Parent', guardianEmail });
    expect(app?.lapsesAt?.toISOString()).toBe(new Date(NOW.getTime() + 14 * DAY_MS).toISOString());
    return id;
  }

  test('is never the young person themselves: their own address is refused at either step and when sending', async ({
    db,
  }) => {
    await db.execute(sql`truncate rate_limits`);
    const own = fifteen('kid@example.org', 'kid@example.org');
    // Guardian first (the form's order), then their own address the same.
    await expect(
      draftApplication(db, 'youth-forum', own, { now: NOW, needsGuardian: true }),
    ).rejects.toMatchObject({ code: 'same_address', details: { step: 'about' } });
    // Their own first (skipping back to change the guardian's from the check page).
    const d = await draftApplication(db, 'youth-forum', fifteen('kid@example.org', 'pat@example.org'), {
      now: NOW,
      needsGuardian: true,
    });
    const ctx = { client: d.client, now: NOW };
    const guardian = { guardianName: 'Pat Parent', guardianEmail: 'kid@example.org' };
    await expect(
      saveApplicationStep(db, TEST_SECRET, 'youth-forum', d.token, 'guardian', guardian, ctx),
    ).rejects.toMatchObject({ code: 'same_address', details: { step: 'guardian' } });
    // A draft saved before the rule: refused when sent, nothing written.
    await saveDraft(db, TEST_SECRET, APPLY_DRAFTS['youth-forum'], d.token, { guardian }, ctx);
    const apps = await db.$count(panelApplications);
    await expect(
      sendApplication(db, TEST_SECRET, 'youth-forum', d.token, { client: d.client, baseUrl: BASE, now: NOW }),
    ).rejects.toMatchObject({ code: 'same_address' });
    expect(await db.$count(panelApplications)).toBe(apps);
  });

  test('approving makes the application complete (pending)', async ({ db }) => {
    const id = await confirmed(db, 'dee@example.org', 'pat@example.org');
    const link = await secretSentTo(db, 'pat@example.org', 'panel-guardian-request');
    expect(await guardianRequest(db, TEST_SECRET, link, NOW)).toEqual({ applicantFirstName: 'Dee' });
    expect(await decideAsGuardian(db, TEST_SECRET, link, 'approve', NOW)).toBe('approved');
    expect(await application(db, id)).toMatchObject({
      status: 'pending',
      guardianDecision: 'approved',
      guardianDecidedAt: NOW,
      lapsesAt: null,
    });
    await expect(decideAsGuardian(db, TEST_SECRET, link, 'decline', NOW)).rejects.toMatchObject({
      code: 'invalid_link',
    });
    expect((await application(db, id))?.status).toBe('pending');
  });

  test('declining erases the application at once and tells the young person', async ({ db }) => {
    const id = await confirmed(db, 'eve@example.org', 'sam@example.org');
    const link = await secretSentTo(db, 'sam@example.org', 'panel-guardian-request');
    expect(await decideAsGuardian(db, TEST_SECRET, link, 'decline', NOW)).toBe('declined');
    expect(await application(db, id)).toBeUndefined();
    const told = await db
      .select({ kind: emailOutbox.kind })
      .from(emailOutbox)
      .where(eq(emailOutbox.recipient, 'eve@example.org'));
    expect(told.map((m) => m.kind).sort()).toEqual(['panel-application-confirm', 'panel-guardian-declined']);
    expect(
      (await db.select().from(auditLog).where(eq(auditLog.recordId, id))).map((a) => a.action),
    ).toContain('panel_application.guardian_decline');
  });

  test('no answer within 14 days: the application lapses and retention erases it (the dry run only counts)', async ({
    db,
  }) => {
    const id = await confirmed(db, 'fay@example.org', 'kim@example.org');
    const day13 = new Date(NOW.getTime() + 13 * DAY_MS);
    const day15 = new Date(NOW.getTime() + 15 * DAY_MS);
    expect((await runRetention(db, { now: day13, dryRun: false })).counts.lapsedApplications).toBe(0);
    expect(
      (await runRetention(db, { now: day15, dryRun: true })).counts.lapsedApplications,
    ).toBeGreaterThanOrEqual(1);
    expect(await application(db, id)).toBeDefined();
    await runRetention(db, { now: day15, dryRun: false });
    expect(await application(db, id)).toBeUndefined();
    // The link died with it.
    const link = await secretSentTo(db, 'kim@example.org', 'panel-guardian-request');
    await expect(decideAsGuardian(db, TEST_SECRET, link, 'approve', day15)).rejects.toMatchObject({
      code: 'invalid_link',
    });
  });
});

test('an application never confirmed is erased after 7 days', async ({ db }) => {
  const id = await applyFor(
    db,
    'ward-panel',
    answersFor('ward-panel', { about: { fullName: 'Gil Late', email: 'gil@example.org', phone: '' } }),
    { now: NOW },
  );
  await runRetention(db, { now: new Date(NOW.getTime() + 6 * DAY_MS), dryRun: false });
  expect(await application(db, id)).toBeDefined();
  const { counts } = await runRetention(db, { now: new Date(NOW.getTime() + 7 * DAY_MS + 1), dryRun: false });
  expect(counts.lapsedApplications).toBeGreaterThanOrEqual(1);
  expect(await application(db, id)).toBeUndefined();
});
