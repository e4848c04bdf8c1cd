// One key per use of the app secret (decision 0104). Every key the portal uses is derived from
// APP_SECRET with HKDF-SHA256 and an info label naming its use; nothing uses the app secret itself as
// a key. A label is `<use>/v<n>` (one-time secrets add their purpose: `one-time-secret/v1/<purpose>`):
// a new version of a use is a new label, and a label in use is never renamed or given to another use.
//
// Values stored under a key name it where they must outlive a change of key: a sealed value is
// `<label>:<iv>.<body>`, a recovery code's hash `<label>:<hex>`. Reading accepts the current label and
// the older forms the use still lists; writing only ever uses the current one (openSealed says when a
// value is stale, and the caller writes it again).
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { open, seal } from './secret-box.ts';

/** The HKDF info label of each use of the app secret. Never rename one in use. */
export const KEY_LABELS = {
  /** AES-256-GCM of members' TOTP keys (staff_users.totp_key_encrypted). */
  totpBox: 'totp-box/v1',
  /** HMAC-SHA256 of recovery codes (staff_recovery_codes.code_hash). */
  recoveryCode: 'recovery-code/v1',
  /** AES-256-GCM of new recovery codes held for the page that shows them. */
  recoveryCodeReveal: 'recovery-code-reveal/v1',
  /** HMAC-SHA256 of addresses and clients in sign-in lockouts (login_throttles.key). */
  loginThrottle: 'login-throttle/v1',
  /** HMAC-SHA256 of what staff and subscription rate limits count (rate_limits.key). */
  rateLimit: 'rate-limit/v1',
  /** AES-256-GCM of a queued message's secret (email_outbox.sealed_secret). */
  outboxSeal: 'outbox-seal/v1',
  /** HMAC-SHA256 that makes the placeholder for a queued message's secret. */
  outboxPlaceholder: 'outbox-placeholder/v1',
  /** HMAC-SHA256 of a voter's address and round (vote_ballots / vote_pending_ballots.address_hash). */
  voteAddress: 'vote-address/v1',
  /** AES-256-GCM of the address of a voter who asked to hear a round's outcome (outcome_address). */
  voteOutcomeAddress: 'vote-outcome-address/v1',
} as const;

export type KeyLabel = (typeof KEY_LABELS)[keyof typeof KEY_LABELS];

/** The label of a one-time secret purpose's HMAC key (features/secrets/secrets.ts). */
export function oneTimeSecretLabel(purposeName: string): string {
  return `one-time-secret/v1/${purposeName}`;
}

/** `<use>/v<n>`, optionally followed by `/<name>`: a label names its version. */
const LABEL = /^[a-z][a-z0-9-]*\/v[1-9][0-9]*(\/[a-z0-9][a-z0-9-]*)?$/;

const keys = new WeakMap<Uint8Array, Map<string, { bytes: Buffer; object: KeyObject }>>();

function derived(appSecret: Uint8Array, label: string): { bytes: Buffer; object: KeyObject } {
  let byLabel = keys.get(appSecret);
  if (!byLabel) {
    byLabel = new Map();
    keys.set(appSecret, byLabel);
  }
  let key = byLabel.get(label);
  if (!key) {
    if (!LABEL.test(label)) throw new RangeError(`A key label is <use>/v<n>: ${JSON.stringify(label)}`);
    const bytes = Buffer.from(hkdfSync('sha256', appSecret, new Uint8Array(0), label, 32));
    key = { bytes, object: createSecretKey(bytes) };
    byLabel.set(label, key);
  }
  return key;
}

/** A 32-byte key derived from the app secret for one use, named by its HKDF info label. */
export function deriveKey(appSecret: Uint8Array, label: string): Buffer {
  return derived(appSecret, label).bytes;
}

/**
 * The same key as a KeyObject, made once: given raw bytes, node:crypto imports the key afresh on every
 * createHmac/createCipheriv (0.3 s of a 10,000-reader newsletter's publish, for its links).
 */
export function derivedKeyObject(appSecret: Uint8Array, label: string): KeyObject {
  return derived(appSecret, label).object;
}

/** The key staff and subscription rate limits are kept under (rate_limits rows, gone within a day). */
export function rateLimitKeyFor(appSecret: Uint8Array): KeyObject {
  return derivedKeyObject(appSecret, KEY_LABELS.rateLimit);
}

/**
 * The app secret itself, as the key of values written before keys were derived: TOTP keys sealed
 * without a label, and recovery codes hashed `hmac:`. Only for reading them; never for writing.
 */
export function legacyBareKey(appSecret: Uint8Array): Uint8Array {
  return appSecret;
}

/** Seals `plain` with AES-256-GCM under the key of `label`; the value names the label. */
export function sealUnder(appSecret: Uint8Array, label: string, plain: Uint8Array): string {
  return `${label}:${seal(plain, derivedKeyObject(appSecret, label))}`;
}

/** The labels a sealed value may have been written under, newest first. */
export interface SealedUse {
  /** What is written now. */
  current: string;
  /** Older labels of the same use, still read (their values are stale). */
  older?: readonly string[];
  /** Values with no label (sealed under the app secret itself) are still read (and stale). */
  bare?: boolean;
}

/** Opens a value sealUnder wrote (or an older form the use still reads); throws otherwise. */
export function openSealed(
  appSecret: Uint8Array,
  sealed: string,
  use: SealedUse,
): { plain: Uint8Array; stale: boolean } {
  const colon = sealed.indexOf(':');
  if (colon === -1) {
    if (!use.bare) throw new Error('Sealed value names no key');
    return { plain: open(sealed, legacyBareKey(appSecret)), stale: true };
  }
  const label = sealed.slice(0, colon);
  if (label !== use.current && !use.older?.includes(label)) {
    throw new Error(`Sealed under a key this use does not read: ${label}`);
  }
  return {
    plain: open(sealed.slice(colon + 1), derivedKeyObject(appSecret, label)),
    stale: label !== use.current,
  };
}
