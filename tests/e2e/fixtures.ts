// Staff fixtures for the browser suite, written into the embedded database before the server
// starts (only one process may open it). Prints JSON the global setup hands to the tests.
//   node --experimental-strip-types tests/e2e/fixtures.ts

import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { and, eq } from 'drizzle-orm';
import { createDb, dbOptionsFromEnv } from '../../db/client.ts';
import { emailOutbox, emailSuppressions, wardPriorityUpdates, wards } from '../../db/schema/index.ts';
import {
  createPlanUpdate,
  setPlanUpdatePublished,
} from '../../src/features/action-plan/plan-updates.server.ts';
import {
  completeInvitation,
  findValidToken,
  inviteStaff,
  setInitialPassword,
} from '../../src/features/auth/one-time-links.server.ts';
import type { Role } from '../../src/features/auth/permissions.ts';
import { createSession } from '../../src/features/auth/session.server.ts';
import { generateTotpKey } from '../../src/features/auth/totp.ts';
import { saveStep, sendConcern } from '../../src/features/concerns/concerns.server.ts';
import { enqueueEmail } from '../../src/features/email/outbox.server.ts';
import { createEvent } from '../../src/features/events/events.server.ts';
import { createNewsletter } from '../../src/features/newsletters/issues.server.ts';
import { createPriority, postPriorityUpdate } from '../../src/features/priorities/priorities.server.ts';
import { openRound } from '../../src/features/votes/rounds.server.ts';
import { resolveAppSecret } from '../../src/server/node/app-secret.ts';
import { createApplication, createMember } from '../helpers/panels.ts';
import { createOpenRound, type TestRound } from '../helpers/votes.ts';

export const FIXTURE_PASSWORD = 'e2e fixture password, long enough';
const SUPPRESSED_ADDRESS = 'bounced-fixture@example.org';

export interface Fixtures {
  password: string;
  staff: Record<Role, { id: string; email: string; totpKey: string; session: string }>;
  /** Sessions that must be refused: past their 12 hours, idle for 40 minutes, or waiting for a code. */
  expiredSession: string;
  idleSession: string;
  pendingSession: string;
  /** A liaison officer other tests may change, deactivate and reactivate. */
  targetStaffId: string;
  /** A ward officer who "loses their phone": only the second-factor reset journey uses them. */
  lostPhoneStaff: { id: string; email: string; session: string };
  draftUpdateId: number;
  /** A published update on action 1, dated long before the seeded ones: it never leads the timeline. */
  publishedUpdateId: number;
  /** A message queued before the server starts; its worker delivers it to the local mailbox. */
  mailboxMessageId: string;
  /** An address suppressed after a bounce, which an admin lifts. */
  suppressedAddress: string;
  /** A newsletter draft that stays a draft (pages, edit, test send). */
  draftNewsletterId: number;
  /** A newsletter draft the authorisation test may publish and unpublish. */
  publishableNewsletterId: number;
  /** A concern in Bloomsbury (the ward officer's ward), with contact details. */
  concernId: string;
  concernReference: string;
  /** An anonymous concern whose reporter did not know the ward: the triage test puts it in Holloway. */
  unknownWardConcernId: string;
  unknownWardConcernReference: string;
  /** A ward officer for Holloway only: the Bloomsbury concern is not theirs to see. */
  otherWardOfficer: { email: string; session: string };
  /** A current priority in Bloomsbury (the ward officer's ward), set on 1 October 2024. */
  priorityId: number;
  /** Another, that the authorisation test may retire. */
  retirablePriorityId: number;
  /** Two progress updates on the first: the authorisation test may correct the one and remove the other. */
  priorityUpdateId: number;
  removablePriorityUpdateId: number;
  /** A priority vote in Bloomsbury, open since an hour ago for 30 days; the authorisation test may close and decide it. */
  roundId: number;
  /** An open vote round in Mildmay (4 options, choose up to 2), made here so no test needs the seed's. */
  voteRound: TestRound;
  /** A Ward Panel meeting in Bloomsbury in 60 days; the authorisation test may edit, move and cancel it. */
  eventId: number;
  /** Applications to the Bloomsbury Ward Panel waiting for a decision: one asked to be named, one did not. */
  panelApplications: { named: string; unnamed: string };
  /** Members of the Bloomsbury Ward Panel: one whose removal page is opened, one the authorisation test may remove. */
  panelMembers: { shown: number; removable: number };
}

async function main(): Promise<void> {
  const handle = await createDb(dbOptionsFromEnv(process.env));
  const secret = resolveAppSecret(process.env);
  const db = handle.db;
  try {
    const now = new Date();
    const wardIds = Object.fromEntries(
      (await db.select({ id: wards.id, slug: wards.slug }).from(wards)).map((w) => [w.slug, w.id]),
    );
    const make = async (role: Role, email: string, wardSlugs: string[] = []) => {
      const { token } = await inviteStaff(
        db,
        { email, name: `E2E ${role}`, role, wardIds: wardSlugs.map((s) => wardIds[s] as number) },
        { id: null, email: 'e2e' },
        secret,
      );
      const holder = await findValidToken(db, secret, token, 'invite');
      if (!holder) throw new Error('no invitation');
      await setInitialPassword(db, holder, FIXTURE_PASSWORD, null);
      const ready = await findValidToken(db, secret, token, 'invite');
      if (!ready) throw new Error('invitation gone');
      const key = generateTotpKey();
      // Enrol with the code of two steps ago so the current codes stay usable in the tests.
      const earlier = new Date(now.getTime() - 60_000);
      const code = generateHOTP(key, BigInt(Math.floor(earlier.getTime() / 30_000)), 6);
      const done = await completeInvitation(db, ready, key, code, {
        secret,
        baseUrl: 'http://localhost:4321',
        now: earlier,
      });
      return { id: holder.user.id, email, totpKey: encodeBase32UpperCaseNoPadding(key), session: done.token };
    };
    const admin = await make('admin', 'e2e-admin@example.org');
    const liaison = await make('liaison_officer', 'e2e-liaison@example.org');
    const ward = await make('ward_officer', 'e2e-ward@example.org', ['bloomsbury']);
    const otherWard = await make('ward_officer', 'e2e-other-ward@example.org', ['holloway']);
    const target = await make('liaison_officer', 'e2e-target@example.org');
    const lostPhone = await make('ward_officer', 'e2e-lost-phone@example.org');
    const hour = 3_600_000;
    const expired = await createSession(db, admin.id, {
      mfaVerified: true,
      now: new Date(now.getTime() - 13 * hour),
    });
    const idle = await createSession(db, admin.id, {
      mfaVerified: true,
      now: new Date(now.getTime() - (2 / 3) * hour),
    });
    const pending = await createSession(db, admin.id, { mfaVerified: false, now });
    const draftUpdateId = await createPlanUpdate(
      db,
      1,
      {
        updateDate: '2026-11-01',
        status: 'on_track',
        headline: 'E2E draft update',
        body: 'Draft.',
        borough: 'islington',
        source: 'E2E fixture',
      },
      { id: liaison.id, email: liaison.email },
    );
    const publishedUpdateId = await createPlanUpdate(
      db,
      1,
      {
        updateDate: '2019-01-01',
        status: 'on_track',
        headline: 'E2E published update',
        body: 'Published.',
        borough: 'camden',
        source: 'E2E fixture',
      },
      { id: liaison.id, email: liaison.email },
    );
    await setPlanUpdatePublished(db, 1, publishedUpdateId, true, { id: liaison.id, email: liaison.email });
    await db
      .insert(emailSuppressions)
      .values({ address: SUPPRESSED_ADDRESS, reason: 'bounced', eventId: 'e2e-fixture-bounce' });
    const newsletter = (title: string) =>
      createNewsletter(
        db,
        {
          title,
          summary: 'A fixture newsletter.',
          issueDate: '2019-01-31',
          body: 'Fixture newsletter.',
          audience: { kind: 'wards', wards: ['frognal'] },
        },
        { id: liaison.id, email: liaison.email },
      );
    const draftNewsletterId = await newsletter('E2E draft newsletter');
    const publishableNewsletterId = await newsletter('E2E publishable newsletter');
    // Concerns sent a minute ago, as a resident would through the five steps.
    const sendFixtureConcern = async (ward: string, contact: Record<string, unknown>) => {
      const step = { client: null, now: new Date(now.getTime() - 60_000) };
      let { token: draft } = await saveStep(
        db,
        secret,
        undefined,
        'what',
        { category: 'drugs', categoryOther: '' },
        step,
      );
      for (const [name, answers] of [
        ['where', { ward, location: 'Queen Square, by the gardens' }],
        ['when', { timing: 'ongoing', occurredOn: null, timeOfDay: null, frequency: 'Most evenings' }],
        [
          'details',
          {
            description: 'Dealing by the benches; a grey car AB12 CDE waits nearby.',
            impact: 'People avoid the square.',
          },
        ],
        ['contact', contact],
      ] as const) {
        ({ token: draft } = await saveStep(db, secret, draft, name, answers as never, step));
      }
      return sendConcern(db, secret, draft, { client: null, baseUrl: 'http://localhost:4321' });
    };
    const concern = await sendFixtureConcern('bloomsbury', {
      anonymous: false,
      name: 'E2E Reporter',
      email: 'e2e-reporter@example.org',
      phone: '',
      preference: '',
    });
    const unknownWard = await sendFixtureConcern('unknown', {
      anonymous: true,
      name: '',
      email: '',
      phone: '',
      preference: '',
    });
    const addPriority = (title: string) =>
      createPriority(
        db,
        'bloomsbury',
        { title, reason: 'An E2E fixture.', setOn: '2024-10-01' },
        { id: liaison.id, email: liaison.email },
        'all',
      );
    const priorityId = await addPriority('E2E fixture priority');
    const retirablePriorityId = await addPriority('E2E retirable priority');
    const fixtureUpdate = async (body: string) => {
      const actor = { id: liaison.id, email: liaison.email };
      await postPriorityUpdate(db, priorityId, { updateDate: '2024-10-02', body }, actor, 'all');
      const [row] = await db
        .select({ id: wardPriorityUpdates.id })
        .from(wardPriorityUpdates)
        .where(and(eq(wardPriorityUpdates.priorityId, priorityId), eq(wardPriorityUpdates.body, body)));
      return row?.id as number;
    };
    const priorityUpdateId = await fixtureUpdate('An E2E fixture update.');
    const removablePriorityUpdateId = await fixtureUpdate('An E2E fixture update to remove.');
    const round = await openRound(
      db,
      'bloomsbury',
      {
        options: ['Drug dealing', 'Noise at night', 'Street drinking'].map((title) => ({
          title,
          description: `Make ${title.toLowerCase()} a focus.`,
        })),
        opensAt: new Date(now.getTime() - 3_600_000),
        closesAt: new Date(now.getTime() + 30 * 86_400_000),
        maxChoices: 2,
        showCountsWhileOpen: false,
      },
      { id: liaison.id, email: liaison.email },
      'all',
    );
    const voteRound = await createOpenRound(db, 'mildmay', { options: 4, maxChoices: 2 });
    const meetingStart = new Date(now.getTime() + 60 * 86_400_000);
    const meeting = await createEvent(
      db,
      { kind: 'ward', slug: 'bloomsbury' },
      {
        kind: 'panel_meeting',
        title: 'E2E Bloomsbury Ward Panel meeting',
        description: 'The fixture meeting.',
        startsAt: meetingStart,
        endsAt: new Date(meetingStart.getTime() + 90 * 60_000),
        venueName: 'Holborn Library',
        venueAddress: '32–38 Theobalds Road, London WC1X 8PA',
        accessInfo: 'Step-free entrance; hearing loop.',
        onlineUrl: null,
      },
      { id: liaison.id, email: liaison.email },
      'all',
      { baseUrl: 'http://localhost:4321' },
    );
    const applied = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const panelApplications = {
      named: await createApplication(db, {
        wardSlug: 'bloomsbury',
        fullName: 'Wilhelmina Fixture',
        email: 'wilhelmina@example.org',
        showOnPanelPage: true,
        createdAt: applied(2),
      }),
      unnamed: await createApplication(db, {
        wardSlug: 'bloomsbury',
        fullName: 'Bartholomew Fixture',
        email: 'bartholomew@example.org',
        createdAt: applied(1),
      }),
    };
    const panelMembers = {
      shown: (await createMember(db, { wardSlug: 'bloomsbury', fullName: 'Stays Fixture' })).membershipId,
      removable: (await createMember(db, { wardSlug: 'bloomsbury', fullName: 'Removable Fixture' }))
        .membershipId,
    };
    const queued = await enqueueEmail(db, {
      to: 'e2e-reader@example.org',
      kind: 'e2e-fixture',
      subject: 'E2E fixture message',
      // Markup in the text must show as text; only the https address becomes a link.
      html: '<p>Hello <a href="https://html-part.example/">from the HTML part</a></p>',
      text: 'Hello <b>there</b>.\n\nOpen https://portal.example.org/staff/setup?x=1&y=2. Not javascript:alert(1) or ftp://files.example/.',
    });
    // Delivered to the local mailbox "a year from now": the mailbox lists the newest first, 50 a page,
    // and the suite's own journeys send more than 50 messages before the mailbox tests may run.
    await db
      .update(emailOutbox)
      .set({ status: 'sent', provider: 'local', sentAt: new Date(now.getTime() + 365 * 86_400_000) })
      .where(eq(emailOutbox.id, queued.id));
    const fixtures: Fixtures = {
      password: FIXTURE_PASSWORD,
      staff: { admin, liaison_officer: liaison, ward_officer: ward },
      expiredSession: expired.token,
      idleSession: idle.token,
      pendingSession: pending.token,
      targetStaffId: target.id,
      lostPhoneStaff: { id: lostPhone.id, email: lostPhone.email, session: lostPhone.session },
      draftUpdateId,
      publishedUpdateId,
      mailboxMessageId: queued.id,
      suppressedAddress: SUPPRESSED_ADDRESS,
      draftNewsletterId,
      publishableNewsletterId,
      concernId: concern.id,
      concernReference: concern.reference,
      unknownWardConcernId: unknownWard.id,
      unknownWardConcernReference: unknownWard.reference,
      otherWardOfficer: { email: otherWard.email, session: otherWard.session },
      priorityId,
      retirablePriorityId,
      priorityUpdateId,
      removablePriorityUpdateId,
      roundId: round.id,
      voteRound,
      eventId: meeting.id,
      panelApplications,
      panelMembers,
    };
    process.stdout.write(JSON.stringify(fixtures));
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
