// Random tokens as in the Lucia guide: 20 random bytes (160 bits) in lower-case base32; only the
// token's SHA-256 is stored, so a stolen database holds nothing that signs anyone in.
import { createHmac } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * A recovery code a person can type: 15 random bytes (120 bits, ASVS 6.5.2 asks for 112) as 24
 * characters of base32, shown in six groups of four: abcd-efgh-ijkl-mnop-qrst-uvwx.
 */
export function generateRecoveryCode(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return (encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/g) ?? []).join('-');
}

/** Codes issued before 120-bit codes: 10 characters (50 bits), stored as a bare SHA-256. */
export const LEGACY_RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODE_LENGTH = 24;

/**
 * How a recovery code is stored: an HMAC keyed with the app secret, so a copy of the database alone
 * cannot be used to test guesses. The prefix tells it from the bare SHA-256 of a legacy code.
 */
export function recoveryCodeHash(secret: Uint8Array, code: string): string {
  return `hmac:${createHmac('sha256', secret).update(normaliseRecoveryCode(code)).digest('hex')}`;
}

/** The stored forms a typed code could match: the keyed hash, and for a legacy code its SHA-256. */
export function recoveryCodeCandidates(secret: Uint8Array, code: string): string[] {
  const normalised = normaliseRecoveryCode(code);
  const keyed = recoveryCodeHash(secret, normalised);
  return normalised.length === LEGACY_RECOVERY_CODE_LENGTH ? [keyed, hashToken(normalised)] : [keyed];
}

/** Codes are compared without case, spaces or hyphens. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}
