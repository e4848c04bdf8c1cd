// The errors staff sign-in, one-time links and account changes throw: pure, so pages, actions and
// tests can tell them apart without loading the database code.

import { DomainError } from '../../lib/domain-error.ts';

export type AuthErrorCode =
  | 'invalid_credentials'
  | 'locked'
  | 'throttled'
  | 'not_set_up'
  | 'invalid_code'
  | 'too_many_codes'
  | 'invalid_link'
  | 'wrong_password'
  | 'email_taken'
  | 'not_found'
  | 'already_set_up';

export class AuthError extends DomainError<'auth', AuthErrorCode, { retryAfterSeconds: number }> {
  readonly retryAfterSeconds: number;
  constructor(code: AuthErrorCode, retryAfterSeconds = 0) {
    super('auth', code, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'AuthError';
  }
}
