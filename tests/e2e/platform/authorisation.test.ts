// Every staff page and every staff action, called as anonymous, with an expired, an idle and a
// half-finished (password only) session, and as each role: refused unless the role holds the
// permission. A new staff page or action must be added to these tables — the completeness tests
// below fail until it is.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { can, type Permission, ROLES, type Role } from '../../../src/features/auth/permissions.ts';
import { londonToday } from '../../../src/lib/dates.ts';

const baseURL = inject('baseURL');
const fx = inject('fixtures');

const PAGES: { path: string; permission: Permission }[] = [
  { path: '/staff', permission: 'dashboard:view' },
  { path: '/staff/account', permission: 'account:manage' },
  { path: '/staff/account/two-factor', permission: 'account:manage' },
  { path: '/staff/account/recovery-codes', permission: 'account:manage' },
  { path: '/staff/setup/recovery-codes', permission: 'account:manage' },
  { path: '/staff/users', permission: 'staff:manage' },
  { path: '/staff/users/invite', permission: 'staff:manage' },
  { path: `/staff/users/${fx.targetStaffId}`, permission: 'staff:manage' },
  { path: '/staff/audit', permission: 'audit:view' },
  { path: '/staff/action-plan', permission: 'plan_update:write' },
  { path: '/staff/action-plan/1', permission: 'plan_update:write' },
  { path: '/staff/action-plan/1/new', permission: 'plan_update:write' },
  { path: `/staff/action-plan/1/${fx.draftUpdateId}`, permission: 'plan_update:write' },
  { path: `/staff/action-plan/1/${fx.publishedUpdateId}/unpublish`, permission: 'plan_update:publish' },
  { path: '/staff/mailbox', permission: 'mailbox:view' },
  { path: `/staff/mailbox/${fx.mailboxMessageId}`, permission: 'mailbox:view' },
  { path: '/staff/emails', permission: 'email:retry' },
  { path: '/staff/newsletters', permission: 'newsletter:write' },
  { path: '/staff/newsletters/new', permission: 'newsletter:write' },
  { path: `/staff/newsletters/${fx.draftNewsletterId}`, permission: 'newsletter:write' },
  { path: `/staff/newsletters/${fx.draftNewsletterId}/edit`, permission: 'newsletter:write' },
  { path: `/staff/newsletters/${fx.draftNewsletterId}/email`, permission: 'newsletter:write' },
  // A seeded issue, on the website (the first seeded: id 1).
  { path: '/staff/newsletters/1/unpublish', permission: 'newsletter:publish' },
  { path: '/staff/concerns', permission: 'concern:view' },
  { path: `/staff/concerns/${fx.concernId}`, permission: 'concern:view' },
  { path: '/staff/concerns/export.csv?status=open', permission: 'concern:export' },
  { path: '/staff/priorities', permission: 'priority:write' },
  // Bloomsbury is the ward officer's ward (another ward's pages are not found: priorities-staff.test.ts).
  { path: '/staff/priorities/bloomsbury', permission: 'priority:write' },
  { path: '/staff/priorities/bloomsbury/new', permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/${fx.priorityId}`, permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/${fx.priorityId}/update`, permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/${fx.retirablePriorityId}/retire`, permission: 'priority:write' },
  {
    path: `/staff/priorities/bloomsbury/${fx.priorityId}/updates/${fx.priorityUpdateId}`,
    permission: 'priority:write',
  },
  {
    path: `/staff/priorities/bloomsbury/${fx.priorityId}/updates/${fx.priorityUpdateId}/remove`,
    permission: 'priority:write',
  },
  { path: '/staff/votes', permission: 'priority:write' },
  { path: '/staff/priorities/bloomsbury/votes/new', permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/votes/${fx.roundId}`, permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/votes/${fx.roundId}/edit`, permission: 'priority:write' },
  { path: `/staff/priorities/bloomsbury/votes/${fx.roundId}/close`, permission: 'priority:write' },
  { path: '/staff/events', permission: 'event:write' },
  { path: '/staff/events/new', permission: 'event:write' },
  // A Bloomsbury meeting (the ward officer's ward; another ward's is not found: events-staff.test.ts).
  { path: `/staff/events/${fx.eventId}`, permission: 'event:write' },
  { path: `/staff/events/${fx.eventId}/edit`, permission: 'event:write' },
  { path: `/staff/events/${fx.eventId}/move`, permission: 'event:write' },
  { path: `/staff/events/${fx.eventId}/cancel`, permission: 'event:write' },
  // Bloomsbury's Ward Panel, the ward officer's (another ward's and the Forum are not found: panels/panel-staff.test.ts).
  { path: '/staff/panels', permission: 'panel:review' },
  { path: '/staff/panels/bloomsbury', permission: 'panel:review' },
  { path: '/staff/panels/bloomsbury/members', permission: 'panel:review' },
  {
    path: `/staff/panels/bloomsbury/applications/${fx.panelApplications.unnamed}`,
    permission: 'panel:review',
  },
  { path: `/staff/panels/bloomsbury/members/${fx.panelMembers.shown}/remove`, permission: 'panel:review' },
  { path: '/staff/panels/bloomsbury/members.csv', permission: 'panel:export' },
  { path: '/staff/panels/bloomsbury/equality', permission: 'panel:equality' },
  { path: '/staff/panels/boroughs/camden', permission: 'panel:equality' },
];

/** Pages anyone may open: the ways in to the back office. */
const PUBLIC_STAFF_PAGES = [
  'login/index',
  'login/two-factor',
  'login/recovery',
  'login/new-authenticator',
  'setup/[token]',
  'setup/index',
  'setup/two-factor',
  'forgot-password/index',
  'forgot-password/sent',
  'reset-password/[token]',
  'reset-password/index',
  'forbidden',
  // Reached only through requireChosenView's rewrite; opened directly it is not found.
  'confirm-view',
];

let seq = 0;
let extensions = 0;
let moves = 0;
/** Valid input, so the only reason to refuse is who is asking. */
const ACTIONS: { name: string; permission: Permission; input: () => Record<string, string | string[]> }[] = [
  {
    name: 'account.changePassword',
    permission: 'account:manage',
    // A wrong current password: gets past authorisation, changes nothing.
    input: () => ({
      currentPassword: 'not my password',
      password: 'a new long password 1',
      confirmPassword: 'a new long password 1',
    }),
  },
  {
    name: 'account.reEnrolTotp',
    permission: 'account:manage',
    input: () => ({
      currentPassword: 'not my password',
      currentCode: '123456',
      key: 'A'.repeat(32),
      code: '123456',
    }),
  },
  { name: 'account.endSession', permission: 'account:manage', input: () => ({ sessionId: '0'.repeat(64) }) },
  { name: 'account.recoveryCodesSaved', permission: 'account:manage', input: () => ({ next: '/staff' }) },
  {
    name: 'staff.invite',
    permission: 'staff:manage',
    input: () => ({
      email: `authz-${Date.now()}-${++seq}@example.org`,
      name: 'Authz Test',
      role: 'liaison_officer',
    }),
  },
  {
    name: 'staff.update',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, role: 'liaison_officer' }),
  },
  {
    name: 'staff.deactivate',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, reason: 'authorisation test' }),
  },
  {
    name: 'staff.reactivate',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, reason: 'authorisation test' }),
  },
  {
    name: 'staff.resendInvitation',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId }),
  },
  {
    name: 'staff.endSessions',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, reason: 'authorisation test' }),
  },
  {
    name: 'staff.resetSecondFactor',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, reason: 'authorisation test' }),
  },
  {
    name: 'staff.unlock',
    permission: 'staff:manage',
    input: () => ({ id: fx.targetStaffId, reason: 'authorisation test' }),
  },
  {
    name: 'planUpdates.create',
    permission: 'plan_update:write',
    input: () => ({
      actionNumber: '1',
      updateDate: '2026-11-02',
      status: 'on_track',
      headline: `Authz ${++seq}`,
      body: 'x',
      borough: 'camden',
      source: 'Authorisation test',
    }),
  },
  {
    name: 'planUpdates.edit',
    permission: 'plan_update:write',
    input: () => ({
      actionNumber: '1',
      id: String(fx.draftUpdateId),
      updateDate: '2026-11-01',
      status: 'on_track',
      headline: 'E2E draft update',
      body: 'Draft.',
      borough: 'islington',
      source: 'E2E fixture',
    }),
  },
  {
    name: 'planUpdates.publish',
    permission: 'plan_update:publish',
    input: () => ({ actionNumber: '1', id: String(fx.draftUpdateId) }),
  },
  {
    name: 'planUpdates.unpublish',
    permission: 'plan_update:publish',
    input: () => ({ actionNumber: '1', id: String(fx.draftUpdateId), confirm: 'yes' }),
  },
  {
    name: 'planUpdates.preview',
    permission: 'plan_update:write',
    input: () => ({ body: 'Preview **this**' }),
  },
  {
    name: 'newsletters.preview',
    permission: 'newsletter:write',
    input: () => ({ body: 'Preview **this**' }),
  },
  {
    name: 'newsletters.create',
    permission: 'newsletter:write',
    input: () => ({
      title: `Authz ${++seq}`,
      summary: 'Authorisation test',
      issueDate: '2019-02-28',
      body: 'x',
      audience: 'borough',
      borough: 'islington',
    }),
  },
  {
    name: 'newsletters.edit',
    permission: 'newsletter:write',
    input: () => ({
      id: String(fx.draftNewsletterId),
      title: 'E2E draft newsletter',
      summary: 'A fixture newsletter.',
      issueDate: '2019-01-31',
      body: 'Fixture newsletter.',
      audience: 'wards',
      wards: ['frognal'],
    }),
  },
  {
    name: 'newsletters.sendTest',
    permission: 'newsletter:write',
    input: () => ({ id: String(fx.draftNewsletterId) }),
  },
  {
    name: 'newsletters.publish',
    permission: 'newsletter:publish',
    input: () => ({ id: String(fx.publishableNewsletterId) }),
  },
  {
    name: 'newsletters.schedule',
    permission: 'newsletter:publish',
    input: () => ({ id: String(fx.publishableNewsletterId), sendAt: '2099-01-01T09:00' }),
  },
  {
    name: 'newsletters.unschedule',
    permission: 'newsletter:publish',
    input: () => ({ id: String(fx.publishableNewsletterId) }),
  },
  {
    name: 'newsletters.unpublish',
    permission: 'newsletter:publish',
    input: () => ({ id: String(fx.publishableNewsletterId), confirm: 'yes' }),
  },
  // A message id that is not waiting: gets past authorisation, then "not found".
  { name: 'emails.retry', permission: 'email:retry', input: () => ({ id: crypto.randomUUID() }) },
  {
    name: 'emails.unsuppress',
    permission: 'email:unsuppress',
    input: () => ({ address: 'nobody@example.org' }),
  },
  {
    name: 'concerns.showContact',
    permission: 'concern:view_contact',
    input: () => ({ id: fx.concernId, reason: 'authorisation test' }),
  },
  // The ward it is in already: gets past authorisation (every role may, for a ward officer it is
  // theirs) and changes nothing.
  {
    name: 'concerns.setWard',
    permission: 'concern:triage',
    input: () => ({ id: fx.concernId, ward: 'bloomsbury' }),
  },
  {
    name: 'concerns.assign',
    permission: 'concern:triage',
    input: () => ({ id: fx.concernId, assignee: '' }),
  },
  {
    name: 'concerns.setStatus',
    permission: 'concern:triage',
    input: () => ({
      id: fx.concernId,
      status: 'reviewing',
      publicNote: '',
      internalNote: 'authorisation test',
    }),
  },
  {
    name: 'concerns.refer',
    permission: 'concern:triage',
    input: () => ({
      id: fx.concernId,
      partner: 'tfl',
      referredOn: '2026-11-30',
      referralInternalNote: 'authorisation test',
    }),
  },
  // A reference nobody has: gets past authorisation, then "not found".
  {
    name: 'concerns.markDuplicate',
    permission: 'concern:triage',
    input: () => ({ id: fx.concernId, original: 'CN-2026-999999' }),
  },
  { name: 'priorities.preview', permission: 'priority:write', input: () => ({ body: 'Preview **this**' }) },
  // Bloomsbury, the ward officer's ward; once it holds five, "retire one first" (not a refusal of who asks).
  {
    name: 'priorities.create',
    permission: 'priority:write',
    input: () => ({
      ward: 'bloomsbury',
      title: `Authz ${++seq}`,
      reason: 'Authorisation test',
      setOn: '2024-11-01',
    }),
  },
  {
    name: 'priorities.edit',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.priorityId),
      title: 'E2E fixture priority',
      reason: 'An E2E fixture.',
      setOn: '2024-10-01',
    }),
  },
  {
    name: 'priorities.postUpdate',
    permission: 'priority:write',
    input: () => ({ id: String(fx.priorityId), updateDate: '2024-11-02', body: 'Authorisation test' }),
  },
  {
    name: 'priorities.correctUpdate',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.priorityId),
      updateId: String(fx.priorityUpdateId),
      updateDate: '2024-10-02',
      body: `Authorisation test ${++seq}`,
    }),
  },
  // The first allowed caller removes it; the others are told it does not exist (not a refusal).
  {
    name: 'priorities.removeUpdate',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.priorityId),
      updateId: String(fx.removablePriorityUpdateId),
      confirm: 'yes',
    }),
  },
  // The first allowed caller retires it; the others are told it is retired already (not a refusal).
  {
    name: 'priorities.retire',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.retirablePriorityId),
      retiredOn: '2024-11-03',
      outcome: 'Authorisation test',
      confirm: 'yes',
    }),
  },
  // The unnamed fixture application: the first allowed caller waitlists it (unless the journey test
  // approved it first), later ones are told it is decided (not a refusal of who asks).
  {
    name: 'panelStaff.decide',
    permission: 'panel:review',
    input: () => ({ id: fx.panelApplications.unnamed, decision: 'waitlisted' }),
  },
  {
    name: 'panelStaff.removeMember',
    permission: 'panel:review',
    input: () => ({ id: String(fx.panelMembers.removable), reason: 'Authorisation test', confirm: 'yes' }),
  },
  // Bloomsbury's round (the fixture): `create` is told the ward has one already; `edit` and `extend`
  // change it (each caller's close later than the last); the first allowed caller closes it early and
  // records the decision, and later ones are told it is closed or decided (not a refusal of who asks).
  {
    name: 'voteRounds.create',
    permission: 'priority:write',
    input: () => ({
      ward: 'bloomsbury',
      option1Title: 'Drugs',
      option1Description: 'Dealing.',
      option2Title: 'Noise',
      option2Description: 'Parties.',
      opensAt: '2031-01-01T09:00',
      closesAt: '2031-01-21T17:00',
      maxChoices: '1',
    }),
  },
  {
    name: 'voteRounds.edit',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.roundId),
      option1Title: 'Drug dealing',
      option1Description: 'Make drug dealing a focus.',
      option2Title: 'Noise at night',
      option2Description: 'Make noise at night a focus.',
      opensAt: '2026-01-01T09:00',
      closesAt: '2035-01-01T09:00',
      maxChoices: '2',
    }),
  },
  {
    name: 'voteRounds.extend',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.roundId),
      closesAt: `2036-01-${String(++extensions).padStart(2, '0')}T09:00`,
    }),
  },
  {
    name: 'voteRounds.closeEarly',
    permission: 'priority:write',
    input: () => ({ id: String(fx.roundId), reason: 'Authorisation test', confirm: 'yes' }),
  },
  {
    name: 'voteRounds.decide',
    permission: 'priority:write',
    input: () => ({
      id: String(fx.roundId),
      reason: 'Authorisation test',
      decidedOn: londonToday(new Date()),
    }),
  },
  // Events: `create` adds a Bloomsbury meeting each time; `edit` and `move` change the fixture's
  // meeting (each move to other times); the first allowed caller cancels it, and later ones are told
  // it is cancelled (not a refusal of who asks).
  {
    name: 'events.create',
    permission: 'event:write',
    input: () => ({
      place: 'ward:bloomsbury',
      kind: 'panel_meeting',
      title: 'Authorisation test meeting',
      description: 'Authorisation test.',
      startsAt: '2035-03-06T18:30',
      endsAt: '2035-03-06T20:00',
      venueName: 'Holborn Library',
      venueAddress: '32–38 Theobalds Road, London WC1X 8PA',
      accessInfo: 'Step-free.',
    }),
  },
  {
    name: 'events.edit',
    permission: 'event:write',
    input: () => ({
      id: String(fx.eventId),
      kind: 'panel_meeting',
      title: 'E2E Bloomsbury Ward Panel meeting',
      description: `Authorisation test ${++moves}.`,
      venueName: 'Holborn Library',
      venueAddress: '32–38 Theobalds Road, London WC1X 8PA',
      accessInfo: 'Step-free.',
    }),
  },
  {
    name: 'events.move',
    permission: 'event:write',
    input: () => {
      const day = String(++moves).padStart(2, '0');
      return {
        id: String(fx.eventId),
        startsAt: `2036-01-${day}T18:30`,
        endsAt: `2036-01-${day}T20:00`,
        note: 'Moved.',
      };
    },
  },
  {
    name: 'events.cancel',
    permission: 'event:write',
    input: () => ({ id: String(fx.eventId), note: 'Authorisation test', confirm: 'yes' }),
  },
];

type Caller = { label: string; token: string | null; role: Role | null };
const CALLERS: Caller[] = [
  { label: 'anonymous', token: null, role: null },
  { label: 'an expired session', token: fx.expiredSession, role: null },
  { label: 'an idle session', token: fx.idleSession, role: null },
  { label: 'a session without its second factor', token: fx.pendingSession, role: null },
  ...ROLES.map((role) => ({ label: role, token: fx.staff[role].session, role })),
];

function headers(caller: Caller): Record<string, string> {
  return caller.token ? { cookie: `cn_staff=${caller.token}` } : {};
}

beforeAll(async () => {
  // The fixture message is delivered by the server's worker once it starts: wait for it.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${baseURL}/staff/mailbox/${fx.mailboxMessageId}`, {
      headers: { cookie: `cn_staff=${fx.staff.admin.session}` },
      redirect: 'manual',
    });
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('The fixture email never reached the local mailbox');
});

describe('staff pages', () => {
  for (const page of PAGES) {
    for (const caller of CALLERS) {
      const allowed = caller.role !== null && can(caller.role, page.permission);
      it(`${page.path} as ${caller.label}: ${allowed ? 'shown' : 'refused'}`, async () => {
        const res = await fetch(baseURL + page.path, { headers: headers(caller), redirect: 'manual' });
        if (allowed) {
          expect(res.status).toBe(200);
          expect(res.headers.get('cache-control')).toBe('no-store');
        } else if (caller.role === null) {
          expect(res.status).toBe(303);
          expect(res.headers.get('location')).toMatch(/^\/staff\/login\?next=/);
        } else {
          expect(res.status).toBe(403);
          expect(await res.text()).toContain('You do not have permission');
        }
      });
    }
  }
});

describe('staff actions', () => {
  for (const action of ACTIONS) {
    for (const caller of CALLERS) {
      const allowed = caller.role !== null && can(caller.role, action.permission);
      it(`${action.name} as ${caller.label}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const body = new URLSearchParams();
        for (const [k, v] of Object.entries(action.input())) for (const x of [v].flat()) body.append(k, x);
        const res = await fetch(`${baseURL}/_actions/${action.name}`, {
          method: 'POST',
          headers: {
            ...headers(caller),
            origin: baseURL,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body,
        });
        const text = await res.text();
        if (allowed) {
          // Past the check, with valid input: whatever happens next is not a refusal of who is asking.
          expect(res.status, text).not.toBe(400);
          expect(text).not.toContain('Sign in to continue');
          expect(text).not.toContain('You do not have permission');
          expect(res.status).not.toBe(403);
        } else if (caller.role === null) {
          expect(res.status).toBe(401);
          expect(text).toContain('Sign in to continue');
        } else {
          expect(res.status).toBe(403);
          expect(text).toContain('You do not have permission');
        }
      });
    }
  }
});

describe('the tables are complete', () => {
  it('lists every staff page', () => {
    const root = 'src/pages/staff';
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.astro')) found.push(path.relative(root, full).replace(/\.astro$/, ''));
      }
    };
    walk(root);
    const covered = PAGES.map((p) =>
      p.path
        .replace(/^\/staff\/?/, '')
        .replace(fx.targetStaffId, '[id]')
        .replace(fx.mailboxMessageId, '[id]')
        .replace(/newsletters\/(\d+)/, 'newsletters/[id]')
        .replace(fx.concernId, '[id]')
        .replace(`1/${fx.draftUpdateId}`, '[number]/[id]')
        .replace(`1/${fx.publishedUpdateId}/`, '[number]/[id]/')
        .replace(/action-plan\/1(\/|$)/, 'action-plan/[number]$1')
        .replace(/priorities\/bloomsbury\/votes\/\d+/, 'priorities/[ward]/votes/[id]')
        .replace(/priorities\/bloomsbury\/\d+\/updates\/\d+/, 'priorities/[ward]/[id]/updates/[updateId]')
        .replace(/priorities\/bloomsbury\/\d+/, 'priorities/[ward]/[id]')
        .replace(/priorities\/bloomsbury(\/|$)/, 'priorities/[ward]$1')
        .replace(/events\/\d+/, 'events/[id]')
        .replace(/applications\/[0-9a-f-]{36}/, 'applications/[id]')
        .replace(/members\/\d+\//, 'members/[id]/')
        .replace(/panels\/bloomsbury(\/|$)/, 'panels/[panel]$1')
        .replace(/panels\/boroughs\/camden/, 'panels/boroughs/[borough]'),
    ).map((p) => (p === '' ? 'index' : p));
    const expected = found.filter((f) => !PUBLIC_STAFF_PAGES.includes(f));
    const normalise = (p: string) => p.replace(/\/index$/, '');
    const missing = expected.filter(
      (f) => !covered.some((c) => normalise(c) === normalise(f) || `${normalise(c)}/index` === f),
    );
    expect(missing, 'staff pages missing from the authorisation table').toEqual([]);
  });

  it('lists every staff action', () => {
    const names: string[] = [];
    for (const [file, group] of [
      ['account.ts', 'account'],
      ['staff.ts', 'staff'],
      ['action-plan.ts', 'planUpdates'],
      ['email.ts', 'emails'],
      ['newsletters.ts', 'newsletters'],
      ['concern-triage.ts', 'concerns'],
      ['priorities.ts', 'priorities'],
      ['vote-rounds.ts', 'voteRounds'],
      ['events.ts', 'events'],
      ['panel-staff.ts', 'panelStaff'],
    ] as const) {
      const source = readFileSync(path.join('src/actions', file), 'utf8');
      for (const m of source.matchAll(/^ {2}(\w+): (?:defineAction|\w+Action)\(/gm))
        names.push(`${group}.${m[1]}`);
    }
    const index = readFileSync('src/actions/index.ts', 'utf8');
    // `report`, `subscriptions`, `votes` and `apply` are residents' actions: public, with no staff permission to check.
    const exported = index
      .match(/export const server = \{([^}]*)\}/)?.[1]
      ?.split(',')
      .map((g) => g.trim());
    expect(exported?.filter(Boolean)).toEqual([
      'auth',
      'account',
      'staff',
      'planUpdates',
      'emails',
      'newsletters',
      'subscriptions',
      'report',
      'concerns',
      'priorities',
      'votes',
      'voteRounds',
      'events',
      'panelStaff',
      'apply',
    ]);
    expect(names.sort()).toEqual(ACTIONS.map((a) => a.name).sort());
  });
});
