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

/**
 * Lockouts, counted per HMAC'd key in `login_throttles` (see login-throttles.server.ts). Each has a
 * number of free attempts, then a growing delay: 1, 2, 4 … 60 minutes, one attempt after each.
 * - a password, per (email address, client): 5 free attempts — what one guesser meets;
 * - a password, per email address from anywhere: 50 free attempts a day — looser, so nobody can keep
 *   someone else's account locked from one client, yet a botnet still meets a ceiling;
 * - the second factor, per account: 5 wrong codes, across every pending sign-in;
 * - a password from a browser holding a device cookie (device-cookies.server.ts): 5 free attempts per
 *   cookie, and only that — the two password locks above do not hold a trusted browser back.
 */
export interface LockoutRule {
  scope: string;
  free: number;
}
export const PAIR_LOCKOUT: LockoutRule = { scope: 'login:pair', free: 5 };
export const ACCOUNT_LOCKOUT: LockoutRule = { scope: 'login:account', free: 50 };
export const MFA_LOCKOUT: LockoutRule = { scope: 'login:mfa', free: MAX_MFA_FAILURES };
export const DEVICE_LOCKOUT: LockoutRule = { scope: 'login:device', free: 5 };
/** How long a device cookie (a browser that completed a sign-in) is trusted. */
export const DEVICE_COOKIE_MS = 180 * 24 * 60 * 60 * 1000;
/** Re-authentication on the account page (password change, new authenticator): wrong answers. */
export const REAUTH_LOCKOUT: LockoutRule = { scope: 'login:reauth', free: 5 };
export const FREE_LOGIN_ATTEMPTS = PAIR_LOCKOUT.free;
export const MAX_LOCKOUT_MINUTES = 60;

/** Minutes locked after the n-th counted attempt (the SQL in login-throttles.server.ts mirrors it). */
export function lockoutMinutes(failures: number, free = FREE_LOGIN_ATTEMPTS): number {
  if (failures < free) return 0;
  return Math.min(MAX_LOCKOUT_MINUTES, 2 ** (failures - free));
}
