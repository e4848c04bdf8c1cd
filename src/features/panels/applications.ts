// The two application forms (a Ward Panel, the Youth Advisory Forum): their question pages in order,
// the words each page is known by, and what is derived from the answers (the role shown on a panel's
// page, the application's statuses). Pure: the pages, the server and the island share it.
import { DAY_MS } from '../../lib/dates.ts';

export type ApplyForm = 'ward-panel' | 'youth-forum';
export const APPLY_FORMS: readonly ApplyForm[] = ['ward-panel', 'youth-forum'];
/** The table's name for each: panel_applications.body. */
export const BODY_OF: Record<ApplyForm, 'ward_panel' | 'youth_forum'> = {
  'ward-panel': 'ward_panel',
  'youth-forum': 'youth_forum',
};

export type ApplyStep =
  | 'adult'
  | 'ward'
  | 'birth'
  | 'guardian'
  | 'about'
  | 'connection'
  | 'reason'
  | 'consent'
  | 'equality';

export const FORM_STEPS: Record<ApplyForm, readonly ApplyStep[]> = {
  'ward-panel': ['adult', 'ward', 'about', 'connection', 'reason', 'consent', 'equality'],
  'youth-forum': ['birth', 'guardian', 'about', 'reason', 'consent', 'equality'],
};

export const FORM_TITLES: Record<ApplyForm, string> = {
  'ward-panel': 'Apply to join a Ward Panel',
  'youth-forum': 'Apply to join the Youth Advisory Forum',
};

/** Ward Panels are for adults; under-18s are pointed to the Forum (decision 0159). */
export const WARD_PANEL_MIN_AGE = 18;

export const STEP_TITLES: Record<ApplyStep, string> = {
  adult: `Are you ${WARD_PANEL_MIN_AGE} or over?`,
  ward: 'Which ward’s panel do you want to join?',
  birth: 'What is your date of birth?',
  guardian: 'Your parent or guardian',
  about: 'Your name and how to contact you',
  connection: 'What is your connection to the ward?',
  reason: 'Why do you want to join?',
  consent: 'Contacting you',
  equality: 'Equality monitoring (optional)',
};

/**
 * A Ward Panel applicant's connection to the ward (panel_applications.connection). The values alone
 * here: the question's check needs them, and the applications' island carries that check within its
 * 12 KB (decision 0135), so it must not carry the words below.
 */
export const CONNECTION_VALUES = ['live', 'work', 'study', 'organisation'] as const;
export type Connection = (typeof CONNECTION_VALUES)[number];

export interface ConnectionWords {
  value: Connection;
  /** The applicant's words, on the question and check pages: "I live in the ward". */
  firstPerson: string;
  /** As staff read it, and the member's role on the panel's page: "Lives in the ward". */
  thirdPerson: string;
}

/** Each connection's words, the one place they are written: a new value above needs its entry here to compile. */
export const CONNECTIONS: { [C in Connection]: ConnectionWords & { value: C } } = {
  live: { value: 'live', firstPerson: 'I live in the ward', thirdPerson: 'Lives in the ward' },
  work: { value: 'work', firstPerson: 'I work in the ward', thirdPerson: 'Works in the ward' },
  study: { value: 'study', firstPerson: 'I study in the ward', thirdPerson: 'Studies in the ward' },
  organisation: {
    value: 'organisation',
    firstPerson: 'I represent an organisation in the ward',
    thirdPerson: 'Represents an organisation',
  },
};

/** The connection a stored value names; undefined for none or one no longer offered. */
export function connectionOf(value: string | null | undefined): ConnectionWords | undefined {
  return (CONNECTION_VALUES as readonly (string | null | undefined)[]).includes(value)
    ? CONNECTIONS[value as Connection]
    : undefined;
}

/** The steps a form asks, given what is answered so far: the guardian only for under-16s. */
export function stepsFor(form: ApplyForm, needsGuardian: boolean): ApplyStep[] {
  return FORM_STEPS[form].filter((s) => s !== 'guardian' || needsGuardian);
}

export function stepPath(form: ApplyForm, step: ApplyStep | 'check' | 'sent'): string {
  return `/get-involved/${form}/${step}`;
}

/** Where a step's Continue leads: the next question, or the check page (last, or changing an answer). */
export function nextPath(
  form: ApplyForm,
  step: ApplyStep,
  needsGuardian: boolean,
  fromCheck: boolean,
): string {
  const steps = stepsFor(form, needsGuardian);
  const next = steps[steps.indexOf(step) + 1];
  return fromCheck || !next ? stepPath(form, 'check') : stepPath(form, next);
}

/** The page before a step's (its Back link). */
export function previousPath(form: ApplyForm, step: ApplyStep, needsGuardian: boolean): string {
  const steps = stepsFor(form, needsGuardian);
  const before = steps[steps.indexOf(step) - 1];
  return before ? stepPath(form, before) : `/get-involved#${form}`;
}

/**
 * The role shown beside a member's first name on their panel's page (only if they consented):
 * "Lives in the ward", "Works in the ward", "Studies in the ward", "Represents <organisation>": what the
 * applicant is told on the check page, and what the panel's page shows (membership.ts uses it).
 */
export function publicRoleFor(connection: Connection, organisation: string | null): string {
  if (connection === 'organisation')
    return organisation?.trim() ? `Represents ${organisation.trim()}` : 'Panel member';
  return CONNECTIONS[connection].thirdPerson;
}

/** The first name shown on a panel's page: the first word of the name given. */
export function firstNameOf(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? '';
}

/** Confirmation links last this long; an application never confirmed is erased when it runs out. */
export const CONFIRM_DAYS = 7;
export const CONFIRM_MS = CONFIRM_DAYS * DAY_MS;
/** A parent or guardian has this long to answer; then the under-16's application is erased. */
export const GUARDIAN_DAYS = 14;
export const GUARDIAN_MS = GUARDIAN_DAYS * DAY_MS;
/** Drafts (and their cookie) last this long after the last answer. */
export const APPLY_DRAFT_LIFETIME_MS = 2 * 3_600_000;
/** A form sent sooner than this after its first answer was not filled in by a person. */
export const APPLY_MIN_FILL_MS = 5_000;
/** Applications one client may send in an hour. */
export const APPLICATIONS_PER_HOUR = 5;
