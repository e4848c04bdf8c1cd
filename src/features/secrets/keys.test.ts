import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  KEY_LABELS,
  legacyBareKey,
  oneTimeSecretLabel,
  openSealed,
  rateLimitKeyFor,
  sealUnder,
} from './keys.ts';
import { open, seal } from './secret-box.ts';

const APP = new Uint8Array(32).fill(5);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('one key per use of the app secret', () => {
  const labels = [
    ...Object.values(KEY_LABELS),
    ...['staff-invite', 'staff-password-reset', 'staff-device', 'newsletter-confirm'].map(oneTimeSecretLabel),
  ];

  it('gives each use a different 32-byte key, none of them the app secret', () => {
    const keys = labels.map((label) => hex(deriveKey(APP, label)));
    expect(new Set(keys).size).toBe(labels.length);
    for (const key of keys) {
      expect(key).toHaveLength(64);
      expect(key).not.toBe(hex(APP));
    }
    // The rate limits' key is the derived one, not the app secret's bytes under another name.
    const x = 'client';
    expect(createHmac('sha256', rateLimitKeyFor(APP)).update(x).digest('hex')).toBe(
      createHmac('sha256', deriveKey(APP, KEY_LABELS.rateLimit)).update(x).digest('hex'),
    );
    expect(createHmac('sha256', rateLimitKeyFor(APP)).update(x).digest('hex')).not.toBe(
      createHmac('sha256', APP).update(x).digest('hex'),
    );
  });

  it('derives the same key from the same secret in every process, and another from another secret', () => {
    expect(hex(deriveKey(new Uint8Array(APP), KEY_LABELS.totpBox))).toBe(
      hex(deriveKey(APP, KEY_LABELS.totpBox)),
    );
    expect(hex(deriveKey(new Uint8Array(32).fill(6), KEY_LABELS.totpBox))).not.toBe(
      hex(deriveKey(APP, KEY_LABELS.totpBox)),
    );
  });

  it('names a version in every label, and refuses a label without one', () => {
    for (const label of labels) expect(label).toMatch(/\/v[1-9][0-9]*(\/|$)/);
    expect(() => deriveKey(APP, 'totp-box')).toThrow(RangeError);
    expect(() => deriveKey(APP, 'Totp/v1')).toThrow(RangeError);
    expect(deriveKey(APP, 'totp-box/v2')).toHaveLength(32);
  });
});

describe('sealed values name their key', () => {
  const plain = new Uint8Array([1, 2, 3]);
  const use = { current: 'test-box/v2', older: ['test-box/v1'], bare: true };

  it('seals under the current label, and opens fresh', () => {
    const sealed = sealUnder(APP, 'test-box/v2', plain);
    expect(sealed.startsWith('test-box/v2:')).toBe(true);
    expect(openSealed(APP, sealed, use)).toEqual({ plain: new Uint8Array(plain), stale: false });
    // Not under the app secret itself.
    expect(() => open(sealed.slice('test-box/v2:'.length), APP)).toThrow();
  });

  it('opens an older label or a bare value as stale, when the use still reads them', () => {
    const older = sealUnder(APP, 'test-box/v1', plain);
    expect(openSealed(APP, older, use).stale).toBe(true);
    const bare = seal(plain, legacyBareKey(APP));
    expect(openSealed(APP, bare, use)).toEqual({ plain: new Uint8Array(plain), stale: true });
  });

  it('refuses a label or a bare value the use does not read', () => {
    expect(() => openSealed(APP, sealUnder(APP, 'other-box/v1', plain), use)).toThrow();
    expect(() => openSealed(APP, seal(plain, APP), { current: 'test-box/v2' })).toThrow();
    expect(() => openSealed(new Uint8Array(32), sealUnder(APP, 'test-box/v2', plain), use)).toThrow();
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the source', () => {
  // What the app secret is called where it is passed around.
  const SECRET = String.raw`(?:secret|appSecret|ctx\.secret|ctx\.appSecret|getAppSecret\(\))`;
  const KEY_USE = [
    new RegExp(String.raw`create(?:Hmac|Cipheriv|Decipheriv)\([^,]+,\s*${SECRET}\s*[,)]`),
    new RegExp(String.raw`\b(?:seal|sealEach|open)\((?:[^()]|\([^()]*\))*,\s*${SECRET}\s*\)`),
    new RegExp(String.raw`\b(?:hitRateLimit|refundRateLimit|rateLimitKey)\([^,]*,\s*${SECRET}\s*,`),
  ];

  it('never uses the app secret itself as a key', () => {
    const found = sourceFiles('src').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          KEY_USE.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(found).toEqual([]);
  });

  it('derives keys in keys.ts alone, and reads the bare secret only for values written before', () => {
    const users = (word: RegExp) =>
      sourceFiles('src').filter((file) => word.test(readFileSync(file, 'utf8')));
    expect(users(/\bhkdfSync\b/)).toEqual([join('src/features/secrets/keys.ts')]);
    expect(users(/\blegacyBareKey\(/).sort()).toEqual(
      [join('src/features/auth/tokens.ts'), join('src/features/secrets/keys.ts')].sort(),
    );
  });
});
