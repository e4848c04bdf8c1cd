// The one error the newsletter's services throw, with a code the actions map to a message.
import { DomainError } from '../../lib/domain-error.ts';

export type NewsletterErrorCode =
  | 'throttled'
  | 'unknown_place'
  | 'not_found'
  | 'already_sent'
  | 'invalid_link'
  | 'not_published'
  | 'schedule_in_past';

export class NewsletterError extends DomainError<
  'newsletter',
  NewsletterErrorCode,
  { retryAfterSeconds: number }
> {
  readonly retryAfterSeconds: number;
  constructor(code: NewsletterErrorCode, retryAfterSeconds = 0) {
    super('newsletter', code, { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'NewsletterError';
  }
}
