// Delivery rules with no I/O: how long to wait before a retry, and when to give up.

/** Messages not delivered this long after they were queued are given up (GOV.UK Notify: 72 hours). */
export const GIVE_UP_AFTER_MS = 72 * 60 * 60 * 1000;

export interface BackoffPolicy {
  /** Delay before the second attempt (before jitter). */
  baseMs: number;
  /** Longest delay between attempts (before jitter). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60 * 1000 };

/**
 * Exponential backoff with jitter: after attempt n, wait between half and all of
 * min(max, base · 2^(n-1)). The random half keeps many failed messages from retrying in lockstep.
 */
export function retryDelayMs(attempt: number, random: () => number, policy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type RetryDecision = { status: 'failed'; nextAttemptAt: Date } | { status: 'dead' };

/** After a failed attempt: retry later, but never after `giveUpAt`; at or past it, give up. */
export function decideRetry(now: Date, giveUpAt: Date, delayMs: number): RetryDecision {
  if (now.getTime() >= giveUpAt.getTime()) return { status: 'dead' };
  return { status: 'failed', nextAttemptAt: new Date(Math.min(now.getTime() + delayMs, giveUpAt.getTime())) };
}

/** Outbox priority column: transactional mail goes before newsletters. */
export const PRIORITY = { transactional: 0, bulk: 1 } as const;
