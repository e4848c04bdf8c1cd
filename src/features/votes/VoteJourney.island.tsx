// The resident's vote, enhanced: a live "2 of 3 chosen" count (told politely to screen readers, and
// saying so when one too many is ticked), and the vote, code and "your vote counts" pages shown in
// place without a page load. It posts the same form, urlencoded, to the same action URL the
// no-JavaScript form posts to, and shows the page the server answers with (the code page, the page
// again with the server's errors, the confirmation), so what is stored is exactly what would be
// stored without it (decision 0122). Any failure falls back to an ordinary page load.
//
// The page swapping is the shared PageJourney (src/lib/page-journey.ts); no `astro:actions` client and
// no zod: the page's JavaScript must stay within 12 KB gzip. Its one rule (the count's words) comes
// from ballots.ts, which the server uses too.
import { PageJourney } from '../../lib/page-journey.ts';
import { chosenText } from './ballots.ts';

export default class VoteJourney extends PageJourney {
  protected shown(): void {
    this.count(false);
  }

  protected handlers() {
    return { onChange: this.onChange, onSubmit: this.onSubmit };
  }

  /** The ballot form (it says how many may be chosen), if this page has one. */
  private ballot(): HTMLFormElement | null {
    return (this.root as HTMLElement).querySelector<HTMLFormElement>('form[data-max]');
  }

  /** Shows how many are chosen under the question's hint, in error style when too many; `tell` says it. */
  private count(tell: boolean): void {
    const form = this.ballot();
    if (!form) return;
    const max = Number(form.dataset.max);
    const chosen = form.querySelectorAll('input[name="choices"]:checked').length;
    let shown = document.getElementById('choices-count');
    if (!shown) {
      shown = document.createElement('p');
      shown.id = 'choices-count';
      // The live region below tells it; this copy is for the eye.
      shown.setAttribute('aria-hidden', 'true');
      document.getElementById('choices-hint')?.after(shown);
    }
    const text = chosenText(chosen, max);
    shown.textContent = text;
    shown.className = chosen > max ? 'govuk-error-message' : 'govuk-hint';
    if (tell) this.setState({ said: text });
  }

  private onChange = (e: Event): void => {
    if ((e.target as HTMLInputElement).name === 'choices') this.count(true);
  };

  private onSubmit = (e: Event): void => {
    const form = e.target as HTMLFormElement;
    if (!form.getAttribute('action')?.includes('_action=votes.')) return;
    e.preventDefault();
    this.form = form;
    void this.go(form.action, new URLSearchParams(new FormData(form) as unknown as Record<string, string>));
  };
}
