// The applications' island in a DOM: on the date of birth page it explains an age outside 14–25 at
// once and shows the guardian's questions for a date under 16 (taking them away again over 16); sent
// with the guardian's questions, it posts the date of birth's page and then the guardian's, the same
// fields to the same action as the two pages without JavaScript, and shows the page answered.
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ApplyJourney from './ApplyJourney.island.tsx';
import { AGE_MESSAGES } from './application-steps.ts';

if (!('onsubmit' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'onsubmit', { value: null, writable: true });
}

const ACTION = '/get-involved/youth-forum/birth?_action=apply.step';
const BIRTH =
  '<template id="error-summary"><div class="govuk-error-summary"><ul><li><a href="#">x</a></li></ul></div></template>' +
  `<form method="post" action="${ACTION}" novalidate><input type="hidden" name="form" value="youth-forum"><input type="hidden" name="step" value="birth">` +
  '<h1>What is your date of birth?</h1><div class="govuk-form-group"><div id="dateOfBirth-hint" class="govuk-hint">hint</div><input class="govuk-input" id="dateOfBirth" name="dateOfBirth" type="date"></div>' +
  '<template id="age-needs_guardian"><div id="guardian-questions" data-age="needs_guardian"><p>You are under 16, so we need a parent or guardian to agree.</p><div class="govuk-form-group"><label for="guardianName">Their full name</label><input class="govuk-input" id="guardianName" name="guardianName"></div>' +
  '<div class="govuk-form-group"><label for="guardianEmail">Their email address</label><input class="govuk-input" id="guardianEmail" name="guardianEmail"></div></div></template>' +
  (['too_young', 'too_old'] as const)
    .map(
      (k) =>
        `<template id="age-${k}"><div id="age-note" data-age="${k}"><p>${AGE_MESSAGES[k]}</p></div></template>`,
    )
    .join('') +
  '<button type="submit">Continue</button></form>';

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-06T12:00:00Z') });
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  history.replaceState(null, '', '/get-involved/youth-forum/birth');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const el = (id: string) => document.getElementById(id) as HTMLInputElement;
function type(id: string, value: string): void {
  el(id).value = value;
  el(id).dispatchEvent(new Event('input', { bubbles: true }));
}
function answer(title: string, content: string, url: string): Response {
  const response = new Response(
    `<!doctype html><html><head><title>${title}</title></head><body><main id="main-content"><astro-island><astro-slot>${content}</astro-slot></astro-island></main></body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

async function island() {
  render(
    <main id="main-content">
      <ApplyJourney>
        <div dangerouslySetInnerHTML={{ __html: BIRTH }} />
      </ApplyJourney>
    </main>,
  );
  await act(() => undefined);
}

describe('ApplyJourney island: the date of birth', () => {
  it('explains an age outside 14–25 before sending, and shows the guardian’s questions under 16 only', async () => {
    await island();
    const said = async () => {
      await act(async () => {
        await vi.runAllTimersAsync();
      });
      return document.querySelector('[aria-live="polite"]')?.textContent;
    };
    type('dateOfBirth', '2013-01-01');
    expect(el('age-note').textContent).toContain('You can apply from your 14th birthday');
    expect(await said()).toContain('You can apply from your 14th birthday');
    // A year still being typed ("0002-…" after its first digit) is no age yet: nothing shown or said.
    type('dateOfBirth', '0002-06-01');
    expect(el('age-note')).toBeNull();
    expect(await said()).toBe('');
    expect(el('guardianName')).toBeNull();
    type('dateOfBirth', '1990-01-01');
    expect(el('age-note').textContent).toContain('You can join your Ward Panel instead');
    type('dateOfBirth', '2011-06-01');
    expect(el('age-note')).toBeNull();
    expect(el('guardianName')).not.toBeNull();
    expect(await said()).toBe('You are under 16, so we need a parent or guardian to agree.');
    type('dateOfBirth', '2009-06-01');
    expect(el('guardianName')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('checks the guardian’s questions, then posts the date of birth’s page and the guardian’s', async () => {
    await island();
    type('dateOfBirth', '2011-06-01');
    const form = document.querySelector('main form') as HTMLFormElement;
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await act(() => undefined);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(document.querySelector('.govuk-error-summary')?.textContent).toContain(
      'Enter your parent’s or guardian’s name',
    );
    type('guardianName', 'Pat Parent');
    type('guardianEmail', 'pat@example.org');
    fetchMock
      .mockResolvedValueOnce(
        answer(
          'Your parent or guardian',
          '<h1>Your parent or guardian</h1>',
          `${location.origin}/get-involved/youth-forum/guardian`,
        ),
      )
      .mockResolvedValueOnce(
        answer(
          'About you',
          '<h1>Your name and how to contact you</h1>',
          `${location.origin}/get-involved/youth-forum/about`,
        ),
      );
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    // Two requests, each read and parsed, before the page is swapped.
    for (let i = 0; i < 4; i++) {
      await act(async () => {
        await vi.runAllTimersAsync();
      });
    }
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const [first, second] = fetchMock.mock.calls.map(([url, init]) => [url, new URLSearchParams(init.body)]);
    expect(first?.[0]).toContain('_action=apply.step');
    expect(first?.[1].get('step')).toBe('birth');
    expect(first?.[1].get('dateOfBirth')).toBe('2011-06-01');
    expect(second?.[1].get('step')).toBe('guardian');
    expect(second?.[1].get('guardianName')).toBe('Pat Parent');
    expect(document.querySelector('main h1')?.textContent).toBe('Your name and how to contact you');
  });
});
