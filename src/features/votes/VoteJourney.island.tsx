// The resident's vote, enhanced: a live "2 of 3 chosen" count (told politely to screen readers, and
// saying so when one too many is ticked), and the vote, code and "your vote counts" pages shown in
// place without a page load. It posts the same form, urlencoded, to the same action URL the
// no-JavaScript form posts to, and shows the page the server answers with (the code page, the page
// again with the server's errors, the confirmation), so what is stored is exactly what would be
// stored without it (decision 0122). Any failure falls back to an ordinary page load.
//
// A class component written with `h` (no hooks module, no JSX runtime) and no `astro:actions` client
// and no zod: the page's JavaScript must stay within 12 KB gzip. Its one rule (the count's words)
// comes from ballots.ts, which the server uses too.
import { Component, type ComponentChildren, h } from 'preact';
import { chosenText } from './ballots.ts';

interface Props {
  children?: ComponentChildren;
}
interface State {
  /** The content of the page moved to; undefined while the server's first page is shown. */
  html?: string;
  /** Bumped with each page, so each is a fresh element. */
  page: number;
  /** What the polite live region says. */
  said: string;
}

export default class VoteJourney extends Component<Props, State> {
  private root: HTMLElement | null = null;
  /** The page shown (path and query): a popstate to the same one is only a change of #fragment. */
  private at = '';

  constructor(props: Props) {
    super(props);
    this.state = { page: 0, said: '' };
  }

  override componentDidMount(): void {
    this.at = location.pathname + location.search;
    addEventListener('popstate', this.onPopState);
    this.count(false);
  }

  override componentWillUnmount(): void {
    removeEventListener('popstate', this.onPopState);
  }

  /** Back and forward to another page: the server shows it, as it would without JavaScript. */
  private onPopState = (): void => {
    if (location.pathname + location.search !== this.at) location.reload();
  };

  override componentDidUpdate(_: Props, before: State): void {
    if (before.page === this.state.page) return;
    this.count(false);
    // As a new page would: start at the top, and put focus where a screen reader starts reading.
    const root = this.root as HTMLElement;
    const target = root.querySelector<HTMLElement>('.govuk-error-summary') ?? root.querySelector('h1');
    scrollTo(0, 0);
    if (target) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
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
    void this.go(form, new URLSearchParams(new FormData(form) as unknown as Record<string, string>));
  };

  /** Posts the form as the browser would and shows the page the server answers with, in place. */
  private async go(form: HTMLFormElement, body: URLSearchParams): Promise<void> {
    try {
      const response = await fetch(form.action, { method: 'POST', body });
      if (response.status >= 500 || !response.headers.get('content-type')?.startsWith('text/html')) throw 0;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const main = page.getElementById('main-content') as HTMLElement;
      // The island's slot; a page with nothing to enhance (the confirmation) has the column instead.
      const html = (
        main.querySelector('astro-slot') ??
        main.querySelector('.govuk-grid-column-two-thirds') ??
        main
      ).innerHTML;
      // A page moved to (the code page, the confirmation) gets its address; a form shown again does not.
      if (response.redirected) history.pushState(null, '', response.url);
      this.at = location.pathname + location.search;
      document.title = page.title;
      this.setState({ html, page: this.state.page + 1, said: '' });
    } catch {
      // A failed request, an answer that is not a page, or a server error: the ordinary way instead.
      form.submit();
    }
  }

  // Written with `h`, not JSX: the JSX runtime is bytes the budget cannot spare.
  override render(p: Props, s: State) {
    return h(
      'div',
      {
        ref: (r: HTMLElement | null) => {
          this.root = r;
        },
        onChange: this.onChange,
        onSubmit: this.onSubmit,
      },
      s.html === undefined
        ? p.children
        : h('div', { key: s.page, dangerouslySetInnerHTML: { __html: s.html } }),
      h('p', { class: 'govuk-visually-hidden', 'aria-live': 'polite' }, s.said),
    );
  }
}
