// Device cookies, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies": a browser
// that completed a sign-in (password and second factor) gets a random token in a long-lived cookie;
// only its keyed hash is stored, as a one-time secret of its own purpose whose subject is the member.
// At the password step a browser presenting a live device cookie of the member it signs in as is
// trusted: its failures count against that cookie alone (DEVICE_LOCKOUT), and the locks guessers
// elsewhere set — per (address, client) and per address — do not refuse it, nor the account lock at
// the second factor. Every other request is untrusted and meets those locks as before.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { loginThrottles, oneTimeSecrets, staffUsers } from '../../../db/schema/index.ts';
import { findSecret, issueSecret, revokeSecrets } from '../secrets/secrets.server.ts';
import { defineSecretPurpose } from '../secrets/secrets.ts';
import { type Attempt, refundAttempt, reserveAttempt } from './login-throttles.server.ts';
import { DEVICE_COOKIE_MS, DEVICE_LOCKOUT } from './session.ts';

/** The one-time secret behind a device cookie: reusable, 160 random bits, trusted for 180 days. */
export const DEVICE_COOKIE = defineSecretPurpose({
  name: 'staff-device',
  form: 'link',
  lifetimeMs: DEVICE_COOKIE_MS,
  singleUse: false,
  maxAttempts: null,
});

/** A live device cookie of the member signing in. */
export interface TrustedDevice {
  /** The secret's id: what its lockout is counted under. */
  id: string;
  staffId: string;
}

/** A new device cookie for the browser: the token (never stored) and when it stops being trusted. */
export interface DeviceCookie {
  token: string;
  expiresAt: Date;
}

const throttleKey = (device: TrustedDevice) => `${DEVICE_LOCKOUT.scope}:${device.id}`;

/**
 * The device the cookie `token` stands for, if it is live and was issued to the active member with
 * this (normalised) email address; otherwise null: the request is untrusted. A cookie of another
 * member, a made-up one, an expired or revoked one all give nothing.
 */
export async function trustedDevice(
  db: Db,
  secret: Uint8Array,
  token: string | null | undefined,
  email: string,
  now: Date,
): Promise<TrustedDevice | null> {
  if (!token) return null;
  const found = await findSecret(db, secret, DEVICE_COOKIE, token, now);
  if (!found) return null;
  const [member] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, active: staffUsers.active })
    .from(staffUsers)
    .where(eq(staffUsers.id, found.subject));
  if (!member?.active || member.email !== email) return null;
  return { id: found.id, staffId: member.id };
}

/** Counts a password attempt against the device cookie alone (5 free, then 1, 2, 4 … 60 minutes). */
export function reserveDeviceAttempt(db: Db, device: TrustedDevice, now: Date): Promise<Attempt> {
  return reserveAttempt(db, throttleKey(device), DEVICE_LOCKOUT, now);
}

/** The right password: the attempt is given back. */
export function refundDeviceAttempt(db: Db, device: TrustedDevice): Promise<void> {
  return refundAttempt(db, throttleKey(device), DEVICE_LOCKOUT);
}

/**
 * After a complete sign-in: the browser gets a new device cookie, and the one it presented (if it
 * was the member's) ends with its count — rotated at each sign-in. With `revokeOthers` (a recovery
 * code or a new authenticator: perhaps a browser was lost with the phone) every other one ends too.
 */
export async function renewDeviceCookie(
  tx: Db,
  secret: Uint8Array,
  member: { id: string; email: string },
  presented: string | null | undefined,
  { now, revokeOthers = false }: { now: Date; revokeOthers?: boolean },
): Promise<DeviceCookie> {
  const previous = await trustedDevice(tx, secret, presented, member.email, now);
  if (previous) {
    await tx
      .update(oneTimeSecrets)
      .set({ endedAt: now, endReason: 'revoked' })
      .where(and(eq(oneTimeSecrets.id, previous.id), isNull(oneTimeSecrets.endedAt)));
    await tx.delete(loginThrottles).where(eq(loginThrottles.key, throttleKey(previous)));
  }
  if (revokeOthers) await revokeDeviceCookies(tx, member.id, now);
  const issued = await issueSecret(tx, secret, DEVICE_COOKIE, member.id, { now });
  return { token: issued.secret, expiresAt: issued.expiresAt };
}

/**
 * Ends every device cookie of a member: the password changed or was reset, the second factor was
 * reset, an administrator ended their sessions or deactivated them. Their next complete sign-in
 * makes the browser trusted again. Returns how many ended.
 */
export function revokeDeviceCookies(tx: Db, staffId: string, now = new Date()): Promise<number> {
  return revokeSecrets(tx, [DEVICE_COOKIE], staffId, { now });
}
