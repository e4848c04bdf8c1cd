// Session lifetime rules: 30 minutes idle, 12 hours absolute. Pure, so the rules are unit-tested.

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A pending session (password done, second factor not yet) lasts 10 minutes. */
export const PENDING_SESSION_MS = 10 * 60 * 1000;
/** last_seen_at is written at most once a minute, not on every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
export const MAX_MFA_FAILURES = 5;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export type SessionState = 'valid' | 'idle_expired' | 'expired';

export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle_expired';
  return 'valid';
}

export function shouldTouch(s: SessionTimes, now: Date): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}

/** The growing lockout after repeated failed sign-ins: 5 free tries, then 1, 2, 4 … 60 minutes. */
export const FREE_LOGIN_ATTEMPTS = 5;
export function lockoutMinutes(failures: number): number {
  if (failures < FREE_LOGIN_ATTEMPTS) return 0;
  return Math.min(60, 2 ** (failures - FREE_LOGIN_ATTEMPTS));
}
