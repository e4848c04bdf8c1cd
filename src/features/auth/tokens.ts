// Random tokens as in the Lucia guide: 20 random bytes (160 bits) in lower-case base32; only the
// token's SHA-256 is stored, so a stolen database holds nothing that signs anyone in.
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

/** A recovery code a person can type: 10 characters of base32 (50 bits), shown as xxxxx-xxxxx. */
export function generateRecoveryCode(): string {
  const bytes = new Uint8Array(7);
  crypto.getRandomValues(bytes);
  const code = encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Codes are compared without case, spaces or hyphens. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}
