// The one error the newsletter's services throw, with a code the actions map to a message.

export type NewsletterErrorCode =
  | 'throttled'
  | 'unknown_place'
  | 'not_found'
  | 'already_sent'
  | 'invalid_link'
  | 'not_published'
  | 'schedule_in_past';

export class NewsletterError extends Error {
  readonly code: NewsletterErrorCode;
  readonly retryAfterSeconds: number;
  constructor(code: NewsletterErrorCode, retryAfterSeconds = 0) {
    super(code);
    this.name = 'NewsletterError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
