import { describe, expect, it } from 'vitest';
import { checkApplyStep } from './application-steps.ts';
import { ApplyStepSchema, GuardianDecisionSchema, SendApplicationSchema } from './applications.schema.ts';
import { nextPath, previousPath, publicRoleFor, stepsFor } from './applications.ts';

const post = (fields: Record<string, string | null>) => ApplyStepSchema.safeParse({ ...fields });
const issues = (r: ReturnType<typeof post>) =>
  r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);

describe('ApplyStepSchema', () => {
  it('keeps no control character of a name or an address, and refuses an address the outbox would (security review 3)', () => {
    const about = { form: 'youth-forum', step: 'about', phone: '' };
    expect(post({ ...about, fullName: 'Dee\u0085 Fifteen', email: 'dee@example.org' })).toMatchObject({
      success: true,
      data: { answers: { fullName: 'Dee Fifteen' } },
    });
    for (const email of ['jo&e@example.org', 'jose@münchen.de', 'a@example.c'])
      expect(issues(post({ ...about, fullName: 'Jo', email }))).toEqual([
        ['email', 'Enter an email address in the correct format, like name@example.com'],
      ]);
  });

  it('refuses a step the form does not ask', () => {
    expect(issues(post({ form: 'ward-panel', step: 'birth', dateOfBirth: '2010-01-01' }))).toEqual([
      ['step', 'Start the application again'],
    ]);
    expect(issues(post({ form: 'club', step: 'about' }))[0]?.[0]).toBe('form');
  });

  it('asks a Ward Panel applicant whether they are 18 or over: "yes" or "no" (the server turns "no" away)', () => {
    expect(issues(post({ form: 'ward-panel', step: 'adult', adult: null }))).toEqual([
      ['adult', 'Say whether you are 18 or over'],
    ]);
    expect(issues(post({ form: 'ward-panel', step: 'adult', adult: 'maybe' }))[0]?.[0]).toBe('adult');
    expect(post({ form: 'ward-panel', step: 'adult', adult: 'no' })).toMatchObject({
      success: true,
      data: { step: 'adult', answers: { adult: 'no' } },
    });
    expect(issues(post({ form: 'youth-forum', step: 'adult', adult: 'yes' }))).toEqual([
      ['step', 'Start the application again'],
    ]);
  });

  it('checks the about page: name, email in the right form (lower-cased), an optional phone', () => {
    expect(
      issues(post({ form: 'ward-panel', step: 'about', fullName: null, email: 'nope', phone: 'abc' })),
    ).toEqual([
      ['fullName', 'Enter your name'],
      ['email', 'Enter an email address in the correct format, like name@example.com'],
      ['phone', 'Enter a phone number, like 020 7946 0000 or 07700 900 982'],
    ]);
    const ok = post({
      form: 'ward-panel',
      step: 'about',
      fullName: ' Amina ',
      email: 'A@Example.org',
      phone: '',
    });
    expect(ok.success && ok.data).toMatchObject({
      step: 'about',
      answers: { fullName: 'Amina', email: 'a@example.org', phone: '' },
    });
  });

  it('asks the organisation’s name only for “I represent an organisation”', () => {
    expect(
      issues(post({ form: 'ward-panel', step: 'connection', connection: 'organisation', organisation: '' })),
    ).toEqual([['organisation', 'Enter the name of the organisation']]);
    const live = post({
      form: 'ward-panel',
      step: 'connection',
      connection: 'live',
      organisation: 'Ignored',
    });
    expect(live.success && live.data.answers).toEqual({ connection: 'live', organisation: '' });
    expect(issues(post({ form: 'ward-panel', step: 'connection', connection: 'visit' }))).toEqual([
      ['connection', 'Choose your connection to the ward'],
    ]);
  });

  it('requires consent to be contacted; the Forum never shows a name, whatever is posted', () => {
    expect(issues(post({ form: 'ward-panel', step: 'consent', contactConsent: null }))[0]?.[0]).toBe(
      'contactConsent',
    );
    const panel = post({
      form: 'ward-panel',
      step: 'consent',
      contactConsent: 'yes',
      showOnPanelPage: 'yes',
    });
    expect(panel.success && panel.data.answers).toEqual({ contactConsent: true, showOnPanelPage: true });
    const youth = post({
      form: 'youth-forum',
      step: 'consent',
      contactConsent: 'yes',
      showOnPanelPage: 'yes',
    });
    expect(youth.success && youth.data.answers).toEqual({ contactConsent: true, showOnPanelPage: false });
  });

  it('takes every equality question as optional, and only the question’s own answers', () => {
    const none = post({ form: 'youth-forum', step: 'equality' });
    expect(none.success && none.data.answers).toEqual({
      ageBand: null,
      sex: null,
      genderIdentity: null,
      ethnicGroup: null,
      disability: null,
      religion: null,
    });
    const some = post({ form: 'youth-forum', step: 'equality', sex: 'prefer_not_to_say', religion: 'sikh' });
    expect(some.success && some.data.answers).toMatchObject({ sex: 'prefer_not_to_say', religion: 'sikh' });
    expect(issues(post({ form: 'youth-forum', step: 'equality', religion: 'jedi' }))[0]?.[0]).toBe(
      'religion',
    );
  });

  it('limits free text and keeps the honeypot', () => {
    const long = post({ form: 'ward-panel', step: 'reason', reason: 'x'.repeat(2001) });
    expect(issues(long)).toEqual([['reason', 'Why you want to join must be 2,000 characters or fewer']]);
    const bot = post({ form: 'ward-panel', step: 'reason', reason: 'Safer streets', website: 'http://spam' });
    expect(bot.success && bot.data.website).toBe('http://spam');
  });
});

describe('the date of birth (checked on London’s day)', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it.each([
    ['', 'Enter your date of birth'],
    ['06/12/2010', 'Enter the date as year-month-day, for example 2026-11-22'],
    ['2010-02-30', 'Enter a real date'],
    ['2026-12-07', 'Your date of birth must be in the past'],
  ])('%s: %s', (dateOfBirth, message) => {
    const r = checkApplyStep('birth', { dateOfBirth }, now);
    expect(r.ok ? [] : r.problems).toEqual([['dateOfBirth', message]]);
  });
  it('an age outside 14–25 is not a problem with the answer: the page explains it', () => {
    expect(checkApplyStep('birth', { dateOfBirth: '2015-01-01' }, now)).toEqual({
      ok: true,
      value: { dateOfBirth: '2015-01-01' },
    });
  });
  it('a guardian needs a name and an email address', () => {
    const r = checkApplyStep('guardian', { guardianName: '', guardianEmail: 'x' });
    expect(r.ok ? [] : r.problems.map(([n]) => n)).toEqual(['guardianName', 'guardianEmail']);
  });
});

describe('the journey', () => {
  it('asks the guardian page of under-16s only', () => {
    expect(stepsFor('youth-forum', true)).toEqual([
      'birth',
      'guardian',
      'about',
      'reason',
      'consent',
      'equality',
    ]);
    expect(stepsFor('youth-forum', false)).toEqual(['birth', 'about', 'reason', 'consent', 'equality']);
    expect(nextPath('youth-forum', 'birth', false, false)).toBe('/get-involved/youth-forum/about');
    expect(nextPath('youth-forum', 'birth', true, false)).toBe('/get-involved/youth-forum/guardian');
    expect(nextPath('ward-panel', 'equality', false, false)).toBe('/get-involved/ward-panel/check');
    expect(nextPath('ward-panel', 'ward', false, true)).toBe('/get-involved/ward-panel/check');
    expect(previousPath('youth-forum', 'about', true)).toBe('/get-involved/youth-forum/guardian');
    expect(previousPath('ward-panel', 'ward', false)).toBe('/get-involved/ward-panel/adult');
    expect(previousPath('ward-panel', 'adult', false)).toBe('/get-involved#ward-panel');
    expect(nextPath('ward-panel', 'adult', false, false)).toBe('/get-involved/ward-panel/ward');
  });
  it('derives the role shown on a panel’s page from the connection', () => {
    expect(publicRoleFor('live', null)).toBe('Lives in the ward');
    expect(publicRoleFor('work', null)).toBe('Works in the ward');
    expect(publicRoleFor('study', null)).toBe('Studies in the ward');
    expect(publicRoleFor('organisation', 'Hilldrop Tenants’ Association')).toBe(
      'Represents Hilldrop Tenants’ Association',
    );
  });
  it('sending and a guardian’s answer need their fields', () => {
    expect(SendApplicationSchema.safeParse({ form: 'ward-panel' }).success).toBe(false);
    expect(SendApplicationSchema.safeParse({ form: 'ward-panel', confirm: 'yes' }).success).toBe(true);
    expect(GuardianDecisionSchema.safeParse({ decision: 'maybe' }).success).toBe(false);
  });
});
