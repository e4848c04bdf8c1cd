// The /report journey, enhanced (the shared journey: src/features/drafts/DraftJourney.ts): each
// question is checked by its step's own rules (report-steps.ts, the functions the server's schemas
// apply) as the person types, long answers count their characters, the ward list shortens to what is
// typed, and the journey moves between questions without a full page load.
import DraftJourney from '../drafts/DraftJourney.ts';
import type { Step } from './concerns.ts';
import { checkStep, TEXT_LIMITS } from './report-steps.ts';

export { ANNOUNCE_DELAY_MS, FILTER_DELAY_MS, foldForMatch } from '../drafts/DraftJourney.ts';

export default class ReportJourney extends DraftJourney {
  /** Pages moved between in place (the start page and sent page are left to the browser). */
  protected journey = /^\/report\/(what|where|when|details|contact|check)$/;
  protected selector = 'form[action*="_action=report."]';
  /** Fields that show a live count (the contact details' limits are far beyond any real value). */
  protected counted = ['categoryOther', 'location', 'frequency', 'description', 'impact', 'preference'];
  protected limits = TEXT_LIMITS;
  protected override noWard = 'No ward matches. Try fewer letters, or choose “I don’t know”';

  /** The step's problems; none to check on the check page (its action is `send`). */
  protected problems(form: HTMLFormElement) {
    const step = form.getAttribute('action')?.split('report.')[1] as Step | 'send';
    if (step === 'send') return null;
    const checked = checkStep(step, Object.fromEntries(new FormData(form)) as Record<string, string>);
    return checked.ok ? [] : checked.problems;
  }
}
