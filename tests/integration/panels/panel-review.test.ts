// Staff reviewing panel applications against a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): ward scope across the boundary for every record and action, the decision with
// its membership, emails and audit row in one transaction, audited reads, who is named publicly.
import { eq } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { panelApplications, panelMemberships } from '../../../db/schema/index.ts';
import { removeMember, viewMember, viewPanelMembers } from '../../../src/features/panels/members.server.ts';
import { DecisionSchema } from '../../../src/features/panels/membership.schema.ts';
import { addYears, panelKeyOf } from '../../../src/features/panels/membership.ts';
import { FORUM_PANEL, resolvePanel } from '../../../src/features/panels/panel-scope.server.ts';
import { getPublicPanel } from '../../../src/features/panels/public-panel.server.ts';
import {
  countWaitingApplications,
  decideApplication,
  listPanelQueue,
  listPanelsForStaff,
  viewApplication,
} from '../../../src/features/panels/review.server.ts';
import { londonToday } from '../../../src/lib/dates.ts';
import { outcomeCode } from '../../helpers/domain-code.ts';
import { actorOf, createWardOfficer, scopeOf, seededTest } from '../../helpers/fixtures.ts';
import { auditOf, createApplication, createMember, outboxTo } from '../../helpers/panels.ts';
import { TEST_MAIL } from '../../helpers/staff.ts';

const test = seededTest.extend('hollowayOfficer', { scope: 'file' }, ({ db }) =>
  createWardOfficer(db, ['holloway']),
);
const ctx = { baseUrl: TEST_MAIL.baseUrl };
const today = londonToday(new Date());
const decision = (id: string, d: Record<string, string>) => DecisionSchema.parse({ id, ...d });
const approve = (id: string, extra: Record<string, string> = {}) =>
  decision(id, { decision: 'approved', termStartsOn: today, termEndsOn: addYears(today, 2), ...extra });
const yearsAgo = (n: number, days = 0) => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return addYears(d.toISOString().slice(0, 10), -n);
};

describe('ward scope', () => {
  test('a ward officer reviews only their wards’ Ward Panels, never the Forum', async ({
    db,
    wardOfficer,
  }) => {
    const scope = scopeOf(wardOfficer);
    const waitingBefore = await countWaitingApplications(db, scope);
    const mine = await createApplication(db, { wardSlug: 'bloomsbury' });
    const theirs = await createApplication(db, { wardSlug: 'holloway' });
    const forum = await createApplication(db, { body: 'youth_forum' });
    const actor = actorOf(wardOfficer);

    const panels = await listPanelsForStaff(db, scope);
    expect(panels.map((p) => p.panel.segment)).toEqual(['bloomsbury']);
    expect(await resolvePanel(db, { body: 'ward_panel', wardSlug: 'holloway' }, scope)).toBeNull();
    expect(await resolvePanel(db, { body: 'youth_forum' }, scope)).toBeNull();
    expect((await resolvePanel(db, { body: 'ward_panel', wardSlug: 'bloomsbury' }, scope))?.name).toBe(
      'Bloomsbury Ward Panel',
    );

    for (const id of [theirs, forum]) {
      expect(await viewApplication(db, actor, id, scope)).toBeNull();
      expect(await auditOf(db, 'panel_application.view', id)).toHaveLength(0);
      expect(await outcomeCode(decideApplication(db, actor, scope, approve(id), ctx))).toBe('not_found');
      expect(
        await outcomeCode(
          decideApplication(db, actor, scope, decision(id, { decision: 'declined', reason: 'x' }), ctx),
        ),
      ).toBe('not_found');
    }
    const [row] = await db.select().from(panelApplications).where(eq(panelApplications.id, theirs));
    expect(row?.status).toBe('pending');
    expect((await viewApplication(db, actor, mine, scope))?.application.id).toBe(mine);
    expect(await countWaitingApplications(db, scope)).toBe(waitingBefore + 1);
  });

  test('members outside the scope cannot be seen or removed', async ({
    db,
    wardOfficer,
    hollowayOfficer,
  }) => {
    const { membershipId } = await createMember(db, {
      wardSlug: 'holloway',
      email: 'holloway-member@example.org',
    });
    const forum = await createMember(db, { body: 'youth_forum', email: 'forum-member@example.org' });
    for (const officer of [wardOfficer, hollowayOfficer]) {
      expect(await viewMember(db, actorOf(officer), forum.membershipId, scopeOf(officer))).toBeNull();
      expect(
        await outcomeCode(
          removeMember(db, actorOf(officer), scopeOf(officer), { id: forum.membershipId, reason: 'x' }, ctx),
        ),
      ).toBe('not_found');
    }
    expect(await viewMember(db, actorOf(wardOfficer), membershipId, scopeOf(wardOfficer))).toBeNull();
    expect(await auditOf(db, 'panel_membership.view', membershipId)).toHaveLength(0);
    expect(
      await outcomeCode(
        removeMember(db, actorOf(wardOfficer), scopeOf(wardOfficer), { id: membershipId, reason: 'x' }, ctx),
      ),
    ).toBe('not_found');
    expect(await outboxTo(db, 'holloway-member@example.org')).toHaveLength(0);
    expect(
      (await viewMember(db, actorOf(hollowayOfficer), membershipId, scopeOf(hollowayOfficer)))?.panel.segment,
    ).toBe('holloway');
    expect(await auditOf(db, 'panel_membership.view', membershipId)).toHaveLength(1);
  });

  test('liaison officers see every ward’s panel and the Forum', async ({ db, liaisonOfficer }) => {
    const panels = await listPanelsForStaff(db, scopeOf(liaisonOfficer));
    expect(panels.length).toBeGreaterThan(30);
    expect(panels.at(-1)?.panel).toEqual(FORUM_PANEL);
    expect(await resolvePanel(db, { body: 'youth_forum' }, 'all')).toEqual(FORUM_PANEL);
    expect(panelKeyOf('youth-advisory-forum')).toEqual({ body: 'youth_forum' });
  });
});

describe('the queue', () => {
  test('lists pending then waitlisted, oldest first, with the counts of every status', async ({ db }) => {
    const at = (d: number) => new Date(Date.UTC(2026, 0, d));
    const ward = 'kings-cross';
    const later = await createApplication(db, { wardSlug: ward, createdAt: at(5) });
    const older = await createApplication(db, { wardSlug: ward, createdAt: at(2) });
    const waiting = await createApplication(db, { wardSlug: ward, status: 'waitlisted', createdAt: at(1) });
    await createApplication(db, { wardSlug: ward, status: 'declined' });
    await createApplication(db, { wardSlug: ward, status: 'unconfirmed' });
    await createApplication(db, { wardSlug: ward, status: 'awaiting_guardian' });
    const panel = await resolvePanel(db, { body: 'ward_panel', wardSlug: ward }, 'all');
    if (!panel) throw new Error('no panel');
    const queue = await listPanelQueue(db, panel);
    expect(queue.waiting.map((w) => w.id)).toEqual([older, later, waiting]);
    expect(queue.counts).toEqual({ pending: 2, waitlisted: 1, approved: 0, declined: 1 });
    // Not yet complete: staff never open them.
    const [unconfirmed] = await db
      .select({ id: panelApplications.id })
      .from(panelApplications)
      .where(eq(panelApplications.status, 'unconfirmed'));
    expect(
      await viewApplication(
        db,
        { id: '00000000-0000-4000-8000-000000000000', email: 'x@example.org' },
        unconfirmed?.id ?? '',
        'all',
      ),
    ).toBeNull();
  });
});

describe('decisions', () => {
  test('approving makes the membership, emails the applicant and audits it, in one transaction', async ({
    db,
    liaisonOfficer,
  }) => {
    const id = await createApplication(db, {
      wardSlug: 'highbury',
      email: 'approve-me@example.org',
      fullName: 'Grace Brewster Hopper',
      showOnPanelPage: true,
      connection: 'work',
    });
    const result = await decideApplication(
      db,
      actorOf(liaisonOfficer),
      'all',
      approve(id, { adultConfirmed: 'yes' }),
      ctx,
    );
    expect(result.decision).toBe('approved');
    const [m] = await db.select().from(panelMemberships).where(eq(panelMemberships.applicationId, id));
    expect(m).toMatchObject({
      termStartsOn: today,
      termEndsOn: addYears(today, 2),
      publicName: 'Grace',
      publicRole: 'Works in the ward',
      endedOn: null,
    });
    const [mail] = await outboxTo(db, 'approve-me@example.org');
    expect(mail?.kind).toBe('panel-decision');
    expect(mail?.text).toContain('Highbury Ward Panel');
    const [audit] = await auditOf(db, 'panel_application.decide', id);
    expect(audit?.details).toMatchObject({
      from: 'pending',
      to: 'approved',
      membership: m?.id,
      listed: true,
      emailed: 1,
    });
    // Decided once: never again.
    expect(await outcomeCode(decideApplication(db, actorOf(liaisonOfficer), 'all', approve(id), ctx))).toBe(
      'already_decided',
    );
  });

  test('a refused decision leaves no status, membership, email or audit row behind', async ({
    db,
    liaisonOfficer,
  }) => {
    const id = await createApplication(db, { email: 'rolled-back@example.org' });
    const bad = { ...approve(id), term: { startsOn: today, endsOn: today } };
    expect(await outcomeCode(decideApplication(db, actorOf(liaisonOfficer), 'all', bad, ctx))).toBe(
      'term_order',
    );
    const [row] = await db.select().from(panelApplications).where(eq(panelApplications.id, id));
    expect(row?.status).toBe('pending');
    expect(
      await db.select().from(panelMemberships).where(eq(panelMemberships.applicationId, id)),
    ).toHaveLength(0);
    expect(await outboxTo(db, 'rolled-back@example.org')).toHaveLength(0);
    expect(await auditOf(db, 'panel_application.decide', id)).toHaveLength(0);
  });

  test('declining needs a reason, which the applicant is told', async ({ db, liaisonOfficer }) => {
    const id = await createApplication(db, { email: 'declined@example.org' });
    expect(DecisionSchema.safeParse({ id, decision: 'declined' }).success).toBe(false);
    await decideApplication(
      db,
      actorOf(liaisonOfficer),
      'all',
      decision(id, { decision: 'declined', reason: 'The panel is full this year' }),
      ctx,
    );
    const [mail] = await outboxTo(db, 'declined@example.org');
    expect(mail?.text).toContain('Why: The panel is full this year');
    expect(
      await db.select().from(panelMemberships).where(eq(panelMemberships.applicationId, id)),
    ).toHaveLength(0);
  });

  test('a waitlisted application can be approved later, not waitlisted again', async ({
    db,
    liaisonOfficer,
  }) => {
    const id = await createApplication(db, {});
    const actor = actorOf(liaisonOfficer);
    await decideApplication(db, actor, 'all', decision(id, { decision: 'waitlisted' }), ctx);
    expect(
      await outcomeCode(decideApplication(db, actor, 'all', decision(id, { decision: 'waitlisted' }), ctx)),
    ).toBe('already_decided');
    expect(await outcomeCode(decideApplication(db, actor, 'all', approve(id), ctx))).toBe('ok');
  });

  test('an under-16’s parent or guardian gets the decision too', async ({ db, liaisonOfficer }) => {
    const id = await createApplication(db, {
      body: 'youth_forum',
      email: 'young@example.org',
      dateOfBirth: yearsAgo(15),
      guardian: { name: 'Pat Parent', email: 'guardian@example.org' },
      showOnPanelPage: true,
    });
    await decideApplication(db, actorOf(liaisonOfficer), 'all', approve(id), ctx);
    expect(await outboxTo(db, 'young@example.org')).toHaveLength(1);
    const [copy] = await outboxTo(db, 'guardian@example.org');
    expect(copy?.text).toContain('Dear Pat Parent');
    const [m] = await db.select().from(panelMemberships).where(eq(panelMemberships.applicationId, id));
    expect(m?.publicName).toBeNull();
  });

  test.for([
    [
      'a consenting adult Ward Panel applicant staff confirmed',
      { showOnPanelPage: true },
      { adultConfirmed: 'yes' },
      'Ada',
    ],
    ['a consenting Ward Panel applicant not confirmed an adult', { showOnPanelPage: true }, {}, null],
    ['an applicant who did not consent', { showOnPanelPage: false }, { adultConfirmed: 'yes' }, null],
    [
      'a consenting Forum member who is 18 today',
      { body: 'youth_forum', showOnPanelPage: true, dateOfBirth: yearsAgo(18) },
      {},
      'Ada',
    ],
    [
      'a consenting Forum member 18 tomorrow',
      { body: 'youth_forum', showOnPanelPage: true, dateOfBirth: yearsAgo(18, -1) },
      {},
      null,
    ],
  ] as const)('names %s: %s', async ([, app, extra, name], { db, liaisonOfficer }) => {
    const id = await createApplication(db, { ...app });
    await decideApplication(db, actorOf(liaisonOfficer), 'all', approve(id, { ...extra }), ctx);
    const [m] = await db.select().from(panelMemberships).where(eq(panelMemberships.applicationId, id));
    expect(m?.publicName ?? null).toBe(name);
  });
});

describe('audited reads and removal', () => {
  test('every read of an applicant’s details, and of a panel’s members, is audited', async ({
    db,
    wardOfficer,
  }) => {
    const id = await createApplication(db, {});
    const actor = actorOf(wardOfficer, '203.0.113.9');
    await viewApplication(db, actor, id, scopeOf(wardOfficer));
    await viewApplication(db, actor, id, scopeOf(wardOfficer));
    const rows = await auditOf(db, 'panel_application.view', id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actorId: wardOfficer.id, client: '203.0.113.9' });
    const panel = await resolvePanel(
      db,
      { body: 'ward_panel', wardSlug: 'bloomsbury' },
      scopeOf(wardOfficer),
    );
    if (!panel) throw new Error('no panel');
    await viewPanelMembers(db, actor, panel);
    expect(await auditOf(db, 'panel_membership.list', 'bloomsbury')).toHaveLength(1);
  });

  test('removing a member ends the membership, emails them and audits it; the public page drops them', async ({
    db,
    wardOfficer,
  }) => {
    const { membershipId } = await createMember(db, {
      wardSlug: 'bloomsbury',
      email: 'leaving@example.org',
      publicName: 'Leaving',
    });
    const stays = await createMember(db, { wardSlug: 'bloomsbury', publicName: 'Staying' });
    const wardId =
      (await db.select().from(panelMemberships).where(eq(panelMemberships.id, stays.membershipId)))[0]
        ?.wardId ?? 0;
    expect((await getPublicPanel(db, wardId)).listed.map((m) => m.name)).toContain('Leaving');
    await removeMember(
      db,
      actorOf(wardOfficer),
      scopeOf(wardOfficer),
      { id: membershipId, reason: 'Moved away' },
      ctx,
    );
    const [m] = await db.select().from(panelMemberships).where(eq(panelMemberships.id, membershipId));
    expect(m).toMatchObject({
      endedOn: today,
      endReason: 'Moved away',
      endedBy: wardOfficer.id,
      publicName: null,
    });
    const [mail] = await outboxTo(db, 'leaving@example.org');
    expect(mail?.kind).toBe('panel-removal');
    expect(mail?.text).toContain('Why: Moved away');
    expect(await auditOf(db, 'panel_membership.remove', membershipId)).toHaveLength(1);
    expect((await getPublicPanel(db, wardId)).listed.map((m) => m.name)).not.toContain('Leaving');
    expect(
      await outcomeCode(
        removeMember(
          db,
          actorOf(wardOfficer),
          scopeOf(wardOfficer),
          { id: membershipId, reason: 'again' },
          ctx,
        ),
      ),
    ).toBe('not_member');
  });
});
