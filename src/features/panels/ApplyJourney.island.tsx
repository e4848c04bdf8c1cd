// The Ward Panel and Youth Advisory Forum applications, enhanced (the shared journey:
// src/features/drafts/DraftJourney.ts): each question is checked as it is typed by its step's own
// rules (application-steps.ts, which the server's schema applies), long answers count, the ward list
// shortens to what is typed, and the journey moves between questions in place, posting the same
// forms to the same actions. On the date of birth page it explains at once an age outside 14–25
// (sending then stores nothing, as without JavaScript), and shows the parent's or guardian's
// questions as soon as the date is under 16: sending then posts the date of birth, then the
// guardian's page, as the two pages without JavaScript would.

import { dateProblem, londonToday } from '../../lib/dates.ts';
import type { Problems } from '../../lib/form-rules.ts';
import DraftJourney, { byId } from '../drafts/DraftJourney.ts';
import { youthAge } from './age-rules.ts';
import { APPLY_LIMITS, checkBirth, TYPED_CHECKS } from './application-steps.ts';

type Fields = Record<string, string>;

export default class ApplyJourney extends DraftJourney {
  /** Pages moved between in place: the questions and the check page (not the sent or age pages). */
  protected journey = /^\/get-involved\/(ward-panel|youth-forum)\/(?!sent|age)/;
  protected selector = 'form[action*="_action=apply."]';
  protected counted = ['reason', 'availability', 'accessNeeds'];
  protected limits = APPLY_LIMITS;

  /** The typed step's problems (and the guardian's, when shown on the date of birth page); none on the check page. */
  protected problems(form: HTMLFormElement): Problems | null {
    const fields = Object.fromEntries(new FormData(form)) as Fields;
    const step = fields.step as keyof typeof TYPED_CHECKS | 'birth' | undefined;
    if (!step) return null;
    // The choices only (ward, consent, equality) are the server's to check.
    if (step !== 'birth' && !TYPED_CHECKS[step]) return [];
    const checked =
      step === 'birth'
        ? [checkBirth(fields, new Date()), ...(byId('guardianName') ? [TYPED_CHECKS.guardian(fields)] : [])]
        : [TYPED_CHECKS[step](fields)];
    return checked.flatMap((c) => (c.ok ? [] : c.problems));
  }

  protected override shown(): void {
    super.shown();
    const dob = byId('dateOfBirth') as HTMLInputElement | null;
    if (dob?.value) this.changed(dob);
  }

  /**
   * A date of birth: the guardian's questions under 16, a kind word outside 14–25, each a template of
   * the page's (`age-<kind>`), said as it appears; nothing while the year is still being typed.
   */
  protected override changed(target: HTMLInputElement): void {
    if (target.name !== 'dateOfBirth') return;
    // Chromium makes "0002-…" of a year's first digit: not a date of birth yet.
    const kind =
      target.value > '1900' &&
      !dateProblem(target.value) &&
      youthAge(target.value, londonToday(new Date())).kind;
    const shown = document.querySelector<HTMLElement>('[data-age]');
    if (shown?.dataset.age === kind) return;
    shown?.remove();
    const copy = (byId(`age-${kind}`) as HTMLTemplateElement | null)?.content.firstElementChild?.cloneNode(
      true,
    );
    if (copy) target.closest('.govuk-form-group')?.after(copy);
    this.say((copy as HTMLElement | undefined)?.querySelector('p')?.textContent ?? '');
  }

  /** The date of birth with the guardian's questions: posted as its page, then as the guardian's. */
  protected override async post(url: string, body: URLSearchParams): Promise<void> {
    if (body.get('step') === 'birth' && body.has('guardianName')) {
      const birth = await fetch(url, { method: 'POST', body }).catch(() => null);
      if (birth?.ok && birth.url.endsWith('/guardian')) {
        const guardian = new URLSearchParams(body);
        guardian.set('step', 'guardian');
        return this.go(url, guardian);
      }
    }
    return this.go(url, body);
  }
}
