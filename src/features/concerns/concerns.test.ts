import { describe, expect, it } from 'vitest';
import { ContactSchema, WhatSchema, WhenSchema } from './concerns.schema.ts';
import {
  findPersonalDetails,
  formatReference,
  mentionsEmergency,
  nextPath,
  normaliseReference,
  personalDetailKinds,
  previousPath,
} from './concerns.ts';

describe('references', () => {
  it('are CN-year-six digits, and read back forgivingly', () => {
    expect(formatReference(2026, 4271)).toBe('CN-2026-004271');
    expect(normaliseReference(' cn 2026 004271 ')).toBe('CN-2026-004271');
    expect(normaliseReference('CN-2026-004271')).toBe('CN-2026-004271');
    expect(normaliseReference('CN-26-4271')).toBeNull();
    expect(normaliseReference("CN-2026-004271' or 1=1")).toBeNull();
  });
});

describe('the journey’s order', () => {
  it('goes step by step, and back to the check page after a change', () => {
    expect(nextPath('what', false)).toBe('/report/where');
    expect(nextPath('contact', false)).toBe('/report/check');
    expect(nextPath('what', true)).toBe('/report/check');
    expect(previousPath('what')).toBe('/report');
    expect(previousPath('when')).toBe('/report/where');
  });
});

describe('mentionsEmergency', () => {
  it('finds a weapon or something happening now', () => {
    expect(mentionsEmergency('one of them had a knife')).toBe(true);
    expect(mentionsEmergency('It is happening right now outside')).toBe(true);
    expect(mentionsEmergency('I saw a WEAPON')).toBe(true);
    expect(mentionsEmergency('loud music most nights', null, undefined)).toBe(false);
    expect(mentionsEmergency('Gunners fans singing')).toBe(false);
  });
});

describe('personal details in free text', () => {
  it('marks phone numbers, emails, registrations and house numbers with streets', () => {
    const text = 'Call 07700 900461 or a.b@example.org; car AB12 CDE outside 14 Leighton Road.';
    expect(personalDetailKinds(text).sort()).toEqual(['address', 'email', 'phone', 'vehicle']);
    const parts = findPersonalDetails(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.pii).map((p) => p.text)).toEqual([
      '07700 900461',
      'a.b@example.org',
      'AB12 CDE',
      '14 Leighton Road',
    ]);
    expect(personalDetailKinds('Noise most evenings by the market')).toEqual([]);
  });
});

describe('step schemas', () => {
  it('ask for "something else" only when chosen, and drop it otherwise', () => {
    expect(WhatSchema.safeParse({ category: 'other' }).success).toBe(false);
    expect(WhatSchema.parse({ category: 'noise', categoryOther: 'ignored' }).categoryOther).toBe('');
  });

  it('need a past date and a time for once, how often for ongoing', () => {
    expect(
      WhenSchema.safeParse({ timing: 'once', occurredOn: '2999-01-01', timeOfDay: 'night' }).success,
    ).toBe(false);
    expect(
      WhenSchema.safeParse({ timing: 'once', occurredOn: '2026-02-30', timeOfDay: 'night' }).success,
    ).toBe(false);
    expect(
      WhenSchema.parse({ timing: 'once', occurredOn: '2026-01-05', timeOfDay: 'night', frequency: 'x' }),
    ).toEqual({
      timing: 'once',
      occurredOn: '2026-01-05',
      timeOfDay: 'night',
      frequency: null,
      from: null,
    });
    expect(WhenSchema.safeParse({ timing: 'ongoing' }).success).toBe(false);
  });

  it('anonymous keeps no contact detail, whatever was typed', () => {
    const v = ContactSchema.parse({
      anonymous: 'yes',
      name: 'N',
      email: 'n@example.org',
      phone: '07700900461',
    });
    expect(v).toMatchObject({ anonymous: true, name: '', email: '', phone: '', preference: '' });
    expect(ContactSchema.safeParse({ anonymous: 'no', name: 'N' }).success).toBe(false);
    expect(ContactSchema.safeParse({ anonymous: 'no', name: 'N', email: 'not an email' }).success).toBe(
      false,
    );
    expect(ContactSchema.parse({ anonymous: 'no', name: 'N', phone: '020 7946 0000' }).anonymous).toBe(false);
  });
});

describe('the contact-details retention period', () => {
  it('is 12 months unless configured, and refuses nonsense', async () => {
    const { concernContactRetentionMs } = await import('../retention/retention.ts');
    const { DAY_MS } = await import('../../lib/dates.ts');
    expect(concernContactRetentionMs({})).toBe(365 * DAY_MS);
    expect(concernContactRetentionMs({ CONCERN_CONTACT_RETENTION_DAYS: '' })).toBe(365 * DAY_MS);
    expect(concernContactRetentionMs({ CONCERN_CONTACT_RETENTION_DAYS: '90' })).toBe(90 * DAY_MS);
    expect(() => concernContactRetentionMs({ CONCERN_CONTACT_RETENTION_DAYS: '0' })).toThrow();
    expect(() => concernContactRetentionMs({ CONCERN_CONTACT_RETENTION_DAYS: 'a year' })).toThrow();
  });
});
