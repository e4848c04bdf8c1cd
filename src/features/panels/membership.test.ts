import { describe, expect, it } from 'vitest';
import { ageOn } from './age-rules.ts';
import { firstNameOf } from './applications.ts';
import {
  addYears,
  connectionLabel,
  copiesGuardian,
  coversPanel,
  mayDecide,
  panelKeyOf,
  publicListing,
  publicRoleOf,
  remindTermsEndingBy,
} from './membership.ts';

const adult = {
  body: 'ward_panel' as const,
  fullName: '  Mary   Seacole ',
  connection: 'live',
  organisation: null,
  showOnPanelPage: true,
  dateOfBirth: null,
};

describe('panel membership rules', () => {
  it('reads a panel from its URL segment', () => {
    expect(panelKeyOf('bloomsbury')).toEqual({ body: 'ward_panel', wardSlug: 'bloomsbury' });
    expect(panelKeyOf('youth-advisory-forum')).toEqual({ body: 'youth_forum' });
    expect(panelKeyOf('../etc')).toBeNull();
    expect(panelKeyOf('')).toBeNull();
  });

  it('keeps the Forum to those who see every ward', () => {
    const officer = { wardIds: [1], wardSlugs: ['bloomsbury'] };
    expect(coversPanel(officer, { body: 'ward_panel', wardSlug: 'bloomsbury' })).toBe(true);
    expect(coversPanel(officer, { body: 'ward_panel', wardSlug: 'holloway' })).toBe(false);
    expect(coversPanel(officer, { body: 'youth_forum' })).toBe(false);
    expect(coversPanel('all', { body: 'youth_forum' })).toBe(true);
  });

  it('decides a pending application any way, a waitlisted one only onwards', () => {
    expect(mayDecide('pending', 'waitlisted')).toBe(true);
    expect(mayDecide('waitlisted', 'approved')).toBe(true);
    expect(mayDecide('waitlisted', 'waitlisted')).toBe(false);
    expect(mayDecide('approved', 'declined')).toBe(false);
    expect(mayDecide('unconfirmed', 'approved')).toBe(false);
  });

  it('adds years, 29 February becoming 28 February', () => {
    expect(addYears('2026-12-06', 2)).toBe('2028-12-06');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2026-01-01', -3)).toBe('2023-01-01');
  });

  it('counts age on the day before, of and after a birthday, and for 29 February', () => {
    expect(ageOn('2008-12-06', '2026-12-05')).toBe(17);
    expect(ageOn('2008-12-06', '2026-12-06')).toBe(18);
    expect(ageOn('2008-12-06', '2026-12-07')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('names only consenting adults, by first name and role', () => {
    expect(publicListing(adult, '2026-12-06', true)).toEqual({
      publicName: 'Mary',
      publicRole: 'Lives in the ward',
    });
    expect(publicListing(adult, '2026-12-06', false)).toBeNull();
    expect(publicListing({ ...adult, showOnPanelPage: false }, '2026-12-06', true)).toBeNull();
    const young = { ...adult, body: 'youth_forum' as const, dateOfBirth: '2008-12-07' };
    expect(publicListing(young, '2026-12-06', true)).toBeNull();
    expect(publicListing(young, '2026-12-07', false)).toEqual({
      publicName: 'Mary',
      publicRole: 'Forum member',
    });
  });

  it('words the role from the connection or the organisation', () => {
    expect(
      publicRoleOf({ body: 'ward_panel', connection: 'organisation', organisation: ' Tenants Association ' }),
    ).toBe('Represents Tenants Association');
    expect(publicRoleOf({ body: 'ward_panel', connection: 'study', organisation: null })).toBe(
      'Studies in the ward',
    );
    expect(publicRoleOf({ body: 'ward_panel', connection: 'organisation', organisation: null })).toBe(
      'Panel member',
    );
    expect(firstNameOf('Zadie')).toBe('Zadie');
  });

  it('words a connection for staff; none, or one no longer offered, is "Not given"', () => {
    expect(connectionLabel('live')).toBe('Lives in the ward');
    expect(connectionLabel('organisation')).toBe('Represents an organisation');
    expect(connectionLabel(null)).toBe('Not given');
    expect(connectionLabel('retired')).toBe('Not given');
    expect(publicRoleOf({ body: 'ward_panel', connection: 'retired', organisation: null })).toBe(
      'Panel member',
    );
  });

  it('copies a guardian only while the applicant is under 16', () => {
    const a = { dateOfBirth: '2010-12-07', guardianEmail: 'g@example.org' };
    expect(copiesGuardian(a, '2026-12-06')).toBe(true);
    expect(copiesGuardian(a, '2026-12-07')).toBe(false);
    expect(copiesGuardian({ ...a, guardianEmail: null }, '2026-12-06')).toBe(false);
  });

  it('reminds eight weeks ahead', () => {
    expect(remindTermsEndingBy('2026-12-06')).toBe('2027-01-31');
  });
});
