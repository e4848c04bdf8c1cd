import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rateLimitKey } from '../../server/node/rate-limit.ts';
import { deriveKey } from './keys.ts';
import {
  defineSecretPurpose,
  fillSecret,
  generateSecret,
  generateSecrets,
  hashSecret,
  normaliseSecret,
  openFromOutbox,
  placeholderIn,
  purposeKey,
  sameHash,
  sealEachForOutbox,
  sealForOutbox,
  secretPlaceholder,
} from './secrets.ts';

const APP = new Uint8Array(32).fill(9);
const HOUR = 3_600_000;
const link = defineSecretPurpose({
  name: 'test-link',
  form: 'link',
  lifetimeMs: HOUR,
  singleUse: true,
  maxAttempts: null,
});
const other = defineSecretPurpose({
  name: 'test-other-link',
  form: 'link',
  lifetimeMs: HOUR,
  singleUse: true,
  maxAttempts: null,
});
const code = defineSecretPurpose({
  name: 'test-code',
  form: 'code',
  lifetimeMs: HOUR,
  singleUse: true,
  maxAttempts: 5,
});
const tracking = defineSecretPurpose({
  name: 'test-tracking',
  form: 'tracking',
  lifetimeMs: HOUR,
  singleUse: false,
  maxAttempts: null,
});
const prefs = defineSecretPurpose({
  name: 'test-prefs',
  form: 'preferences',
  lifetimeMs: HOUR,
  singleUse: false,
  maxAttempts: null,
});

describe('secret forms', () => {
  it('makes links of 160 random bits in base32, never twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = generateSecret('link');
      expect(s).toMatch(/^[a-z2-7]{32}$/);
      expect(normaliseSecret('link', s)).toBe(s);
      seen.add(s);
    }
    expect(seen.size).toBe(200);
    expect(generateSecret('preferences')).toMatch(/^[a-z2-7]{32}$/);
  });
  it('makes many links at once from one draw, each its own 160 bits, never twice', () => {
    const many = generateSecrets('preferences', 2000);
    expect(many).toHaveLength(2000);
    for (const s of many) expect(normaliseSecret('preferences', s)).toBe(s);
    expect(new Set(many).size).toBe(2000);
    // Every character position varies across the batch (no slice of the draw shared or left zero).
    for (let i = 0; i < 32; i++) expect(new Set(many.map((s) => s[i])).size).toBeGreaterThan(20);
    expect(generateSecrets('link', 0)).toEqual([]);
    expect(generateSecrets('code', 3).every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(normaliseSecret('tracking', generateSecrets('tracking', 1)[0] as string)).not.toBeNull();
  });
  it('makes 6-digit codes, leading zeros kept, spread over all digits', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const c = generateSecret('code');
      expect(c).toMatch(/^\d{6}$/);
      firsts.add(c[0] as string);
    }
    expect(firsts.size).toBe(10);
    expect(normaliseSecret('code', ' 012 345 ')).toBe('012345');
    expect(normaliseSecret('code', '12345')).toBeNull();
    expect(normaliseSecret('code', '12345a')).toBeNull();
  });
  it('makes tracking codes people can read back, forgiving case, spaces and look-alike letters', () => {
    const t = generateSecret('tracking');
    expect(t).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseSecret('tracking', t)).toBe(t.replace(/-/g, ''));
    expect(normaliseSecret('tracking', 'ab1o-il23-4567')).toBe('AB1011234567');
    expect(normaliseSecret('tracking', 'ABCD-EFGH-JKMU')).toBeNull(); // U is not Crockford base32
    expect(normaliseSecret('tracking', 'ABCD')).toBeNull();
  });
  it('refuses what cannot be a link before any lookup', () => {
    expect(normaliseSecret('link', "' or 1=1 --")).toBeNull();
    expect(normaliseSecret('link', 'A'.repeat(32))).toBeNull();
  });
});

describe('purposes', () => {
  it('insist codes are single use with an attempt limit, and only codes carry one', () => {
    expect(() =>
      defineSecretPurpose({
        name: 'bad-code',
        form: 'code',
        lifetimeMs: HOUR,
        singleUse: true,
        maxAttempts: null,
      }),
    ).toThrow();
    expect(() =>
      defineSecretPurpose({
        name: 'bad-code',
        form: 'code',
        lifetimeMs: HOUR,
        singleUse: false,
        maxAttempts: 3,
      }),
    ).toThrow();
    expect(() =>
      defineSecretPurpose({
        name: 'bad-link',
        form: 'link',
        lifetimeMs: HOUR,
        singleUse: true,
        maxAttempts: 3,
      }),
    ).toThrow();
    expect(() =>
      defineSecretPurpose({
        name: 'Bad Name',
        form: 'link',
        lifetimeMs: HOUR,
        singleUse: true,
        maxAttempts: null,
      }),
    ).toThrow();
    expect(() =>
      defineSecretPurpose({
        name: 'no-life',
        form: 'link',
        lifetimeMs: 0,
        singleUse: true,
        maxAttempts: null,
      }),
    ).toThrow();
  });
});

describe('keyed hashes', () => {
  it('use a key per purpose, none of them the app secret or the rate-limit key', () => {
    const keys = [link, other, code, tracking, prefs].map((p) => purposeKey(APP, p).toString('hex'));
    expect(new Set(keys).size).toBe(5);
    expect(keys).not.toContain(Buffer.from(APP).toString('hex'));
    expect(keys).not.toContain(deriveKey(APP, 'outbox-seal/v1').toString('hex'));
    const s = generateSecret('link');
    expect(hashSecret(APP, link, s)).not.toBe(hashSecret(APP, other, s));
    // Not the HMAC the rate limiter would compute with the app secret itself.
    expect(hashSecret(APP, link, s)).not.toBe(createHmac('sha256', APP).update(s).digest('hex'));
    expect(rateLimitKey(Buffer.from(APP), 'x', s)).not.toContain(hashSecret(APP, link, s));
  });
  it('depend on the app secret', () => {
    const s = generateSecret('link');
    expect(hashSecret(APP, link, s)).not.toBe(hashSecret(new Uint8Array(32).fill(1), link, s));
    expect(hashSecret(APP, link, s)).toBe(hashSecret(APP, link, s));
  });
  it('bind a code to its subject', () => {
    expect(hashSecret(APP, code, '123456', 'a')).not.toBe(hashSecret(APP, code, '123456', 'b'));
    // A link's hash ignores the subject: it is looked up by the hash alone.
    expect(hashSecret(APP, link, 'x', 'a')).toBe(hashSecret(APP, link, 'x', 'b'));
  });
  it('compare in constant time, and never equal across lengths or when empty', () => {
    const h = hashSecret(APP, link, 'abc');
    expect(sameHash(h, h)).toBe(true);
    expect(sameHash(h, hashSecret(APP, link, 'abd'))).toBe(false);
    expect(sameHash(h, h.slice(0, 62))).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });
});

describe('outbox sealing', () => {
  it('seals a secret so the row holds no trace of it, and opens it again with the same key only', () => {
    const s = generateSecret('link');
    const sealed = sealForOutbox(APP, s);
    expect(sealed).not.toContain(s);
    expect(sealed).not.toContain(Buffer.from(s).toString('base64url'));
    expect(openFromOutbox(APP, sealed)).toBe(s);
    expect(() => openFromOutbox(new Uint8Array(32).fill(1), sealed)).toThrow();
    // Sealed with a fresh IV each time: two seals of one secret differ.
    expect(sealForOutbox(APP, s)).not.toBe(sealed);
  });
  it('seals many at once, each with its own IV, each opening to its own secret', () => {
    const secrets = generateSecrets('preferences', 500);
    const sealed = sealEachForOutbox(APP, secrets);
    expect(sealed.map((x) => openFromOutbox(APP, x))).toEqual(secrets);
    expect(new Set(sealed.map((x) => x.split('.')[0])).size).toBe(500);
    expect(sealEachForOutbox(APP, [secrets[0] as string])[0]).not.toBe(sealed[0]);
    expect(sealEachForOutbox(APP, [])).toEqual([]);
  });
  it('fills every placeholder, the same way every time', () => {
    const placeholder = secretPlaceholder(APP);
    const body = `a ${placeholder} b ${placeholder}`;
    expect(fillSecret(body, 'xyz', placeholder)).toBe('a xyz b xyz');
    expect(fillSecret('no placeholder', 'xyz', placeholder)).toBe('no placeholder');
  });
  it('uses a placeholder only the app secret gives: the same in every process, unknown to authors', () => {
    const placeholder = secretPlaceholder(APP);
    expect(placeholder).toMatch(/^ZZsecret[0-9a-f]{32}ZZ$/);
    expect(secretPlaceholder(new Uint8Array(APP))).toBe(placeholder);
    expect(secretPlaceholder(new Uint8Array(32).fill(7))).not.toBe(placeholder);
    expect(placeholder).not.toBe('ZZsecretplaceholderZZ');
  });
  it('fills the old fixed placeholder only in a row that holds no derived one', () => {
    const placeholder = secretPlaceholder(APP);
    expect(placeholderIn([`x ${placeholder}`, 'y ZZsecretplaceholderZZ'], APP)).toBe(placeholder);
    expect(placeholderIn(['x ZZsecretplaceholderZZ', 'y'], APP)).toBe('ZZsecretplaceholderZZ');
  });
});
