// One-time secrets: how each form of secret is made, written, normalised and hashed. Pure (no
// database): the rules the server module (secrets.server.ts) stores and checks against.
//
// Four forms, each with its own purpose-bound key:
// - link: 160 random bits in lower-case base32, in a URL (staff invitation, password reset, email
//   confirmation). Looked up by its keyed hash; single use.
// - code: 6 decimal digits typed from an email. Checked against one subject (its hash binds the
//   subject), with a wrong-guess counter per code: burnt at the limit.
// - tracking: 12 characters of Crockford base32 (60 bits) a resident keeps, shown as XXXX-XXXX-XXXX;
//   read back forgivingly (case, spaces, hyphens, O/0, I/L/1). Looked up by hash; reusable.
// - preferences: like a link but long-lived and reusable (unsubscribe / preferences pages).
//
// Keys (keys.ts): HKDF-SHA256 of the app secret with an info label per purpose
// ("one-time-secret/v1/<purpose>"), so no two purposes, and no other use of the app secret, share a
// key. The outbox seals a secret with AES-256-GCM under another derived key ("outbox-seal/v1"), see
// sealForOutbox.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { derivedKeyObject, deriveKey, KEY_LABELS, oneTimeSecretLabel } from './keys.ts';
import { open, seal, sealEach } from './secret-box.ts';

export type SecretForm = 'link' | 'code' | 'tracking' | 'preferences';

export interface SecretPurpose {
  /** Stored in one_time_secrets.purpose and used as the key's HKDF label: never rename one in use. */
  name: string;
  form: SecretForm;
  lifetimeMs: number;
  /** Used up by the first successful redeem/consume. */
  singleUse: boolean;
  /** Wrong guesses a code allows before it is burnt (codes only; links rely on per-client limits). */
  maxAttempts: number | null;
}

const PURPOSE_NAME = /^[a-z][a-z0-9-]{1,62}$/;

/** Declares a purpose; checks the rules each form needs. */
export function defineSecretPurpose(p: SecretPurpose): Readonly<SecretPurpose> {
  if (!PURPOSE_NAME.test(p.name)) throw new RangeError(`Bad secret purpose name ${JSON.stringify(p.name)}`);
  if (!(p.lifetimeMs > 0)) throw new RangeError('A secret needs a positive lifetime');
  if (p.form === 'code' && !(p.maxAttempts && p.maxAttempts > 0 && p.singleUse)) {
    throw new RangeError('A short code must be single use with an attempt limit');
  }
  if (p.form !== 'code' && p.maxAttempts !== null) {
    throw new RangeError('Only short codes carry a per-secret attempt limit');
  }
  return Object.freeze({ ...p });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const LINK_BYTES = 20;

function randomLink(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(LINK_BYTES));
}

/** A fresh secret of the form: uniformly random from node:crypto. */
export function generateSecret(form: SecretForm): string {
  switch (form) {
    case 'link':
    case 'preferences':
      return randomLink();
    case 'code':
      return String(randomInt(0, 1_000_000)).padStart(6, '0');
    case 'tracking': {
      let s = '';
      for (let i = 0; i < 12; i++) s += CROCKFORD[randomInt(0, 32)];
      return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
    }
  }
}

/**
 * `count` fresh secrets of the form. Links draw their random bytes in one call (one system call for a
 * newsletter's 50,000 readers, not 50,000), each its own 20 bytes as generateSecret's.
 */
export function generateSecrets(form: SecretForm, count: number): string[] {
  if (form !== 'link' && form !== 'preferences') {
    return Array.from({ length: count }, () => generateSecret(form));
  }
  const bytes = randomBytes(LINK_BYTES * count);
  return Array.from({ length: count }, (_, i) =>
    encodeBase32LowerCaseNoPadding(bytes.subarray(LINK_BYTES * i, LINK_BYTES * (i + 1))),
  );
}

/**
 * The canonical text of what a person typed or a link carried, or null when it cannot be a secret of
 * the form (so a malformed value never reaches the database).
 */
export function normaliseSecret(form: SecretForm, input: string): string | null {
  switch (form) {
    case 'link':
    case 'preferences': {
      const s = input.trim();
      return /^[a-z2-7]{32}$/.test(s) ? s : null;
    }
    case 'code': {
      const s = input.replace(/[\s-]/g, '');
      return /^\d{6}$/.test(s) ? s : null;
    }
    case 'tracking': {
      const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
      return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(s) ? s : null;
    }
  }
}

const purposeLabel = (purpose: SecretPurpose) => oneTimeSecretLabel(purpose.name);

export function purposeKey(appSecret: Uint8Array, purpose: SecretPurpose): Buffer {
  return deriveKey(appSecret, purposeLabel(purpose));
}

/**
 * The stored hash of a normalised secret. A code's hash includes its subject: six digits alone would
 * be the same for many people, and the row must match the person it was sent to.
 */
export function hashSecret(
  appSecret: Uint8Array,
  purpose: SecretPurpose,
  normalised: string,
  subject = '',
): string {
  const input = purpose.form === 'code' ? `${subject}\n${normalised}` : normalised;
  return createHmac('sha256', derivedKeyObject(appSecret, purposeLabel(purpose)))
    .update(input)
    .digest('hex');
}

/** Constant-time equality of two hex hashes (false, not an exception, for different lengths). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

// ---------------------------------------------------------------------------------------------------
// The outbox: a message carries a sealed reference to its secret, never the secret

/**
 * Stands in for the secret in a queued message; replaced when the message is sent or shown. Derived
 * from the app secret, so no one who writes a message's text (a newsletter's author) can type it and
 * have each reader's own link filled in where they chose (security review 2, item 4). The same in
 * every process that shares the secret (the web server queues, the worker fills in).
 */
export function secretPlaceholder(appSecret: Uint8Array): string {
  const mac = createHmac('sha256', derivedKeyObject(appSecret, KEY_LABELS.outboxPlaceholder))
    .update('placeholder')
    .digest('hex');
  return `ZZsecret${mac.slice(0, 32)}ZZ`;
}

/**
 * The fixed placeholder of rows queued before it was derived. Filled in only in a row that holds no
 * derived one, which no row queued since can be (its body must show the derived one).
 */
const FIXED_PLACEHOLDER = 'ZZsecretplaceholderZZ';

/** The placeholder a queued row's parts carry: the derived one, or the fixed one of an older row. */
export function placeholderIn(parts: readonly string[], appSecret: Uint8Array): string {
  const derivedOne = secretPlaceholder(appSecret);
  return parts.some((part) => part.includes(derivedOne)) ? derivedOne : FIXED_PLACEHOLDER;
}

export function sealForOutbox(appSecret: Uint8Array, secret: string): string {
  return seal(Buffer.from(secret), derivedKeyObject(appSecret, KEY_LABELS.outboxSeal));
}

/** sealForOutbox for many secrets (a newsletter issue), in their order. */
export function sealEachForOutbox(appSecret: Uint8Array, secrets: readonly string[]): string[] {
  return sealEach(
    secrets.map((secret) => Buffer.from(secret)),
    derivedKeyObject(appSecret, KEY_LABELS.outboxSeal),
  );
}

export function openFromOutbox(appSecret: Uint8Array, sealed: string): string {
  return new TextDecoder().decode(open(sealed, derivedKeyObject(appSecret, KEY_LABELS.outboxSeal)));
}

/** The body as sent: every placeholder replaced by the secret. Deterministic for a given row. */
export function fillSecret(body: string, secret: string, placeholder: string): string {
  return body.split(placeholder).join(secret);
}
