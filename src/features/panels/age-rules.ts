// Who may apply to the Youth Advisory Forum, from a date of birth: people aged 14 to 25 (from their
// 14th birthday until the day before their 26th), and under-16s only with a parent's or guardian's
// approval. Ages are counted on the day it is in London. Someone born on 29 February is a year older
// on 1 March in years with no 29 February (as English law counts it: the Family Law Reform Act 1969,
// section 9, and the common practice of the registrars). Pure: the island, the schema, the server
// and the tests use the same functions.

export const YOUTH_MIN_AGE = 14;
export const YOUTH_MAX_AGE = 25;
/** Under this age the application needs a parent's or guardian's approval. */
export const GUARDIAN_UNDER_AGE = 16;
/** Under this age a member's name is never shown anywhere public. */
export const ADULT_AGE = 18;

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y as number, m as number, d as number];
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Whole years from a date of birth to `today` (both YYYY-MM-DD, real dates); negative before birth. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = parts(dateOfBirth);
  const [ty, tm, td] = parts(today);
  // This year's birthday: 29 February falls on 1 March when the year has none.
  const [m, d] = bm === 2 && bd === 29 && !isLeapYear(ty) ? [3, 1] : [bm, bd];
  const hadBirthday = tm > m || (tm === m && td >= d);
  return ty - by - (hadBirthday ? 0 : 1);
}

export type YouthAge =
  /** A date after today: not a date of birth. */
  | { kind: 'future' }
  | { kind: 'too_young'; age: number }
  | { kind: 'too_old'; age: number }
  /** 14 or 15: may apply, with a parent's or guardian's approval. */
  | { kind: 'needs_guardian'; age: number }
  /** 16 to 25. */
  | { kind: 'eligible'; age: number };

/** What the Forum's rules say for this date of birth on `today` (London's day). */
export function youthAge(dateOfBirth: string, today: string): YouthAge {
  if (dateOfBirth > today) return { kind: 'future' };
  const age = ageOn(dateOfBirth, today);
  if (age < YOUTH_MIN_AGE) return { kind: 'too_young', age };
  if (age > YOUTH_MAX_AGE) return { kind: 'too_old', age };
  return age < GUARDIAN_UNDER_AGE ? { kind: 'needs_guardian', age } : { kind: 'eligible', age };
}

/** Is the applicant outside 14–25 (so nothing of theirs may be kept)? */
export function outOfRange(age: YouthAge): age is { kind: 'too_young' | 'too_old'; age: number } {
  return age.kind === 'too_young' || age.kind === 'too_old';
}
