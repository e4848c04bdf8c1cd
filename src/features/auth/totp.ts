// Time-based one-time passwords (RFC 6238) on @oslojs/otp: 30-second steps, 6 digits, one step of
// grace either side, and a code's time-step is remembered so the same code never works twice.

import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Central North Community Safety';

export function generateTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, key, TOTP_PERIOD, TOTP_DIGITS);
}

/** The key as people type it into an authenticator app: base32 in groups of four. */
export function formatTotpKey(key: Uint8Array): string {
  return (encodeBase32UpperCaseNoPadding(key).match(/.{1,4}/g) ?? []).join(' ');
}

export function currentCounter(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
}

/**
 * The time-step a code belongs to (now, or one step either side), or null.
 * Steps at or before `lastCounter` are refused: each code is single-use.
 */
export function matchTotp(
  key: Uint8Array,
  code: string,
  now: Date,
  lastCounter: number | null,
): number | null {
  const otp = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(otp)) return null;
  const current = currentCounter(now);
  for (const counter of [current - 1, current, current + 1]) {
    if (lastCounter !== null && counter <= lastCounter) continue;
    if (verifyHOTP(key, BigInt(counter), TOTP_DIGITS, otp)) return counter;
  }
  return null;
}
