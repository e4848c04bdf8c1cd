// Random tokens as in the Lucia guide: 20 random bytes (160 bits) in lower-case base32; only the
// token's SHA-256 is stored, so a stolen database holds nothing that signs anyone in.
import { createHmac, type KeyObject } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { derivedKeyObject, KEY_LABELS, legacyBareKey } from '../secrets/keys.ts';

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

/**
 * How a recovery code is stored: `recovery-code/v1:` and its HMAC under the key derived for this use,
 * so a copy of the database alone cannot be used to test guesses.
 */
export function recoveryCodeHash(secret: Uint8Array, code: string): string {
  return `${KEY_LABELS.recoveryCode}:${hmacHex(derivedKeyObject(secret, KEY_LABELS.recoveryCode), code)}`;
}

/** The prefix of codes hashed under the app secret itself, before keys were derived (decision 0051). */
export const BARE_KEY_RECOVERY_PREFIX = 'hmac:';

/**
 * The stored forms a typed code could match: its hash under the derived key, and its hash under the
 * app secret itself (`hmac:`, codes issued before decision 0104: they cannot be hashed again without
 * the code, and each is spent when used). The 10-character codes stored as a bare SHA-256 before
 * decision 0051 match nothing: the server withdraws them (withdrawLegacyRecoveryCodes).
 */
export function recoveryCodeCandidates(secret: Uint8Array, code: string): string[] {
  const normalised = normaliseRecoveryCode(code);
  return [
    recoveryCodeHash(secret, normalised),
    `${BARE_KEY_RECOVERY_PREFIX}${hmacHex(legacyBareKey(secret), normalised)}`,
  ];
}

function hmacHex(key: Uint8Array | KeyObject, code: string): string {
  return createHmac('sha256', key).update(normaliseRecoveryCode(code)).digest('hex');
}

/** Codes are compared without case, spaces or hyphens. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}
