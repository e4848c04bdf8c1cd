// The base of an island that moves through a journey of server pages without page loads (/report,
// the vote): it wraps the page's content (the complete no-JS page, an Astro slot) and, on a form
// sent or a link followed, fetches the page as the browser would (the same form, urlencoded, to the
// same action URL) and shows that page's content in place: its address in the history, its title,
// the top of the page, focus on its error summary or heading. Any failure falls back to an ordinary
// page load. Subclasses add the page's own enhancements (`shown`) and event handlers (`handlers`).
//
// A class component written with `h` (no hooks module, no JSX runtime): the pages' JavaScript must
// stay within 12 KB gzip. Each island gets its own copy of this module in its chunk (the
// islandCopies plugin in astro.config.mjs, decision 0135): a shared file of its own would cost a
// page a request and a gzip stream more than its bytes. The residents' multi-page forms build on it
// in src/features/drafts/DraftJourney.ts.
import { Component, type ComponentChildren, h } from 'preact';

export interface JourneyProps {
  children?: ComponentChildren;
}
export interface JourneyState {
  /** The content of the page moved to; undefined while the server's first page is shown. */
  html?: string;
  /** Bumped with each page, so each is a fresh element. */
  page: number;
  /** What the polite live region says. */
  said: string;
}

export abstract class PageJourney extends Component<JourneyProps, JourneyState> {
  protected root: HTMLElement | null = null;
  /** The form being sent: posted the ordinary way if showing its answer in place fails. */
  protected form: HTMLFormElement | null = null;
  /** The page shown (path and query): a popstate to the same one is only a change of #fragment. */
  private at = '';

  constructor(props: JourneyProps) {
    super(props);
    this.state = { page: 0, said: '' };
  }

  /** After the first page and each page shown: what this island adds to the page. */
  protected abstract shown(): void;
  /** The island's event handlers (delegated from its root element). */
  protected abstract handlers(): Record<string, (e: never) => void>;

  override componentDidMount(): void {
    this.at = location.pathname + location.search;
    addEventListener('popstate', this.onPopState);
    this.shown();
  }

  override componentWillUnmount(): void {
    removeEventListener('popstate', this.onPopState);
  }

  /** Back and forward to another page: shown in place (a change of #fragment only is not a new page). */
  private onPopState = (): void => {
    if (location.pathname + location.search !== this.at) void this.go(location.href, undefined, false);
  };

  override componentDidUpdate(_: JourneyProps, before: JourneyState): void {
    if (before.page === this.state.page) return;
    this.shown();
    // As a new page would: start at the top, and put focus where a screen reader starts reading.
    const root = this.root as HTMLElement;
    const target = root.querySelector<HTMLElement>('.govuk-error-summary') ?? root.querySelector('h1');
    // From the top, as a new page; focusing scrolls only if the target is below the fold, as GOV.UK's
    // error summary does (preventScroll's bytes did not fit the applications' 12 KB).
    scrollTo(0, 0);
    if (target) {
      target.tabIndex = -1;
      target.focus();
    }
  }

  /**
   * Fetches a page (a GET, or `body` posted urlencoded) and shows its content in place of this one's;
   * `push` adds it to the history (not for back and forward, nor for a form shown again with the
   * server's errors).
   */
  protected async go(url: string, body?: URLSearchParams, push = true): Promise<void> {
    try {
      const response = await fetch(url, body ? { method: 'POST', body } : {});
      if (response.status >= 500 || !response.headers.get('content-type')?.startsWith('text/html')) throw 0;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const main = page.getElementById('main-content') as HTMLElement;
      // The island's slot; a page with nothing to enhance (a confirmation) has the column instead.
      const html = (
        main.querySelector('astro-slot') ??
        main.querySelector('.govuk-grid-column-two-thirds') ??
        main
      ).innerHTML;
      if (push && response.ok) history.pushState(null, '', response.url);
      this.at = location.pathname + location.search;
      document.title = page.title;
      this.setState({ html, page: this.state.page + 1, said: '' });
    } catch {
      // A failed request, an answer that is not a page, or a server error: the ordinary way instead.
      if (body && this.form) this.form.submit();
      else location.assign(url);
    }
  }

  override render(p: JourneyProps, s: JourneyState) {
    return h(
      'div',
      {
        ref: (r: HTMLElement | null) => {
          this.root = r;
        },
        ...this.handlers(),
      },
      s.html === undefined
        ? p.children
        : h('div', { key: s.page, dangerouslySetInnerHTML: { __html: s.html } }),
      h('p', { class: 'govuk-visually-hidden', 'aria-live': 'polite' }, s.said),
    );
  }
}
