// Ward Panel and Youth Advisory Forum records for a fresh portal, so the staff pages and the public
// panel pages show something: a few fictional members (some who asked to be named), applications
// waiting for a decision, and equality answers. Every name is made up. db/seed-panels.ts inserts them.

export interface PanelPersonSeed {
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

/** Equality answers for some panels (enough to show figures, with small cells suppressed). */
export const EQUALITY_SEEDS: readonly {
  ward: string;
  borough: string;
  n: number;
  answers: Record<string, string>;
}[] = [
  {
    ward: 'bloomsbury',
    borough: 'camden',
    n: 9,
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
    n: 7,
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
    n: 8,
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
    n: 6,
    answers: { ageBand: '65-74', sex: 'prefer_not_to_say', disability: 'yes_a_lot' },
  },
];
