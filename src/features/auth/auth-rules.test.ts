import { createHmac } from 'node:crypto';
import { generateHOTP } from '@oslojs/otp';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../secrets/secret-box.ts';
import { checkPassword } from './password.ts';
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './permissions.ts';
import {
  lockoutMinutes,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionState,
  shouldTouch,
} from './session.ts';
import {
  generateRecoveryCode,
  generateToken,
  hashToken,
  normaliseRecoveryCode,
  recoveryCodeCandidates,
  recoveryCodeHash,
} from './tokens.ts';
import { currentCounter, formatTotpKey, generateTotpKey, matchTotp, totpKeyUri } from './totp.ts';

describe('permission map', () => {
  it('gives administrators every permission', () => {
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
  });
  it('lets liaison officers write and publish plan updates, and nothing of the admin’s', () => {
    expect(can('liaison_officer', 'plan_update:write')).toBe(true);
    expect(can('liaison_officer', 'plan_update:publish')).toBe(true);
    expect(can('liaison_officer', 'staff:manage')).toBe(false);
    expect(can('liaison_officer', 'audit:view')).toBe(false);
  });
  it('lets ward officers see the dashboard, their account, triage concerns (with contact details), keep priorities, run their panels and events', () => {
    expect([...ROLE_PERMISSIONS.ward_officer].sort()).toEqual([
      'account:manage',
      'concern:triage',
      'concern:view',
      'concern:view_contact',
      'dashboard:view',
      'event:write',
      'panel:equality',
      'panel:export',
      'panel:review',
      'priority:write',
    ]);
  });
  it('lets every role keep ward priorities (ward officers only their own wards: ward scope)', () => {
    for (const r of ROLES) expect(can(r, 'priority:write')).toBe(true);
  });
  it('keeps concerns’ contact details from liaison officers, and the export from ward officers', () => {
    expect(can('liaison_officer', 'concern:triage')).toBe(true);
    expect(can('liaison_officer', 'concern:view_contact')).toBe(false);
    expect(can('liaison_officer', 'concern:export')).toBe(true);
    expect(can('ward_officer', 'concern:export')).toBe(false);
  });
  it('gives every role the basics', () => {
    for (const r of ROLES) {
      expect(can(r, 'dashboard:view')).toBe(true);
      expect(can(r, 'account:manage')).toBe(true);
    }
  });
});

describe('password rules', () => {
  it('needs 12 characters and allows at least 64', () => {
    expect(checkPassword('short pass1')).toBe('too_short');
    expect(checkPassword('correct horse battery')).toBeNull();
    expect(checkPassword('the quick brown fox jumps over the lazy dog by the riverbank 2026')).toBeNull();
    expect(checkPassword('a1'.repeat(65))).toBe('too_long');
  });
  it('counts characters, not bytes', () => {
    expect(checkPassword('ééééé ççççç ø')).toBeNull();
  });
  it('refuses common passwords and simple variations of them', () => {
    expect(checkPassword('qwertyuiop123')).toBe('common');
    expect(checkPassword('1qaz2wsx3edc')).toBe('common');
    expect(checkPassword('Password1234!')).toBe('common');
    expect(checkPassword('islington2024!!')).toBe('common');
  });
  it('refuses a password made of the email address or of few characters', () => {
    expect(checkPassword('ada.lovelace-1815', { email: 'ada.lovelace@example.org' })).toBe('contains_email');
    expect(checkPassword('aaaaaaaaaaaaaaab')).toBe('repetitive');
  });
  it('has no composition rules', () => {
    expect(checkPassword('every lower case words here')).toBeNull();
  });
});

describe('tokens', () => {
  it('are 160 bits of base32 and stored only as SHA-256', () => {
    const t = generateToken();
    expect(t).toMatch(/^[a-z2-7]{32}$/);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(new Set(Array.from({ length: 50 }, generateToken)).size).toBe(50);
  });
  it('recovery codes are typed without case, spaces or hyphens mattering', () => {
    const code = generateRecoveryCode();
    expect(normaliseRecoveryCode(` ${code.toUpperCase().replaceAll('-', ' ')} `)).toBe(
      code.replaceAll('-', ''),
    );
  });
  it('recovery codes carry at least 112 bits, in readable groups of four', () => {
    const code = generateRecoveryCode();
    expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    // 24 base32 characters = 120 bits, every one random: all 32 symbols turn up in every position.
    expect(normaliseRecoveryCode(code).length * 5).toBeGreaterThanOrEqual(112);
    const codes = Array.from({ length: 2000 }, () => normaliseRecoveryCode(generateRecoveryCode()));
    expect(new Set(codes).size).toBe(codes.length);
    for (const position of [0, 11, 23]) {
      expect(new Set(codes.map((c) => c[position])).size).toBe(32);
    }
  });
  it('recovery codes are stored as a hash under a key derived for them, never the app secret', () => {
    const app = new Uint8Array(32).fill(1);
    const code = generateRecoveryCode();
    const a = recoveryCodeHash(app, code);
    expect(a).toMatch(/^recovery-code\/v1:[0-9a-f]{64}$/);
    expect(recoveryCodeHash(app, code.toUpperCase())).toBe(a);
    expect(recoveryCodeHash(new Uint8Array(32).fill(2), code)).not.toBe(a);
    expect(a).not.toContain(hashToken(normaliseRecoveryCode(code)));
    const bare = createHmac('sha256', app).update(normaliseRecoveryCode(code)).digest('hex');
    expect(a).not.toContain(bare);
    // A code hashed under the app secret itself (before decision 0104) still matches, spent when used.
    expect(recoveryCodeCandidates(app, code)).toEqual([a, `hmac:${bare}`]);
  });
  it('a 10-character code stored as a bare SHA-256 (before decision 0051) matches nothing', () => {
    const candidates = recoveryCodeCandidates(new Uint8Array(32), 'abcde-fghij');
    expect(candidates).not.toContain(hashToken('abcdefghij'));
    for (const c of candidates) expect(c).toMatch(/^(recovery-code\/v1|hmac):[0-9a-f]{64}$/);
  });
});

describe('TOTP', () => {
  const key = generateTotpKey();
  const now = new Date('2026-11-22T12:00:10Z');
  const step = currentCounter(now);
  const codeAt = (counter: number) => generateHOTP(key, BigInt(counter), 6);

  it('accepts the current code and one step either side, and no further', () => {
    expect(matchTotp(key, codeAt(step), now, null)).toBe(step);
    expect(matchTotp(key, codeAt(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(key, codeAt(step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(key, codeAt(step - 2), now, null)).toBeNull();
    expect(matchTotp(key, codeAt(step + 2), now, null)).toBeNull();
  });
  it('never accepts a code whose time-step was already used', () => {
    expect(matchTotp(key, codeAt(step), now, step)).toBeNull();
    expect(matchTotp(key, codeAt(step - 1), now, step)).toBeNull();
    expect(matchTotp(key, codeAt(step + 1), now, step)).toBe(step + 1);
  });
  it('tolerates a space in the middle and refuses anything but 6 digits', () => {
    const c = codeAt(step);
    expect(matchTotp(key, `${c.slice(0, 3)} ${c.slice(3)}`, now, null)).toBe(step);
    expect(matchTotp(key, 'abcdef', now, null)).toBeNull();
    expect(matchTotp(key, '', now, null)).toBeNull();
  });
  it('builds a key URI for authenticator apps and a typeable key', () => {
    const uri = totpKeyUri('ada@example.org', key);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+\?/);
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
    expect(formatTotpKey(key)).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  });
});

describe('secret box', () => {
  const k = new Uint8Array(32).fill(7);
  it('round-trips and never repeats a ciphertext', () => {
    const plain = new Uint8Array([1, 2, 3, 4]);
    const a = seal(plain, k);
    expect(a).not.toBe(seal(plain, k));
    expect([...open(a, k)]).toEqual([1, 2, 3, 4]);
  });
  it('refuses a wrong key or a tampered value', () => {
    const sealed = seal(new Uint8Array([9]), k);
    expect(() => open(sealed, new Uint8Array(32).fill(8))).toThrow();
    const [iv, body] = sealed.split('.');
    // Flip one bit of every byte in turn: ciphertext and tag must each be covered by the tag.
    const bytes = Buffer.from(body ?? '', 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 1;
      expect(() => open(`${iv}.${tampered.toString('base64url')}`, k)).toThrow();
    }
  });
});

describe('session lifetime', () => {
  const created = new Date('2026-11-22T08:00:00Z');
  const s = {
    createdAt: created,
    lastSeenAt: created,
    expiresAt: new Date(created.getTime() + SESSION_ABSOLUTE_MS),
  };
  const at = (ms: number) => new Date(created.getTime() + ms);
  it('expires after 30 idle minutes', () => {
    expect(sessionState(s, at(SESSION_IDLE_MS - 1000))).toBe('valid');
    expect(sessionState(s, at(SESSION_IDLE_MS))).toBe('idle_expired');
  });
  it('expires 12 hours after sign-in however active', () => {
    const busy = { ...s, lastSeenAt: at(SESSION_ABSOLUTE_MS - 60_000) };
    expect(sessionState(busy, at(SESSION_ABSOLUTE_MS - 1000))).toBe('valid');
    expect(sessionState(busy, at(SESSION_ABSOLUTE_MS))).toBe('expired');
  });
  it('records activity at most once a minute', () => {
    expect(shouldTouch(s, at(30_000))).toBe(false);
    expect(shouldTouch(s, at(60_000))).toBe(true);
  });
  it('locks out for longer after each failure past five', () => {
    expect([1, 4, 5, 6, 7, 8, 12].map((n) => lockoutMinutes(n))).toEqual([0, 0, 1, 2, 4, 8, 60]);
  });
});
