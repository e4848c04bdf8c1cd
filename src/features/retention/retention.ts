// How long the portal keeps what it keeps. Enforced by enforceRetention(), which the server runs
// every hour. Change a period here and in the README's table together.

export const DAY_MS = 86_400_000;

export const RETENTION = {
  /** Rate-limit windows: only the current window matters. */
  rateLimitWindowsMs: DAY_MS,
  /** Failed sign-in counters with no lock in force. */
  loginThrottlesMs: DAY_MS,
  /** Staff sessions past their expiry (idle or absolute) are deleted at once. */
  expiredSessionsMs: 0,
  /** One-time links, once used or expired. */
  usedLinksMs: 30 * DAY_MS,
  /** Sent or suppressed email, with its address, body and one-time links. */
  deliveredEmailMs: 30 * DAY_MS,
  /** Email given up: kept longer so staff can see what failed and retry it. */
  deadEmailMs: 90 * DAY_MS,
  /** A suppressed address, after its last bounce or complaint: then it is tried again. */
  suppressionsMs: 365 * DAY_MS,
  /** Provider delivery events (bounces, complaints) after they are recorded. */
  emailEventsMs: 90 * DAY_MS,
  /**
   * The audit log: long enough to answer a complaint or a subject access request about who saw what.
   * The database refuses to delete younger rows (db/migrations/0004_audit_retention.sql): keep in step.
   */
  auditLogMs: 730 * DAY_MS,
  /** Newsletter subscriptions never confirmed: erased when the 7-day confirmation link expires. */
  unconfirmedSubscribersMs: 7 * DAY_MS,
  /** Newsletter subscribers who left: erased 30 days after (the suppression list is separate). */
  unsubscribedSubscribersMs: 30 * DAY_MS,
} as const;

/** The moment before which records of a kind are removed. */
export function cutoff(now: Date, periodMs: number): Date {
  return new Date(now.getTime() - periodMs);
}
