// The vote island in a DOM: the live count under the question's hint (and, politely, in the live
// region), saying so when one too many is ticked; the form posted urlencoded to the no-JavaScript
// form's own URL, the server's answer shown in place (its address pushed only when the server moved
// to another page); an ordinary submit when the request fails.
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import VoteJourney from './VoteJourney.island.tsx';

const option = (i: number) =>
  `<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="choices${i === 1 ? '' : `-${i}`}" name="choices" type="checkbox" value="${10 + i}"><label for="choices${i === 1 ? '' : `-${i}`}">Option ${i}</label></div>`;

const BALLOT = `<h1>Vote</h1><form method="post" action="?_action=votes.cast" novalidate data-max="2"><input type="hidden" name="ward" value="mildmay"><div class="govuk-form-group"><fieldset class="govuk-fieldset" aria-describedby="choices-hint"><legend>Which?</legend><div id="choices-hint" class="govuk-hint">Choose up to 2 options.</div><div class="govuk-checkboxes">${[1, 2, 3].map(option).join('')}</div></fieldset></div><input id="email" name="email" value="me@example.org"><button type="submit">Send me a code</button></form>`;
const CODE = `<h1>Enter the code we emailed you</h1><form method="post" action="?_action=votes.confirm" novalidate><input name="code" id="code"><button type="submit">Confirm my vote</button></form>`;

// happy-dom's elements lack `onsubmit`, so Preact would listen for "Submit" rather than "submit".
if (!('onsubmit' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'onsubmit', { value: null, writable: true });
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function island(html: string) {
  render(
    <main id="main-content">
      <VoteJourney>
        <div dangerouslySetInnerHTML={{ __html: html }} />
      </VoteJourney>
    </main>,
  );
}
const live = () => document.querySelector('[aria-live="polite"]')?.textContent;
const el = (id: string) => document.getElementById(id) as HTMLInputElement;
function tick(id: string): void {
  el(id).checked = !el(id).checked;
  el(id).dispatchEvent(new Event('change', { bubbles: true }));
}
function submit(): void {
  (document.querySelector('main form') as HTMLFormElement).dispatchEvent(
    new Event('submit', { bubbles: true, cancelable: true }),
  );
}
function answer(
  title: string,
  content: string,
  init: { status?: number; url?: string; redirected?: boolean } = {},
) {
  const response = new Response(
    `<!doctype html><html><head><title>${title}</title></head><body><main id="main-content"><astro-island><astro-slot>${content}</astro-slot></astro-island></main></body></html>`,
    { status: init.status ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
  Object.defineProperty(response, 'url', { value: init.url ?? '' });
  Object.defineProperty(response, 'redirected', { value: init.redirected ?? false });
  return response;
}

describe('VoteJourney island', () => {
  it('counts the choices under the hint and tells them politely, saying so past the limit', async () => {
    island(BALLOT);
    await act(() => undefined);
    const count = el('choices-count');
    expect(count.textContent).toBe('0 of 2 chosen');
    expect(count.getAttribute('aria-hidden')).toBe('true');
    expect(el('choices-hint').nextElementSibling).toBe(count);
    expect(live()).toBe('');
    await act(() => tick('choices'));
    expect(live()).toBe('1 of 2 chosen');
    await act(() => tick('choices-2'));
    await act(() => tick('choices-3'));
    expect(count.textContent).toBe('3 chosen: you can choose up to 2. Untick 1 option.');
    expect(count.className).toBe('govuk-error-message');
    expect(live()).toBe(count.textContent);
    await act(() => tick('choices-3'));
    expect(count.className).toBe('govuk-hint');
    expect(live()).toBe('2 of 2 chosen');
  });

  it('posts the same urlencoded form to the form’s own URL and shows the code page in place', async () => {
    island(BALLOT);
    await act(() => tick('choices'));
    await act(() => tick('choices-3'));
    // happy-dom's page is not at localhost: the address is checked, not moved to.
    const push = vi.spyOn(history, 'pushState').mockImplementation(() => undefined);
    fetchMock.mockResolvedValue(
      answer('Enter the code', CODE, { url: 'http://localhost/wards/mildmay/vote/code', redirected: true }),
    );
    await act(() => submit());
    await vi.waitFor(() =>
      expect(document.querySelector('main h1')?.textContent).toBe('Enter the code we emailed you'),
    );
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toMatch(/\?_action=votes\.cast$/);
    expect(init.method).toBe('POST');
    expect((init.body as URLSearchParams).toString()).toBe(
      'ward=mildmay&choices=11&choices=13&email=me%40example.org',
    );
    expect(document.activeElement?.textContent).toBe('Enter the code we emailed you');
    expect(push).toHaveBeenCalledWith(null, '', 'http://localhost/wards/mildmay/vote/code');
    expect(document.title).toBe('Enter the code');
  });

  it('shows the page again with the server’s errors without a new address', async () => {
    island(CODE);
    const push = vi.spyOn(history, 'pushState');
    push.mockClear();
    fetchMock.mockResolvedValue(
      answer('Error: Enter the code', `<div class="govuk-error-summary">There is a problem</div>${CODE}`, {
        status: 401,
      }),
    );
    await act(() => submit());
    await vi.waitFor(() => expect(document.activeElement?.className).toBe('govuk-error-summary'));
    expect(push).not.toHaveBeenCalled();
  });

  it('falls back to an ordinary submit when the request fails', async () => {
    island(CODE);
    const form = document.querySelector('main form') as HTMLFormElement;
    const ordinary = vi.spyOn(form, 'submit').mockImplementation(() => undefined);
    fetchMock.mockRejectedValue(new TypeError('offline'));
    await act(async () => {
      submit();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(ordinary).toHaveBeenCalledOnce();
  });
});
