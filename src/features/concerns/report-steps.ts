// The rules of each /report question, written once: the step schemas (concerns.schema.ts) apply
// them on the server, and the island (ReportJourney.island.tsx) applies the same functions in the
// browser as the person types. Plain functions, not zod: zod/mini alone would take 7.4 KB gzip of
// the 12 KB an island page may ship (docs/architecture.md, "Islands"). No I/O: whether a ward exists is the
// server's question.
import { dateProblem, londonToday } from '../../lib/dates.ts';
import {
  type Checked,
  cleanText,
  EMAIL_FORMAT_MESSAGE,
  EMAIL_PATTERN,
  type FieldInput,
  formReader,
  PHONE_PATTERN,
  type Problems,
  type TextLimits,
} from '../../lib/form-rules.ts';
import {
  CATEGORIES,
  type Category,
  DESCRIPTION_MAX,
  FREQUENCY_MAX,
  IMPACT_MAX,
  LOCATION_MAX,
  NAME_MAX,
  OTHER_MAX,
  PHONE_MAX,
  PREFERENCE_MAX,
  type Step,
  TIMES_OF_DAY,
  type TimeOfDay,
} from './concerns.ts';

/** The step's fields (src/lib/form-rules.ts: the rules every resident form shares). */
export type StepInput = FieldInput;
export { type Checked, cleanText, type Problems };

export interface WhatAnswers {
  category: Category;
  categoryOther: string;
}
export interface WhereAnswers {
  ward: string;
  location: string;
}
export type WhenAnswers =
  | { timing: 'ongoing'; occurredOn: null; timeOfDay: null; frequency: string }
  | { timing: 'once'; occurredOn: string; timeOfDay: TimeOfDay; frequency: null };
export interface DetailsAnswers {
  description: string;
  impact: string;
}
export type ContactAnswers =
  | { anonymous: true; name: ''; email: ''; phone: ''; preference: '' }
  | { anonymous: false; name: string; email: string; phone: string; preference: string };

export interface StepAnswers {
  what: WhatAnswers;
  where: WhereAnswers;
  when: WhenAnswers;
  details: DetailsAnswers;
  contact: ContactAnswers;
}

/**
 * The free-text fields with a limit, and the message when over it. The island counts characters
 * against the same numbers (`cleanText(v).length`).
 */
export const TEXT_LIMITS: TextLimits = {
  categoryOther: [OTHER_MAX, `Say what it is in ${OTHER_MAX} characters or fewer`],
  location: [LOCATION_MAX, `The street, estate or landmark must be ${LOCATION_MAX} characters or fewer`],
  frequency: [FREQUENCY_MAX, `How often must be ${FREQUENCY_MAX} characters or fewer`],
  description: [
    DESCRIPTION_MAX,
    `What happened must be ${DESCRIPTION_MAX.toLocaleString('en-GB')} characters or fewer`,
  ],
  impact: [
    IMPACT_MAX,
    `How it affects you or others must be ${IMPACT_MAX.toLocaleString('en-GB')} characters or fewer`,
  ],
  name: [NAME_MAX, `Your name must be ${NAME_MAX} characters or fewer`],
  email: [254, 'Email address must be 254 characters or fewer'],
  phone: [PHONE_MAX, `Phone number must be ${PHONE_MAX} characters or fewer`],
  preference: [PREFERENCE_MAX, `How and when must be ${PREFERENCE_MAX} characters or fewer`],
};

const WARD = /^[a-z0-9-]{1,60}$/;

function checkWhat(input: StepInput): Checked<WhatAnswers> {
  const r = formReader(input, TEXT_LIMITS);
  const category = r.oneOf('category', CATEGORIES, 'Choose what kind of behaviour it is');
  // Only asked for, and only kept, when "Something else" is chosen.
  const categoryOther =
    category === 'other' ? r.text('categoryOther', 'Say what kind of behaviour it is') : '';
  return r.done({ category, categoryOther });
}

function checkWhere(input: StepInput): Checked<WhereAnswers> {
  const r = formReader(input, TEXT_LIMITS);
  const ward = (input.ward ?? '').trim();
  if (!ward) r.fail('ward', 'Choose the ward, or “I don’t know”');
  else if (!WARD.test(ward)) r.fail('ward', 'Choose a ward from the list');
  const location = r.text('location', 'Enter a street, estate or landmark');
  return r.done({ ward, location });
}

function checkWhen(input: StepInput, today: string): Checked<WhenAnswers> {
  const r = formReader(input, TEXT_LIMITS);
  const timing = r.oneOf(
    'timing',
    ['once', 'ongoing'] as const,
    'Choose whether it happened once or keeps happening',
  );
  // The other choice's fields are hidden and ignored.
  if (timing === 'ongoing') {
    const frequency = r.text('frequency', 'Say how often it happens');
    return r.done({ timing, occurredOn: null, timeOfDay: null, frequency });
  }
  const occurredOn = (input.occurredOn ?? '').trim();
  if (timing === 'once') {
    const wrongDate = occurredOn ? dateProblem(occurredOn) : 'Enter the date it happened';
    if (wrongDate) r.fail('occurredOn', wrongDate);
    else if (occurredOn > today) r.fail('occurredOn', 'The date must be today or in the past');
  }
  // Checked only once "On one occasion" is chosen: with no choice, that is the one problem.
  const timeOfDay =
    timing === 'once'
      ? r.oneOf('timeOfDay', TIMES_OF_DAY, 'Choose the time of day, or “I am not sure”')
      : 'not_sure';
  return r.done({ timing: 'once', occurredOn, timeOfDay, frequency: null });
}

function checkDetails(input: StepInput): Checked<DetailsAnswers> {
  const r = formReader(input, TEXT_LIMITS);
  const description = r.text('description', 'Describe what happened');
  const impact = r.text('impact', 'Say how it affects you or others');
  return r.done({ description, impact });
}

function checkContact(input: StepInput): Checked<ContactAnswers> {
  const r = formReader(input, TEXT_LIMITS);
  const anonymous = r.oneOf('anonymous', ['yes', 'no'] as const, 'Choose whether to stay anonymous');
  // Anonymous means nothing else is kept (or checked: the fields are hidden), whatever was typed.
  if (anonymous !== 'no') {
    return r.done({ anonymous: true, name: '', email: '', phone: '', preference: '' });
  }
  const name = r.text('name', 'Enter your name');
  // Either will do: no email address is needed when there is a phone number.
  const hasPhone = cleanText(input.phone) !== '';
  const email = r.text('email', hasPhone ? undefined : 'Enter an email address or a phone number');
  if (email && !EMAIL_PATTERN.test(email)) {
    r.fail('email', EMAIL_FORMAT_MESSAGE);
  }
  const phone = r.text('phone');
  if (phone && !PHONE_PATTERN.test(phone))
    r.fail('phone', 'Enter a phone number, like 020 7946 0000 or 07700 900 982');
  const preference = r.text('preference');
  return r.done({ anonymous: false, name, email: email.toLowerCase(), phone, preference });
}

/**
 * A step's answers as they are kept, or what is wrong with them. `now` decides "today" (London)
 * for the date of an incident.
 */
export function checkStep<S extends Step>(
  step: S,
  input: StepInput,
  now: Date = new Date(),
): Checked<StepAnswers[S]> {
  const checks: { [K in Step]: (input: StepInput) => Checked<StepAnswers[K]> } = {
    what: checkWhat,
    where: checkWhere,
    when: (v) => checkWhen(v, londonToday(now)),
    details: checkDetails,
    contact: checkContact,
  };
  return checks[step](input);
}
