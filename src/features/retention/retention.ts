// How long the portal keeps what it keeps. Enforced by enforceRetention(), which the server runs
// every hour. Change a period here and in the table in docs/retention.md together.

import { DAY_MS } from '../../lib/dates.ts';

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
  /** Drafts of the residents' multi-page forms past their expiry (hours after the last answer) go at once. */
  expiredDraftsMs: 0,
  /**
   * A concern's contact details (name, email, phone, how to contact), after it was closed. Category,
   * ward, month, status and outcome stay for statistics. `CONCERN_CONTACT_RETENTION_DAYS` changes it.
   */
  concernContactMs: 365 * DAY_MS,
  /**
   * Votes never confirmed with their emailed code: deleted once their hour is up. (Confirmed votes
   * lose their address hash, and any address kept for the outcome, when the round's decision is
   * recorded: finaliseBallots.)
   */
  unconfirmedVotesMs: 0,
  /**
   * A priority vote closed with no decision recorded: its voters' address hashes and outcome addresses
   * are erased after this, as a decision would have (eraseUndecidedRoundAddresses).
   */
  undecidedRoundAddressesMs: 183 * DAY_MS,
  /**
   * Panel and Forum applications never completed go when they lapse: 7 days with the email address
   * unconfirmed, or 14 days waiting for an under-16's parent or guardian (src/features/panels).
   */
  lapsedApplicationsMs: 0,
} as const;

/** The period for concerns' contact details: `CONCERN_CONTACT_RETENTION_DAYS` (1 to 3650), else 12 months. */
export function concernContactRetentionMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CONCERN_CONTACT_RETENTION_DAYS;
  if (raw === undefined || raw === '') return RETENTION.concernContactMs;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new Error('CONCERN_CONTACT_RETENTION_DAYS must be a whole number of days from 1 to 3650');
  }
  return days * DAY_MS;
}

/** The moment before which records of a kind are removed. */
export function cutoff(now: Date, periodMs: number): Date {
  return new Date(now.getTime() - periodMs);
}
