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
  | 'ward'
  | 'birth'
  | 'guardian'
  | 'about'
  | 'connection'
  | 'reason'
  | 'consent'
  | 'equality';

export const FORM_STEPS: Record<ApplyForm, readonly ApplyStep[]> = {
  'ward-panel': ['ward', 'about', 'connection', 'reason', 'consent', 'equality'],
  'youth-forum': ['birth', 'guardian', 'about', 'reason', 'consent', 'equality'],
};

export const FORM_TITLES: Record<ApplyForm, string> = {
  'ward-panel': 'Apply to join a Ward Panel',
  'youth-forum': 'Apply to join the Youth Advisory Forum',
};

export const STEP_TITLES: Record<ApplyStep, string> = {
  ward: 'Which ward’s panel do you want to join?',
  birth: 'What is your date of birth?',
  guardian: 'Your parent or guardian',
  about: 'Your name and how to contact you',
  connection: 'What is your connection to the ward?',
  reason: 'Why do you want to join?',
  consent: 'Contacting you',
  equality: 'Equality monitoring (optional)',
};

export type Connection = 'live' | 'work' | 'study' | 'organisation';
export const CONNECTIONS: readonly Connection[] = ['live', 'work', 'study', 'organisation'];
export const CONNECTION_LABELS: Record<Connection, string> = {
  live: 'I live in the ward',
  work: 'I work in the ward',
  study: 'I study in the ward',
  organisation: 'I represent an organisation in the ward',
};

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
  switch (connection) {
    case 'live':
      return 'Lives in the ward';
    case 'work':
      return 'Works in the ward';
    case 'study':
      return 'Studies in the ward';
    case 'organisation':
      return organisation?.trim() ? `Represents ${organisation.trim()}` : 'Panel member';
  }
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
