// Property-based (fast-check) checks of the /report step actions over HTTP, on a server and database
// of their own (the per-client limits they use up touch no other test): arbitrary strings, Unicode,
// huge and missing fields get a 4xx with a message or a redirect to the next step — never a 5xx —
// and markup typed into any field comes back as text on the check page.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnServer } from '../server.ts';

let own: Awaited<ReturnType<typeof startOwnServer>>;
let baseURL: string;

beforeAll(async () => {
  own = await startOwnServer('cn-e2e-report-props-');
  baseURL = own.baseURL;
});

afterAll(async () => {
  await own?.stop();
});

const STEPS: Record<string, string[]> = {
  what: ['category', 'categoryOther', 'website', 'from'],
  where: ['ward', 'location', 'from'],
  when: ['timing', 'occurredOn', 'timeOfDay', 'frequency', 'from'],
  details: ['description', 'impact', 'from'],
  contact: ['anonymous', 'name', 'email', 'phone', 'preference', 'from'],
};

/** Anything a person or a script might send as one field, including nothing at all. */
const value = fc.option(
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.constantFrom(
      'drugs',
      'other',
      'once',
      'ongoing',
      'yes',
      'no',
      'bloomsbury',
      'unknown',
      '2026-11-02',
      'night',
      'check',
    ),
    fc.integer({ min: 2001, max: 20_000 }).map((n) => 'x'.repeat(n)),
    fc.constant('<img src=x onerror=alert(1)><script>alert(1)</script>'),
  ),
  { nil: undefined },
);

async function post(step: string, fields: Record<string, string | undefined>, cookie = '') {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, v);
  const res = await fetch(`${baseURL}/report/${step}?_action=report.${step}`, {
    method: 'POST',
    headers: {
      origin: baseURL,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text(), setCookie: res.headers.get('set-cookie') ?? '' };
}

/** One draft for every generated post, so valid answers update it instead of starting new drafts. */
let draftCookie = '';

describe('every step action, fed anything', () => {
  beforeAll(async () => {
    const res = await post('what', { category: 'noise' });
    draftCookie = `cn_report=${/cn_report=([a-z2-7]{32})/.exec(res.setCookie)?.[1] ?? ''}`;
    expect(draftCookie).toMatch(/^cn_report=[a-z2-7]{32}$/);
  });

  for (const [step, names] of Object.entries(STEPS)) {
    it(`report.${step}: a redirect, or a 4xx with a message — never a 5xx`, {
      timeout: 120_000,
    }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.record(Object.fromEntries(names.map((n) => [n, value]))), async (fields) => {
          const { status, text } = await post(
            step,
            fields as Record<string, string | undefined>,
            draftCookie,
          );
          expect(status, 'refused by a limit: the property proves nothing').not.toBe(429);
          expect(status, text.slice(0, 300)).toBeLessThan(500);
          if (status !== 303) {
            expect(status).toBeGreaterThanOrEqual(400);
            expect(text).toContain('govuk-error-summary');
            // What was typed comes back as text, never as markup: a quoted attribute value (an
            // input's value="…", where "<" is text and '"' is escaped) is the only place it may sit.
            const outsideAttributes = text.replace(/="[^"]*"/g, '=""');
            expect(outsideAttributes).not.toContain('<script>alert(1)</script>');
            expect(outsideAttributes).not.toContain('<img src=x');
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('markup in every free-text field is shown as text on the check page', { timeout: 60_000 }, async () => {
    const markup = '<b>bold</b><script>alert(1)</script>';
    let cookie = '';
    const steps: [string, Record<string, string>][] = [
      ['what', { category: 'other', categoryOther: `x${markup}`.slice(0, 100) }],
      ['where', { ward: 'unknown', location: `Square ${markup}` }],
      ['when', { timing: 'ongoing', frequency: `Often ${markup}` }],
      ['details', { description: `Happened ${markup}`, impact: `Affects ${markup}` }],
      [
        'contact',
        { anonymous: 'no', name: `Name ${markup}`, email: 'someone@example.org', preference: markup },
      ],
    ];
    for (const [step, fields] of steps) {
      const res = await post(step, fields, cookie);
      expect(res.status, res.text.slice(0, 300)).toBe(303);
      const set = /cn_report=([a-z2-7]{32})/.exec(res.setCookie);
      if (set) cookie = `cn_report=${set[1]}`;
    }
    const page = await (await fetch(`${baseURL}/report/check`, { headers: { cookie } })).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<b>bold</b>');
    expect(page.split('&lt;b&gt;bold&lt;/b&gt;').length - 1).toBeGreaterThanOrEqual(7);
  });

  it('logged no unexpected error', () => {
    expect(
      own
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":"error"')),
    ).toEqual([]);
  });
});
