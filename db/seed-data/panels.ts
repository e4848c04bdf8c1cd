// Ward Panel and Youth Advisory Forum records for a fresh portal, so the staff pages and the public
// panel pages show something: a few fictional members (some who asked to be named), applications
// waiting for a decision, and equality answers. Every name is made up. Fixed ids keep it idempotent.
import type { Tx } from '../client.ts';
import { equalityResponses, panelApplications, panelMemberships } from '../schema/index.ts';

interface PanelPersonSeed {
  n: number;
  body: 'ward_panel' | 'youth_forum';
  ward: string | null;
  status: 'pending' | 'waitlisted' | 'approved';
  fullName: string;
  connection?: 'live' | 'work' | 'study' | 'organisation';
  organisation?: string;
  reason: string;
  showOnPanelPage: boolean;
  dateOfBirth?: string;
  guardian?: { name: string; email: string };
  /** Approved: the name and role shown, if they asked (and are adults). */
  listed?: { name: string; role: string };
}

const WHY = 'I walk through the ward every day and want to help the team hear what residents see.';

export const PANEL_PEOPLE: readonly PanelPersonSeed[] = [
  {
    n: 1,
    body: 'ward_panel',
    ward: 'bloomsbury',
    status: 'approved',
    fullName: 'Amara Okafor',
    connection: 'live',
    reason: WHY,
    showOnPanelPage: true,
    listed: { name: 'Amara', role: 'Lives in the ward' },
  },
  {
    n: 2,
    body: 'ward_panel',
    ward: 'bloomsbury',
    status: 'approved',
    fullName: 'Tom Reilly',
    connection: 'organisation',
    organisation: 'Marchmont Street Traders',
    reason: WHY,
    showOnPanelPage: true,
    listed: { name: 'Tom', role: 'Represents Marchmont Street Traders' },
  },
  {
    n: 3,
    body: 'ward_panel',
    ward: 'bloomsbury',
    status: 'approved',
    fullName: 'Priya Natarajan',
    connection: 'work',
    reason: WHY,
    showOnPanelPage: false,
  },
  {
    n: 4,
    body: 'ward_panel',
    ward: 'bloomsbury',
    status: 'pending',
    fullName: 'Samuel Adeyemi',
    connection: 'live',
    reason: 'Our street has had a run of bike thefts and I would like to help.',
    showOnPanelPage: true,
  },
  {
    n: 5,
    body: 'ward_panel',
    ward: 'bloomsbury',
    status: 'waitlisted',
    fullName: 'Hannah Cohen',
    connection: 'study',
    reason: WHY,
    showOnPanelPage: false,
  },
  {
    n: 6,
    body: 'ward_panel',
    ward: 'holloway',
    status: 'approved',
    fullName: 'Declan Murphy',
    connection: 'live',
    reason: WHY,
    showOnPanelPage: true,
    listed: { name: 'Declan', role: 'Lives in the ward' },
  },
  {
    n: 7,
    body: 'ward_panel',
    ward: 'holloway',
    status: 'approved',
    fullName: 'Fatima Begum',
    connection: 'live',
    reason: WHY,
    showOnPanelPage: false,
  },
  {
    n: 8,
    body: 'ward_panel',
    ward: 'holloway',
    status: 'pending',
    fullName: 'George Papadopoulos',
    connection: 'work',
    reason: 'I run a café on Holloway Road and see a lot at night.',
    showOnPanelPage: false,
  },
  {
    n: 9,
    body: 'youth_forum',
    ward: 'holloway',
    status: 'approved',
    fullName: 'Kemi Adebayo',
    reason: 'I want young people to be listened to.',
    showOnPanelPage: true,
    dateOfBirth: '2006-03-14',
    listed: { name: 'Kemi', role: 'Forum member' },
  },
  {
    n: 10,
    body: 'youth_forum',
    ward: 'kentish-town-south',
    status: 'pending',
    fullName: 'Leo Martins',
    reason: 'Stop and search worries my friends and I want to talk about it.',
    showOnPanelPage: false,
    dateOfBirth: '2011-02-02',
    guardian: { name: 'Rosa Martins', email: 'rosa.martins@example.org' },
  },
];

const idOf = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const APPLIED = new Date('2025-10-20T10:00:00Z');
const DECIDED = new Date('2025-11-01T10:00:00Z');

/** Equality answers for some panels (enough to show figures, with small cells suppressed). */
const EQUALITY: readonly { ward: string; borough: string; n: number; answers: Record<string, string> }[] = [
  {
    ward: 'bloomsbury',
    borough: 'camden',
    n: 5,
    answers: {
      ageBand: '35-44',
      sex: 'female',
      genderIdentity: 'same',
      ethnicGroup: 'white_british',
      disability: 'no',
      religion: 'none',
    },
  },
  {
    ward: 'bloomsbury',
    borough: 'camden',
    n: 4,
    answers: {
      ageBand: '55-64',
      sex: 'male',
      genderIdentity: 'same',
      ethnicGroup: 'indian',
      disability: 'no',
      religion: 'hindu',
    },
  },
  {
    ward: 'bloomsbury',
    borough: 'camden',
    n: 2,
    answers: {
      ageBand: '25-34',
      sex: 'female',
      ethnicGroup: 'african',
      disability: 'yes_a_little',
      religion: 'christian',
    },
  },
  {
    ward: 'holloway',
    borough: 'islington',
    n: 6,
    answers: {
      ageBand: '45-54',
      sex: 'male',
      genderIdentity: 'same',
      ethnicGroup: 'irish',
      disability: 'no',
      religion: 'christian',
    },
  },
  {
    ward: 'holloway',
    borough: 'islington',
    n: 3,
    answers: { ageBand: '65-74', sex: 'prefer_not_to_say', disability: 'yes_a_lot' },
  },
];

/** Inserts what is missing (wards and boroughs looked up by slug). */
export async function seedPanels(
  tx: Tx,
  wardIds: ReadonlyMap<string, number>,
  boroughId: (slug: string) => number,
  count: (table: string, rows: unknown[]) => void,
): Promise<void> {
  const wardId = (slug: string): number => {
    const id = wardIds.get(slug);
    if (id === undefined) throw new Error(`Unknown ward ${slug}`);
    return id;
  };
  for (const p of PANEL_PEOPLE) {
    const id = idOf(p.n);
    count(
      'panel_applications',
      await tx
        .insert(panelApplications)
        .values({
          id,
          body: p.body,
          wardId: p.ward ? wardId(p.ward) : null,
          status: p.status,
          fullName: p.fullName,
          email: `${p.fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
          connection: p.connection ?? null,
          organisation: p.organisation ?? null,
          reason: p.reason,
          availability: 'Weekday evenings',
          contactConsent: true,
          showOnPanelPage: p.showOnPanelPage,
          dateOfBirth: p.dateOfBirth ?? null,
          guardianName: p.guardian?.name ?? null,
          guardianEmail: p.guardian?.email ?? null,
          guardianDecision: p.guardian ? 'approved' : null,
          guardianDecidedAt: p.guardian ? APPLIED : null,
          emailConfirmedAt: APPLIED,
          decidedAt: p.status === 'pending' ? null : DECIDED,
          createdAt: new Date(APPLIED.getTime() + p.n * 3_600_000),
        })
        .onConflictDoNothing({ target: panelApplications.id })
        .returning({ id: panelApplications.id }),
    );
    if (p.status !== 'approved') continue;
    count(
      'panel_memberships',
      await tx
        .insert(panelMemberships)
        .values({
          applicationId: id,
          body: p.body,
          wardId: p.body === 'ward_panel' && p.ward ? wardId(p.ward) : null,
          termStartsOn: '2025-11-01',
          termEndsOn: '2027-11-01',
          publicName: p.listed?.name ?? null,
          publicRole: p.listed?.role ?? null,
        })
        .onConflictDoNothing({ target: panelMemberships.applicationId })
        .returning({ id: panelMemberships.id }),
    );
  }
  let i = 0;
  const rows = EQUALITY.flatMap((e) =>
    Array.from({ length: e.n }, () => ({
      id: `5eede000-0000-4000-8000-${String(++i).padStart(12, '0')}`,
      body: 'ward_panel',
      wardId: wardId(e.ward),
      boroughId: boroughId(e.borough),
      submittedMonth: '2025-10-01',
      ...e.answers,
    })),
  );
  count(
    'equality_responses',
    await tx
      .insert(equalityResponses)
      .values(rows)
      .onConflictDoNothing({ target: equalityResponses.id })
      .returning({ id: equalityResponses.id }),
  );
}
