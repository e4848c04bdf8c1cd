// The rules of each application question, written once: the step schemas (applications.schema.ts)
// apply them on the server, and the island (ApplyJourney.island.tsx) applies the same functions in
// the browser as the person types (plain functions on src/lib/form-rules.ts, not zod: see there).
// No I/O: whether a ward exists is the server's question. `now` decides "today" (London) for ages.
import { dateProblem, londonToday } from '../../lib/dates.ts';
import {
  type Checked,
  EMAIL_FORMAT_MESSAGE,
  EMAIL_PATTERN,
  type FieldInput,
  formReader,
  PHONE_PATTERN,
  type TextLimits,
} from '../../lib/form-rules.ts';
import { YOUTH_MAX_AGE, YOUTH_MIN_AGE, type YouthAge, youthAge } from './age-rules.ts';
import { type ApplyStep, CONNECTION_VALUES, type Connection, WARD_PANEL_MIN_AGE } from './applications.ts';
import { EQUALITY_QUESTIONS, type EqualityQuestion } from './equality-questions.ts';

export const NAME_MAX = 100;
export const ORGANISATION_MAX = 150;
export const REASON_MAX = 2000;
export const AVAILABILITY_MAX = 500;
export const ACCESS_MAX = 1000;
export const PHONE_MAX = 30;

export const APPLY_LIMITS: TextLimits = {
  fullName: [NAME_MAX, `Your name must be ${NAME_MAX} characters or fewer`],
  email: [254, 'Email address must be 254 characters or fewer'],
  phone: [PHONE_MAX, `Phone number must be ${PHONE_MAX} characters or fewer`],
  organisation: [ORGANISATION_MAX, `The organisation’s name must be ${ORGANISATION_MAX} characters or fewer`],
  reason: [
    REASON_MAX,
    `Why you want to join must be ${REASON_MAX.toLocaleString('en-GB')} characters or fewer`,
  ],
  availability: [AVAILABILITY_MAX, `When you can meet must be ${AVAILABILITY_MAX} characters or fewer`],
  accessNeeds: [ACCESS_MAX, `Access needs must be ${ACCESS_MAX.toLocaleString('en-GB')} characters or fewer`],
  guardianName: [NAME_MAX, `Their name must be ${NAME_MAX} characters or fewer`],
  guardianEmail: [254, 'Their email address must be 254 characters or fewer'],
};

export interface AdultAnswers {
  /** Only "yes" is ever kept: "no" ends the application with nothing kept (saveApplicationStep). */
  adult: 'yes' | 'no';
}
export interface WardAnswers {
  ward: string;
}
export interface BirthAnswers {
  dateOfBirth: string;
}
export interface GuardianAnswers {
  guardianName: string;
  guardianEmail: string;
}
export interface AboutAnswers {
  fullName: string;
  email: string;
  phone: string;
}
export interface ConnectionAnswers {
  connection: Connection;
  organisation: string;
}
export interface ReasonAnswers {
  reason: string;
  availability: string;
  accessNeeds: string;
}
export interface ConsentAnswers {
  contactConsent: true;
  /** Always false on the Forum: its members' names are never shown. */
  showOnPanelPage: boolean;
}
export type EqualityAnswers = Record<EqualityQuestion['name'], string | null>;

export interface ApplyAnswers {
  adult: AdultAnswers;
  ward: WardAnswers;
  birth: BirthAnswers;
  guardian: GuardianAnswers;
  about: AboutAnswers;
  connection: ConnectionAnswers;
  reason: ReasonAnswers;
  consent: ConsentAnswers;
  equality: EqualityAnswers;
}

const WARD = /^[a-z0-9-]{1,60}$/;

function checkAdult(input: FieldInput): Checked<AdultAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const adult = r.oneOf('adult', ['yes', 'no'] as const, `Say whether you are ${WARD_PANEL_MIN_AGE} or over`);
  return r.done({ adult });
}

function checkWard(input: FieldInput): Checked<WardAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const ward = (input.ward ?? '').trim();
  if (!ward) r.fail('ward', 'Choose the ward whose panel you want to join');
  else if (!WARD.test(ward)) r.fail('ward', 'Choose a ward from the list');
  return r.done({ ward });
}

/** The words for a date of birth outside 14–25: kind, and shown before anything is sent. */
export const AGE_MESSAGES: Record<'too_young' | 'too_old', string> = {
  too_young: `The Forum is for young people aged ${YOUTH_MIN_AGE} to ${YOUTH_MAX_AGE}. You can apply from your ${YOUTH_MIN_AGE}th birthday. If you continue, we keep nothing you typed.`,
  too_old: `The Forum is for young people aged ${YOUTH_MIN_AGE} to ${YOUTH_MAX_AGE}. You can join your Ward Panel instead. If you continue, we keep nothing you typed.`,
};

/** The date of birth as typed, and what the Forum's rules make of it (null while it is not a date). */
export function readBirth(
  input: FieldInput,
  now: Date,
): { dateOfBirth: string; age: YouthAge | null; problem: string | null } {
  const dateOfBirth = (input.dateOfBirth ?? '').trim();
  const wrong = dateOfBirth ? dateProblem(dateOfBirth) : 'Enter your date of birth';
  if (wrong) return { dateOfBirth, age: null, problem: wrong };
  const age = youthAge(dateOfBirth, londonToday(now));
  if (age.kind === 'future') return { dateOfBirth, age, problem: 'Your date of birth must be in the past' };
  // Outside 14–25 is not a problem with the answer: the page explains it (and keeps nothing).
  return { dateOfBirth, age, problem: null };
}

export function checkBirth(input: FieldInput, now: Date): Checked<BirthAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const { dateOfBirth, problem } = readBirth(input, now);
  if (problem) r.fail('dateOfBirth', problem);
  return r.done({ dateOfBirth });
}

/** An email address field: required (with `required`) or optional, in the right form, lower case. */
function email(r: ReturnType<typeof formReader>, name: string, required: string): string {
  const v = r.text(name, required);
  if (v && !EMAIL_PATTERN.test(v)) r.fail(name, EMAIL_FORMAT_MESSAGE);
  return v.toLowerCase();
}

function checkGuardian(input: FieldInput): Checked<GuardianAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const guardianName = r.text('guardianName', 'Enter your parent’s or guardian’s name');
  const guardianEmail = email(r, 'guardianEmail', 'Enter your parent’s or guardian’s email address');
  return r.done({ guardianName, guardianEmail });
}

function checkAbout(input: FieldInput): Checked<AboutAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const fullName = r.text('fullName', 'Enter your name');
  const mail = email(r, 'email', 'Enter your email address');
  const phone = r.text('phone');
  if (phone && !PHONE_PATTERN.test(phone))
    r.fail('phone', 'Enter a phone number, like 020 7946 0000 or 07700 900 982');
  return r.done({ fullName, email: mail, phone });
}

function checkConnection(input: FieldInput): Checked<ConnectionAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const connection = r.oneOf('connection', CONNECTION_VALUES, 'Choose your connection to the ward');
  // Only asked for, and only kept, when "I represent an organisation" is chosen.
  const organisation =
    connection === 'organisation' ? r.text('organisation', 'Enter the name of the organisation') : '';
  return r.done({ connection, organisation });
}

function checkReason(input: FieldInput): Checked<ReasonAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const reason = r.text('reason', 'Say why you want to join');
  const availability = r.text('availability');
  const accessNeeds = r.text('accessNeeds');
  return r.done({ reason, availability, accessNeeds });
}

function checkConsent(input: FieldInput): Checked<ConsentAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  if (input.contactConsent !== 'yes') {
    r.fail('contactConsent', 'Tick the box to agree that we may contact you about your application');
  }
  // The Forum's form never offers it; a value posted anyway is ignored there (see checkStep).
  return r.done({ contactConsent: true as const, showOnPanelPage: input.showOnPanelPage === 'yes' });
}

function checkEquality(input: FieldInput): Checked<EqualityAnswers> {
  const r = formReader(input, APPLY_LIMITS);
  const answers = {} as EqualityAnswers;
  for (const q of EQUALITY_QUESTIONS) {
    const v = (input[q.name] ?? '').trim();
    // Every question may be skipped (null); an answer must be one of the question's.
    if (v && !q.options.some((o) => o.value === v))
      r.fail(q.name, `Choose an answer from the list, or leave “${q.legend}” unanswered`);
    answers[q.name] = v || null;
  }
  return r.done(answers);
}

/**
 * The checks of the steps with something typed, each taking the fields as posted (the date of
 * birth's is `checkBirth`, which needs the day). The island imports these rather than checkApplyStep:
 * the steps that are only choices (18 or over, the ward, the consent boxes, the equality questions) are checked
 * by the server when sent, which keeps their rules and the equality list off the island's page
 * (its 12 KB budget: decision 0135).
 */
export const TYPED_CHECKS = {
  guardian: checkGuardian,
  about: checkAbout,
  connection: checkConnection,
  reason: checkReason,
};

/** A step's answers as they are kept, or what is wrong with them. */
export function checkApplyStep<S extends ApplyStep>(
  step: S,
  input: FieldInput,
  now: Date = new Date(),
): Checked<ApplyAnswers[S]> {
  const checks: { [K in ApplyStep]: (input: FieldInput) => Checked<ApplyAnswers[K]> } = {
    ...TYPED_CHECKS,
    adult: checkAdult,
    ward: checkWard,
    consent: checkConsent,
    birth: (v) => checkBirth(v, now),
    equality: checkEquality,
  };
  return checks[step](input);
}
