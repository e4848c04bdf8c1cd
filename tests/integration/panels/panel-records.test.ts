// Panel records over time against a real database: the CSV export (formulas escaped, audited), the
// term reminder queued once, terms that end, the equality figures from equality_responses alone,
// retention with its dry run, and the addresses the meetings feature emails.
import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { rowsOf } from '../../../db/client.ts';
import { equalityResponses, panelApplications, panelMemberships } from '../../../db/schema/index.ts';
import {
  boroughEqualityFigures,
  type EqualityFigures,
  getBorough,
  panelEqualityFigures,
} from '../../../src/features/panels/equality.server.ts';
import {
  activeMemberAddresses,
  exportPanelMembersCsv,
  remindAndEndTerms,
} from '../../../src/features/panels/members.server.ts';
import { addYears } from '../../../src/features/panels/membership.ts';
import { FORUM_PANEL, resolvePanel } from '../../../src/features/panels/panel-scope.server.ts';
import { runRetention } from '../../../src/features/retention/retention.server.ts';
import { londonToday } from '../../../src/lib/dates.ts';
import { actorOf, seededTest as test } from '../../helpers/fixtures.ts';
import {
  auditOf,
  createApplication,
  createEqualityRows,
  createMember,
  outboxTo,
} from '../../helpers/panels.ts';
import { TEST_MAIL } from '../../helpers/staff.ts';

const NOW = new Date('2026-12-06T12:00:00Z');
const TODAY = londonToday(NOW);

const panelOf = async (db: Parameters<typeof resolvePanel>[0], slug: string) => {
  const p = await resolvePanel(db, { body: 'ward_panel', wardSlug: slug }, 'all');
  if (!p) throw new Error(`no panel ${slug}`);
  return p;
};

describe('CSV export', () => {
  test('escapes cells a spreadsheet would run as formulas, and is audited', async ({
    db,
    liaisonOfficer,
  }) => {
    await createMember(db, {
      wardSlug: 'arsenal',
      fullName: '=HYPERLINK("http://evil.example","x")',
      organisation: '+SUM(A1)',
      connection: 'organisation',
    });
    await createMember(db, { wardSlug: 'arsenal', fullName: 'Plain Person', publicName: 'Plain' });
    await createMember(db, { wardSlug: 'arsenal', fullName: 'Gone Person', endedOn: '2026-01-01' });
    const panel = await panelOf(db, 'arsenal');
    const { csv, rows } = await exportPanelMembersCsv(db, actorOf(liaisonOfficer), panel);
    expect(rows).toBe(2);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'+SUM(A1)");
    expect(csv).not.toContain('Gone Person');
    expect(csv).toMatch(/Plain Person,.*,yes\r?\n/);
    const [audit] = await auditOf(db, 'panel_membership.export', 'arsenal');
    expect(audit?.details).toMatchObject({ rows: 2 });
  });
});

describe('term reminders', () => {
  test('queue one reminder per membership ending within eight weeks, once; end terms that are over', async ({
    db,
  }) => {
    const soon = await createMember(db, {
      wardSlug: 'tollington',
      email: 'soon@example.org',
      termStartsOn: '2024-12-01',
      termEndsOn: '2027-01-20',
    });
    const later = await createMember(db, {
      wardSlug: 'tollington',
      email: 'later@example.org',
      termEndsOn: '2027-06-01',
    });
    const over = await createMember(db, {
      wardSlug: 'tollington',
      email: 'over@example.org',
      termStartsOn: '2024-01-01',
      termEndsOn: '2026-12-01',
      publicName: 'Over',
    });
    await db
      .update(panelMemberships)
      .set({ reminderQueuedAt: new Date('2026-10-01') })
      .where(eq(panelMemberships.id, over.membershipId));
    expect(await remindAndEndTerms(db, NOW, TEST_MAIL.baseUrl)).toBe(2);
    expect(await remindAndEndTerms(db, NOW, TEST_MAIL.baseUrl)).toBe(0);
    const [mail, ...more] = await outboxTo(db, 'soon@example.org');
    expect(more).toHaveLength(0);
    expect(mail?.kind).toBe('panel-term-reminder');
    expect(mail?.subject).toContain('20 January 2027');
    expect(await outboxTo(db, 'later@example.org')).toHaveLength(0);
    const [s] = await db.select().from(panelMemberships).where(eq(panelMemberships.id, soon.membershipId));
    expect(s?.reminderQueuedAt?.toISOString()).toBe(NOW.toISOString());
    const [o] = await db.select().from(panelMemberships).where(eq(panelMemberships.id, over.membershipId));
    expect(o).toMatchObject({ endedOn: '2026-12-01', endReason: 'term ended', publicName: null });
    expect(
      (await db.select().from(panelMemberships).where(eq(panelMemberships.id, later.membershipId)))[0]
        ?.reminderQueuedAt,
    ).toBeNull();
  });

  test('two schedulers at once queue each reminder once', async ({ db }) => {
    await createMember(db, { wardSlug: 'junction', email: 'race@example.org', termEndsOn: '2027-01-05' });
    await Promise.all([
      remindAndEndTerms(db, NOW, TEST_MAIL.baseUrl),
      remindAndEndTerms(db, NOW, TEST_MAIL.baseUrl),
    ]);
    expect(await outboxTo(db, 'race@example.org')).toHaveLength(1);
  });
});

describe('equality figures', () => {
  test('count each answer, suppress small cells and the next smallest, and never leave one hidden cell', async ({
    db,
  }) => {
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'hillrise' }, 9, {
      sex: 'female',
      ageBand: '35-44',
    });
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'hillrise' }, 6, {
      sex: 'male',
      ageBand: '35-44',
    });
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'hillrise' }, 2, {
      sex: 'prefer_not_to_say',
    });
    const figures = await panelEqualityFigures(db, await panelOf(db, 'hillrise'));
    expect(figures.responses).toEqual({ shown: true, count: 17 });
    const sex = figures.tables.find((t) => t.name === 'sex');
    expect(sex?.rows.map((r) => [r.label, r.count])).toEqual([
      ['Female', { shown: true, count: 9 }],
      ['Male', { shown: false }],
      ['Prefer not to say', { shown: false }],
      ['Not answered', { shown: false }],
    ]);
    const age = figures.tables.find((t) => t.name === 'ageBand');
    // Every other age cell is under 5, so the one large cell goes too: it is the smallest shown.
    expect(age?.rows.every((r) => !r.count.shown)).toBe(true);
    expect(age?.total).toEqual({ shown: true, count: 17 });
    // Under 5 responses: nothing at all.
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'st-pancras-and-somers-town' }, 3, {
      sex: 'female',
    });
    const few = await panelEqualityFigures(db, await panelOf(db, 'st-pancras-and-somers-town'));
    expect(few.responses.shown).toBe(false);
    expect(few.tables.flatMap((t) => t.rows).every((r) => !r.count.shown)).toBe(true);
  });

  test('a borough and its Ward Panels are suppressed together: no hidden count is the borough’s minus the other panels’', async ({
    db,
  }) => {
    const islington = await getBorough(db, 'islington');
    if (!islington) throw new Error('no borough');
    const sexOf = (figures: EqualityFigures) =>
      figures.tables.find((t) => t.name === 'sex')?.rows.map((r) => (r.count.shown ? r.count.count : null));
    // Hillrise (from the test above): 9 female, 6 male, 2 prefer not to say, none unanswered; the seed's
    // Holloway: 8 male, 6 prefer not to say. Junction: 7, 8, 12 and 6 unanswered. Each table suppressed
    // on its own, the borough (16, 22, 20, 6) would show every count, and Hillrise's hidden ones would
    // be 22 - 8 - 8 = 6, 20 - 6 - 12 = 2 and 6 - 6 = 0.
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'junction' }, 7, { sex: 'female' });
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'junction' }, 8, { sex: 'male' });
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'junction' }, 12, {
      sex: 'prefer_not_to_say',
    });
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'junction' }, 6, {});
    // A panel with fewer than 5 responses, and the Forum's young people from Islington: not counted.
    await createEqualityRows(db, { body: 'ward_panel', wardSlug: 'tollington' }, 3, { sex: 'male' });
    await createEqualityRows(db, { body: 'youth_forum', wardSlug: 'hillrise' }, 5, { religion: 'none' });
    await createEqualityRows(db, { body: 'youth_forum' }, 5, { religion: 'none' });

    const borough = await boroughEqualityFigures(db, islington.id);
    expect(borough.responses).toEqual({ shown: true, count: 17 + 14 + 33 });
    expect(borough.panels).toEqual({ withResponses: 4, counted: 3 });
    // Each panel shows what it shows alone; the borough hides every answer any of them hides.
    expect(sexOf(await panelEqualityFigures(db, await panelOf(db, 'hillrise')))).toEqual([
      9,
      null,
      null,
      null,
    ]);
    expect(sexOf(await panelEqualityFigures(db, await panelOf(db, 'holloway')))).toEqual([
      null,
      8,
      null,
      null,
    ]);
    expect(sexOf(await panelEqualityFigures(db, await panelOf(db, 'junction')))).toEqual([7, 8, 12, 6]);
    expect(sexOf(borough)).toEqual([null, null, null, null]);
    expect((await panelEqualityFigures(db, await panelOf(db, 'tollington'))).responses.shown).toBe(false);
    // The Forum's figures: all of its responses together, shown on their own.
    const forum = await panelEqualityFigures(db, FORUM_PANEL);
    expect(forum.responses).toEqual({ shown: true, count: 10 });
  });

  test('equality answers hold no column that leads back to an application', async ({ db }) => {
    const columns = await db.execute(
      sql`select column_name from information_schema.columns where table_name = 'equality_responses' order by column_name`,
    );
    const names = rowsOf<{ column_name: string }>(columns).map((c) => c.column_name);
    expect(names).toEqual([
      'age_band',
      'body',
      'borough_id',
      'disability',
      'ethnic_group',
      'gender_identity',
      'id',
      'religion',
      'sex',
      'submitted_month',
      'ward_id',
    ]);
  });
});

describe('retention', () => {
  test('declined after 6 months, waitlisted after 12, undecided 12 months after sending, former members 12 months after leaving, equality rows after 3 years; dry run first', async ({
    ownDb: db,
  }) => {
    // Only this test's records (the seed's panels are in its own database too).
    await db.delete(panelApplications);
    await db.delete(equalityResponses);
    const monthsAgo = (m: number) => new Date(Date.UTC(2026, 11 - m, 5, 12));
    const oldDeclined = await createApplication(db, { status: 'declined', decidedAt: monthsAgo(7) });
    const newDeclined = await createApplication(db, { status: 'declined', decidedAt: monthsAgo(5) });
    const oldWait = await createApplication(db, { status: 'waitlisted', decidedAt: monthsAgo(13) });
    const newWait = await createApplication(db, { status: 'waitlisted', decidedAt: monthsAgo(11) });
    // Never decided: kept a year from when it was sent (security review 3: it was kept for ever).
    const oldUndecided = await createApplication(db, { status: 'pending', createdAt: monthsAgo(13) });
    const newUndecided = await createApplication(db, { status: 'pending', createdAt: monthsAgo(11) });
    const leftLongAgo = await createMember(db, { endedOn: addYears(TODAY, -1).replace(/-\d\d$/, '-01') });
    const leftRecently = await createMember(db, { endedOn: '2026-06-01' });
    const current = await createMember(db, {});
    await db.insert(equalityResponses).values([
      { id: crypto.randomUUID(), body: 'youth_forum', submittedMonth: '2023-11-01' },
      { id: crypto.randomUUID(), body: 'youth_forum', submittedMonth: '2023-12-01' },
    ]);
    const dry = await runRetention(db, { now: NOW, dryRun: true });
    expect(dry.counts).toMatchObject({
      panelDeclined: 1,
      panelWaitlisted: 1,
      panelUndecided: 1,
      panelFormerMembers: 1,
      equalityResponses: 1,
    });
    expect(await db.select().from(panelApplications)).toHaveLength(9);
    const run = await runRetention(db, { now: NOW, dryRun: false });
    expect(run.counts).toMatchObject(dry.counts);
    const left = (await db.select({ id: panelApplications.id }).from(panelApplications))
      .map((r) => r.id)
      .sort();
    expect(left).toEqual(
      [newDeclined, newWait, newUndecided, leftRecently.applicationId, current.applicationId].sort(),
    );
    expect(left).not.toContain(oldUndecided);
    expect(left).not.toContain(oldDeclined);
    expect(left).not.toContain(oldWait);
    expect(
      await db.select().from(panelMemberships).where(eq(panelMemberships.id, leftLongAgo.membershipId)),
    ).toHaveLength(0);
    expect((await db.select().from(equalityResponses)).map((r) => r.submittedMonth)).toEqual(['2023-12-01']);
  });
});

test('the meetings feature’s addresses: a ward’s current Ward Panel members only', async ({ db }) => {
  await createMember(db, { wardSlug: 'finsbury-park', email: 'fp-member@example.org' });
  await createMember(db, {
    wardSlug: 'finsbury-park',
    email: 'fp-former@example.org',
    endedOn: '2026-01-01',
  });
  await createMember(db, { body: 'youth_forum', wardSlug: 'finsbury-park', email: 'fp-forum@example.org' });
  const panel = await panelOf(db, 'finsbury-park');
  expect((await activeMemberAddresses(db, panel.wardId ?? 0)).map((m) => m.email)).toEqual([
    'fp-member@example.org',
  ]);
});
