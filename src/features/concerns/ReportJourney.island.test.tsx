// The /report island in a DOM: it checks a question with the step's own rules (nothing is posted while
// they find a problem), shows problems and counts in the server's markup, announces politely and only
// when something new happens, shortens the ward list, and moves to the page the server answers with —
// posting the form urlencoded to the no-JavaScript form's own URL, and falling back to an ordinary
// page load when that fails.
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ReportJourney, { ANNOUNCE_DELAY_MS, FILTER_DELAY_MS, foldForMatch } from './ReportJourney.island.tsx';

// The server's markup for a question page's content, trimmed to what the island reads.
const summaryTemplate =
  '<template id="error-summary"><div class="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"><li><a href="#">x</a></li></ul></div></div></div></template>';

function page(step: string, fields: string, h1 = `<h1>${step}</h1>`): string {
  return `<a href="/report" class="govuk-back-link">Back</a><div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">${summaryTemplate}<form method="post" action="?_action=report.${step}" novalidate>${h1}${fields}<button type="submit" class="govuk-button">Continue</button></form></div></div>`;
}

const textField = (name: string, value = '') =>
  `<div class="govuk-form-group"><label class="govuk-label" for="${name}">${name}</label><div id="${name}-hint" class="govuk-hint">hint</div><input class="govuk-input" id="${name}" name="${name}" type="text" value="${value}" aria-describedby="${name}-hint"></div>`;

const WHERE = page(
  'where',
  '<template id="ward-finder"><div class="govuk-form-group"><label class="govuk-label" for="ward-filter">Find the ward</label><input class="govuk-input" id="ward-filter" type="text"></div></template>' +
    '<div class="govuk-form-group"><label class="govuk-label" for="ward">Ward</label><select class="govuk-select" id="ward" name="ward"><option value="">Choose a ward</option><option value="unknown">I don’t know</option>' +
    '<optgroup label="Camden"><option value="bloomsbury">Bloomsbury</option><option value="kings-cross">King’s Cross</option><option value="camden-town">Camden Town</option></optgroup>' +
    '<optgroup label="Islington"><option value="holloway">Holloway</option><option value="st-marys-st-james">St Mary’s and St James’</option></optgroup></select></div>' +
    textField('location'),
);

const WHAT = page(
  'what',
  '<div class="govuk-form-group"><fieldset class="govuk-fieldset" aria-describedby="category-hint"><legend><h1>What kind of behaviour is it?</h1></legend><div id="category-hint" class="govuk-hint">Choose one</div><div class="govuk-radios">' +
    '<input class="govuk-radios__input" id="category" name="category" type="radio" value="noise"><label for="category">Noise</label>' +
    '<input class="govuk-radios__input" id="category-2" name="category" type="radio" value="other"><label for="category-2">Something else</label></div></fieldset></div>' +
    textField('categoryOther') +
    '<div class="cn-honeypot"><label for="website">Leave this field empty</label><input id="website" name="website" type="text"></div>',
  '',
);

// happy-dom's elements lack `onsubmit`, so Preact would listen for "Submit" rather than "submit"
// (browsers have it: Preact checks `'onsubmit' in element` to choose the event's name).
if (!('onsubmit' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'onsubmit', { value: null, writable: true });
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers();
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  history.replaceState(null, '', '/report/where');
  document.title = 'Where is it happening? – Portal';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function island(html: string) {
  const result = render(
    <main id="main-content">
      <ReportJourney>
        <div dangerouslySetInnerHTML={{ __html: html }} />
      </ReportJourney>
    </main>,
  );
  return { ...result, live: () => document.querySelector('[aria-live="polite"]')?.textContent };
}

/** Lets the island's timers run (announcements wait for a pause). */
const wait = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
/** Lets every request and timer finish. */
const settle = () =>
  act(async () => {
    await vi.runAllTimersAsync();
  });

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
function type(id: string, value: string): void {
  el(id).value = value;
  el(id).dispatchEvent(new Event('input', { bubbles: true }));
}
function leave(id: string): void {
  el(id).dispatchEvent(new Event('change', { bubbles: true }));
}
function submit(): void {
  (document.querySelector('main form') as HTMLFormElement).dispatchEvent(
    new Event('submit', { bubbles: true, cancelable: true }),
  );
}
/** A page as the server answers: the document with its title and the island's slot in main. */
function answer(title: string, content: string, init: ResponseInit & { url?: string } = {}): Response {
  const response = new Response(
    `<!doctype html><html><head><title>${title}</title></head><body><main id="main-content"><astro-island><astro-slot>${content}</astro-slot></astro-island></main></body></html>`,
    { status: init.status ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
  Object.defineProperty(response, 'url', { value: init.url ?? '' });
  return response;
}

describe('ReportJourney island: checking as the person types', () => {
  it('counts against the rule’s limit as the server counts, and announces only after a pause', async () => {
    island(WHERE);
    await act(() => undefined);
    expect(el('location-count').textContent).toBe('You have 200 characters remaining');
    expect(el('location-count').getAttribute('aria-hidden')).toBe('true');
    type('location', '  Russell Square \r\n ');
    expect(el('location-count').textContent).toBe('You have 186 characters remaining');
    await wait(ANNOUNCE_DELAY_MS - 100);
    expect(document.querySelector('[aria-live]')?.textContent).toBe('');
    await wait(100);
    expect(document.querySelector('[aria-live]')?.textContent).toBe('You have 186 characters remaining');
    type('location', 'x'.repeat(201));
    expect(el('location-count').textContent).toBe('You have 1 character too many');
    expect(el('location-count').className).toBe('govuk-error-message');
  });

  it('shows a field’s problem once it is left, tells it once, and takes it away when mended', async () => {
    const { live } = island(WHERE);
    await act(() => undefined);
    type('location', 'x');
    expect(el('location-error')).toBeNull(); // not yet left
    type('location', '');
    leave('location');
    await wait(0);
    expect(el('location-error').textContent).toBe('Error: Enter a street, estate or landmark');
    expect(el('location').className).toContain('govuk-input--error');
    expect(el('location').getAttribute('aria-describedby')).toBe('location-hint location-error');
    expect(el('location').closest('.govuk-form-group')?.className).toContain('govuk-form-group--error');
    // Placed where the server puts it: after the hint.
    expect(el('location-hint').nextElementSibling?.id).toBe('location-error');
    expect(live()).toBe('Error: Enter a street, estate or landmark');
    type('location', 'Russell Square');
    expect(el('location-error')).toBeNull();
    expect(el('location').className).toBe('govuk-input');
    expect(el('location').getAttribute('aria-describedby')).toBe('location-hint');
  });

  it('on Continue with problems: GOV.UK’s summary, focused, every problem marked, nothing posted', async () => {
    island(WHAT);
    await act(() => undefined);
    el('category-2').checked = true; // "Something else", with nothing said
    submit();
    await act(() => undefined);
    const summary = document.querySelector('main .govuk-error-summary') as HTMLElement;
    expect([...summary.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['#categoryOther', 'Say what kind of behaviour it is'],
    ]);
    expect(document.activeElement).toBe(summary);
    expect(document.title).toBe('Error: Where is it happening? – Portal');
    expect(el('categoryOther-error').textContent).toBe('Error: Say what kind of behaviour it is');
    expect(fetchMock).not.toHaveBeenCalled();
    // Nothing chosen at all: the radios' problem sits in their fieldset, which it describes.
    el('category-2').checked = false;
    submit();
    await act(() => undefined);
    expect(el('category-error').parentElement?.tagName).toBe('FIELDSET');
    expect(
      el<HTMLFieldSetElement>('category-error').closest('fieldset')?.getAttribute('aria-describedby'),
    ).toBe('category-hint category-error');
    expect(document.querySelectorAll('main .govuk-error-summary')).toHaveLength(1);
    expect(document.title).toBe('Error: Where is it happening? – Portal');
  });
});

describe('ReportJourney island: the ward list', () => {
  it('shortens to the wards whose name or borough starts a word typed, keeping the chosen one', async () => {
    const { live } = island(WHERE);
    await act(() => undefined);
    expect(document.getElementById('ward-finder')).toBeNull(); // the template is now the filter
    const options = () => [...el<HTMLSelectElement>('ward').options].map((o) => o.text);
    type('ward-filter', 'kings');
    expect(options()).toEqual(['Choose a ward', 'I don’t know', 'King’s Cross']);
    await wait(FILTER_DELAY_MS);
    expect(live()).toBe('1 ward in the list');
    type('ward-filter', 'islington');
    expect(options()).toEqual(['Choose a ward', 'I don’t know', 'Holloway', 'St Mary’s and St James’']);
    expect([...el('ward').querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Islington']);
    el<HTMLSelectElement>('ward').value = 'holloway';
    type('ward-filter', 'zzz');
    expect(options()).toEqual(['Choose a ward', 'I don’t know', 'Holloway']);
    expect(el<HTMLSelectElement>('ward').value).toBe('holloway');
    el<HTMLSelectElement>('ward').value = '';
    type('ward-filter', 'zzz');
    await wait(FILTER_DELAY_MS);
    expect(live()).toBe('No ward matches. Try fewer letters, or choose “I don’t know”');
    type('ward-filter', '');
    expect(options()).toHaveLength(7);
  });

  it('matches ignoring case, accents and apostrophes', () => {
    expect(foldForMatch('St Mary’s and St James’')).toBe(' st marys and st james ');
    expect(foldForMatch('Café  KING’S-cross')).toBe(' cafe kings cross ');
  });
});

describe('ReportJourney island: moving between pages', () => {
  it('posts the form as the browser would, to the same URL, and shows the next page with its heading focused', async () => {
    island(WHERE);
    await act(() => undefined);
    el<HTMLSelectElement>('ward').value = 'bloomsbury';
    type('location', 'Russell Square & north gate');
    fetchMock.mockResolvedValue(
      answer(
        'When did it happen? – Portal',
        page('when', textField('frequency'), '<h1>When did it happen?</h1>'),
        {
          url: 'http://localhost:3000/report/when',
        },
      ),
    );
    submit();
    await settle();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(new URL(url).pathname + new URL(url).search).toBe('/report/where?_action=report.where');
    expect(init.method).toBe('POST');
    expect(String(init.body)).toBe('ward=bloomsbury&location=Russell+Square+%26+north+gate');
    expect(location.pathname).toBe('/report/when');
    expect(document.title).toBe('When did it happen? – Portal');
    expect(document.activeElement?.textContent).toBe('When did it happen?');
    // The new page is checked and counted in turn.
    expect(el('frequency-count').textContent).toBe('You have 200 characters remaining');
  });

  it('shows the server’s refusal in place, without a history entry, its summary focused', async () => {
    island(WHERE);
    await act(() => undefined);
    el<HTMLSelectElement>('ward').value = 'bloomsbury';
    type('location', 'Russell Square');
    const refused = page(
      'where',
      '<div class="govuk-error-summary"><h2>There is a problem</h2><a href="#ward">Choose a ward from the list</a></div>' +
        '<div class="govuk-form-group govuk-form-group--error"><label for="location">location</label><p id="location-error" class="govuk-error-message"><span>Error:</span> Too many</p><input class="govuk-input" id="location" name="location"></div>',
    );
    fetchMock.mockResolvedValue(
      answer('Error: Where – Portal', refused, {
        status: 400,
        url: 'http://localhost:3000/report/where?_action=report.where',
      }),
    );
    const pushes = vi.spyOn(history, 'pushState');
    submit();
    await settle();
    expect(pushes).not.toHaveBeenCalled();
    expect(location.pathname + location.search).toBe('/report/where');
    expect(document.activeElement?.className).toBe('govuk-error-summary');
    // The server's error is shown live from now on: mended, it goes.
    type('location', 'Russell Square');
    expect(el('location-error')).toBeNull();
  });

  it('follows journey links in place; leaves other links, #fragments and modified clicks to the browser', async () => {
    island(WHERE);
    await act(() => undefined);
    fetchMock.mockResolvedValue(
      answer('Check – Portal', '<h1>Check your answers</h1>', { url: '/report/check' }),
    );
    const link = (href: string, init: MouseEventInit = {}) => {
      const a = document.createElement('a');
      a.href = href;
      document.querySelector('main form')?.append(a);
      const event = new MouseEvent('click', { bubbles: true, cancelable: true, ...init });
      a.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(link('/report')).toBe(false);
    expect(link('#location')).toBe(false);
    expect(link('/report/track')).toBe(false);
    expect(link('https://other.example/report/check')).toBe(false);
    expect(link('/report/check', { ctrlKey: true })).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(link('/report/check')).toBe(true);
    await settle();
    expect(fetchMock).toHaveBeenCalledWith(`${location.origin}/report/check`, {});
    expect(location.pathname).toBe('/report/check');
  });

  it('falls back to the ordinary post when the request fails or the server fails', async () => {
    island(WHERE);
    await act(() => undefined);
    el<HTMLSelectElement>('ward').value = 'unknown';
    type('location', 'Russell Square');
    const form = document.querySelector('main form') as HTMLFormElement;
    const posted = vi.spyOn(form, 'submit').mockImplementation(() => undefined);
    fetchMock.mockRejectedValueOnce(new TypeError('offline'));
    submit();
    await settle();
    expect(posted).toHaveBeenCalledTimes(1);
    fetchMock.mockResolvedValueOnce(answer('Sorry', '<h1>Sorry</h1>', { status: 500 }));
    submit();
    await settle();
    expect(posted).toHaveBeenCalledTimes(2);
    expect(document.querySelector('main h1')?.textContent).toBe('where'); // this page still shown
  });

  it('on back and forward shows the page of the address, not for a change of #fragment', async () => {
    island(WHERE);
    await act(() => undefined);
    fetchMock.mockResolvedValue(answer('What – Portal', WHAT, { url: 'http://localhost:3000/report/what' }));
    history.pushState(null, '', '/report/where#location');
    dispatchEvent(new PopStateEvent('popstate'));
    expect(fetchMock).not.toHaveBeenCalled();
    history.pushState(null, '', '/report/what');
    dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(fetchMock).toHaveBeenCalledWith(`${location.origin}/report/what`, {});
    expect(document.querySelector('main h1')?.textContent).toBe('What kind of behaviour is it?');
  });
});
