// What the islands of the residents' multi-page forms (/report, the panel applications) share: on
// top of the page swapping of src/lib/page-journey.ts (shared with the vote's island: the next page
// shown in place, posted as the no-JavaScript form posts, so what is saved is exactly what would be
// saved without it), it checks each question with the form's own rules as the person types (the
// subclass's `problems`), counts long answers, and shortens the ward list to what is typed. What it
// adds (counts, inline errors, the error summary, the ward filter) is written into the server's
// markup with the same GOV.UK classes and ids the server uses after a refused post. No
// `astro:actions` client: a page's JavaScript must stay within 12 KB gzip.
import { cleanText, type Problems, type TextLimits } from '../../lib/form-rules.ts';
import { PageJourney } from '../../lib/page-journey.ts';

/** Tell screen reader users a count once typing pauses this long, not on every keystroke. */
export const ANNOUNCE_DELAY_MS = 1500;
/** Announce how many wards match once typing in the filter pauses this long. */
export const FILTER_DELAY_MS = 700;

export const byId = (id: string) => document.getElementById(id);

/** Lower case, no accents or apostrophes, words separated by single spaces: how wards are matched. */
export function foldForMatch(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

export default abstract class DraftJourney extends PageJourney {
  /** Pages moved between without a page load. */
  protected abstract journey: RegExp;
  /** The journey's forms (not others on the page). */
  protected abstract selector: string;
  /** Fields with a live count, and every field's limit. */
  protected abstract counted: string[];
  protected abstract limits: TextLimits;
  /** Said when the ward filter matches nothing. */
  protected noWard = 'No ward matches. Try fewer letters';
  /** The form's problems with its fields as they are now; null when there is nothing to check. */
  protected abstract problems(form: HTMLFormElement): Problems | null;
  /** After a field changed (typed in, or chosen): for what a form adds of its own. */
  protected changed(_target: HTMLInputElement): void {}

  // Set by shown() for each page before any handler runs (`declare`: no initialiser's bytes).
  /** Fields whose problems are shown: left once, changed, or with an error already on the page. */
  declare private touched: Set<string>;
  /** The ward list as the server sent it: each borough's group with its options. */
  declare private wards: [HTMLOptGroupElement, HTMLOptionElement[]][];
  declare private timer: ReturnType<typeof setTimeout> | undefined;

  protected handlers() {
    return {
      onInput: this.onInput,
      onChange: this.onChange,
      onSubmit: this.onSubmit,
      onClick: this.onClick,
      onKeyDown: this.onKeyDown,
    };
  }

  /** Finds the page's form and adds what only makes sense with JavaScript. */
  protected shown(): void {
    const form = (this.root as HTMLElement).querySelector<HTMLFormElement>(this.selector);
    this.form = form;
    // Nothing the last page was about to say (a count, a filter's result) is said on this one.
    clearTimeout(this.timer);
    this.touched = new Set();
    this.wards = [];
    if (!form) return;
    for (const name of this.counted) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLElement) {
        const count = document.createElement('p');
        count.id = `${name}-count`;
        count.setAttribute('aria-hidden', 'true');
        field.after(count);
        this.count(name, false);
      }
    }
    // An error the server showed is shown (and cleared) live from now on.
    for (const error of form.querySelectorAll('.govuk-error-message'))
      this.touched.add(error.id.slice(0, -6));
    const ward = form.elements.namedItem('ward');
    const finder = byId('ward-finder') as HTMLTemplateElement | null;
    if (ward instanceof HTMLSelectElement && finder) {
      this.wards = [...ward.querySelectorAll('optgroup')].map((g) => [g, [...g.querySelectorAll('option')]]);
      finder.replaceWith(finder.content);
    }
  }

  /** Says `text` in the polite live region, after `delay` (a newer message replaces a waiting one). */
  protected say(text: string, delay = 0): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setState({ said: text }), delay);
  }

  /** Shows a field's count against its limit, in error style when over; `announce` after a pause. */
  private count(name: string, announce: boolean): void {
    const field = this.form?.elements.namedItem(name) as HTMLInputElement | null;
    const count = byId(`${name}-count`);
    const limit = this.limits[name];
    if (!field || !count || !limit) return;
    // GOV.UK's words, as the Markdown body island counts (not shared: a module both islands import
    // becomes a file of its own, and the plan update page's budget cannot take one more).
    const left = limit[0] - cleanText(field.value).length;
    const n = Math.abs(left);
    const text = `You have ${n.toLocaleString('en-GB')} character${n === 1 ? '' : 's'} ${left < 0 ? 'too many' : 'remaining'}`;
    count.textContent = text;
    count.className = left < 0 ? 'govuk-error-message' : 'govuk-hint';
    if (announce) this.say(text, ANNOUNCE_DELAY_MS);
  }

  /** The form's problems with what is in it now; shown on the fields touched (or all). */
  private check(all: boolean): Problems {
    const form = this.form as HTMLFormElement;
    const problems = this.problems(form) ?? [];
    const names = new Set([...form.elements].map((e) => (e as HTMLInputElement).name));
    for (const name of names) {
      if (all) this.touched.add(name);
      // Problems found on sending are in the summary, which is announced: not told one by one.
      if (this.touched.has(name)) this.mark(name, problems.find(([n]) => n === name)?.[1], !all);
    }
    return problems;
  }

  /** Puts a field's error message in place (as the server writes it), or takes it away. */
  private mark(name: string, message: string | undefined, tell: boolean): void {
    const form = this.form as HTMLFormElement;
    const item = form.elements.namedItem(name);
    const control = (item instanceof RadioNodeList ? item[0] : item) as HTMLElement | null;
    const group = control?.closest('.govuk-form-group');
    // Fields outside a form group (the hidden `from`, the honeypot) have nothing to show.
    if (!control || !group) return;
    const id = `${name}-error`;
    // Radios and checkboxes are described by their fieldset; other fields by themselves.
    const described = (control.closest('fieldset') as HTMLElement | null) ?? control;
    const ids = (described.getAttribute('aria-describedby') ?? '').split(' ').filter((t) => t && t !== id);
    let error = byId(id);
    const kind = /govuk-(input|select|textarea)\b/.exec(control.className)?.[0];
    if (message) {
      if (!error) {
        error = document.createElement('p');
        error.id = id;
        error.className = 'govuk-error-message';
        (byId(`${name}-hint`) ?? group.querySelector('label, legend'))?.after(error);
      }
      if (error.textContent !== `Error: ${message}`) {
        error.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
        error.append(message);
        // A new problem on a field just left is told once, politely.
        if (tell) this.say(`Error: ${message}`);
      }
      ids.push(id);
    } else {
      error?.remove();
    }
    group.classList.toggle('govuk-form-group--error', !!message);
    if (kind) control.classList.toggle(`${kind}--error`, !!message);
    if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
    else described.removeAttribute('aria-describedby');
  }

  /** GOV.UK's error summary above the form, from the page's template, focused; or none. */
  private summarise(problems: Problems): void {
    const template = byId('error-summary') as HTMLTemplateElement | null;
    (this.root as HTMLElement).querySelector('.govuk-error-summary')?.remove();
    document.title = (problems.length ? 'Error: ' : '') + document.title.replace(/^Error: /, '');
    if (!problems.length || !template) return;
    const summary = template.content.firstElementChild?.cloneNode(true) as HTMLElement;
    const item = summary.querySelector('li') as HTMLElement;
    item.replaceWith(
      ...problems.map(([name, message]) => {
        const copy = item.cloneNode(true) as HTMLElement;
        const link = copy.firstElementChild as HTMLAnchorElement;
        link.href = `#${name}`;
        link.textContent = message;
        return copy;
      }),
    );
    summary.tabIndex = -1;
    template.after(summary);
    summary.focus();
  }

  /** Shortens the ward list to the wards whose name or borough holds every word typed. */
  private filter(typed: string): void {
    const select = this.form?.elements.namedItem('ward') as HTMLSelectElement;
    const chosen = select.value;
    const words = foldForMatch(typed).trim().split(' ');
    let found = 0;
    for (const [group, options] of this.wards) {
      const keep = options.filter((o) => {
        const text = foldForMatch(`${o.text} ${group.label}`);
        // The chosen ward stays, so the answer never changes behind the person's back.
        return o.selected || words.every((w) => text.includes(` ${w}`));
      });
      found += keep.length;
      group.replaceChildren(...keep);
      if (keep.length) select.append(group);
      else group.remove();
    }
    select.value = chosen;
    this.say(found ? `${found} ward${found === 1 ? '' : 's'} in the list` : this.noWard, FILTER_DELAY_MS);
  }

  private onInput = (e: Event): void => {
    const target = e.target as HTMLInputElement;
    if (target.id === 'ward-filter') this.filter(target.value);
    else if (this.form?.contains(target)) {
      this.count(target.name, true);
      this.check(false);
      this.changed(target);
    }
  };

  /** A field is touched once it was changed and left (or, for radios and lists, changed). */
  private onChange = (e: Event): void => {
    const target = e.target as HTMLInputElement;
    if (!this.form?.contains(target)) return;
    this.touched.add(target.name);
    this.check(false);
    this.changed(target);
  };

  private onSubmit = (e: Event): void => {
    const form = e.target as HTMLFormElement;
    if (form !== this.form) return;
    e.preventDefault();
    const problems = this.check(true);
    this.summarise(problems);
    if (problems.length) return;
    void this.post(form.action, new URLSearchParams(new FormData(form) as unknown as Record<string, string>));
  };

  /** Sends a form's fields to its action and shows the page answered (a form may send more than one). */
  protected post(url: string, body: URLSearchParams): Promise<void> {
    return this.go(url, body);
  }

  private onClick = (e: MouseEvent): void => {
    const link = (e.target as Element).closest('a');
    const href = link?.getAttribute('href') ?? '#';
    if (!link || href[0] === '#' || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !this.journey.test(url.pathname)) return;
    e.preventDefault();
    void this.go(url.href);
  };

  /** Enter in the ward filter goes to the list, rather than sending the form. */
  private onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.target as HTMLElement).id === 'ward-filter') {
      e.preventDefault();
      byId('ward')?.focus();
    }
  };
}
