// Password rules (NIST SP 800-63B, as ASVS asks): length 12–128, any characters, no composition
// rules, and not a commonly used password or a trivial variation of one.
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Words that make a password guessable for this service in particular. */
const CONTEXT_WORDS = ['centralnorth', 'camden', 'islington', 'metpolice', 'police', 'password'];

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email' | 'repetitive';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Password must be ${PASSWORD_MIN} characters or more`,
  too_long: `Password must be ${PASSWORD_MAX} characters or fewer`,
  common: 'Password is too easy to guess: it is a common password or close to one',
  contains_email: 'Password must not contain your email address',
  repetitive: 'Password is too easy to guess: avoid repeated characters and simple sequences',
};

export function checkPassword(password: string, context: { email?: string } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[^a-z]/g, '');
  const list = commonPasswords();
  if (list.has(lower) || (stripped.length >= 4 && list.has(stripped))) return 'common';
  if (CONTEXT_WORDS.some((w) => stripped === w || stripped === w + w)) return 'common';
  const local = context.email?.toLowerCase().split('@')[0];
  if (local && local.length >= 4 && lower.includes(local)) return 'contains_email';
  if (new Set(lower).size <= 3) return 'repetitive';
  return null;
}
