// Components that carry logic, rendered alone and checked as govuk-frontend checks its own: what
// they say and link to for each set of inputs, and axe on the markup (inside a page's <main>, with
// the rules that need layout — colour contrast — left to the browser suite, which runs axe on
// every page in Chromium).

import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import axe from 'axe-core';
import { Window } from 'happy-dom';
import { beforeAll, describe, expect, it } from 'vitest';
import { performanceDatasets } from '../../db/seed-data/performance.ts';
import type { Dataset } from '../features/performance/performance.ts';
import Breadcrumbs from './Breadcrumbs.astro';
import { wardCrumbs } from './breadcrumb-trails.ts';
import ChangeChart from './ChangeChart.astro';
import ErrorSummary from './ErrorSummary.astro';
import Choices from './form/Choices.astro';
import LineChart from './LineChart.astro';
import Pagination from './Pagination.astro';
import SummaryList from './SummaryList.astro';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

async function render(component: unknown, props: Record<string, unknown>): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: the container takes any Astro component
  return container.renderToString(component as any, { props });
}

/** The markup as a document to query. */
function parse(html: string): Document {
  const window = new Window();
  window.document.write(
    `<!doctype html><html lang="en"><head><title>Component</title></head><body><main><h1>Component</h1>${html}</main></body></html>`,
  );
  return window.document as unknown as Document;
}

/** Puts the markup in a page and runs axe on it there; resolves to the violations, described. */
async function axeViolations(html: string): Promise<string[]> {
  const window = new Window();
  window.document.write(
    `<!doctype html><html lang="en"><head><title>Component</title></head><body><main><h1>Component</h1>${html}</main></body></html>`,
  );
  window.eval(axe.source);
  const run = (window as unknown as { axe: typeof axe }).axe.run;
  const result = await run(window.document as unknown as Document, {
    rules: { 'color-contrast': { enabled: false } },
  });
  await window.happyDOM.close();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('ErrorSummary', () => {
  it('renders nothing without errors', async () => {
    expect((await render(ErrorSummary, { errors: [] })).trim()).toBe('');
  });
  it('links each error to its field, inside an alert', async () => {
    const html = await render(ErrorSummary, {
      errors: [
        { href: '#email', text: 'Enter your email address' },
        { href: '#ward', text: 'Choose a ward' },
      ],
    });
    const document = parse(html);
    const links = [...document.querySelectorAll('[role="alert"] a')].map((a) => [
      a.getAttribute('href'),
      a.textContent,
    ]);
    expect(links).toEqual([
      ['#email', 'Enter your email address'],
      ['#ward', 'Choose a ward'],
    ]);
    expect(document.querySelector('h2')?.textContent).toBe('There is a problem');
    expect(
      await axeViolations(`${html}<input id="email" aria-label="Email"><input id="ward" aria-label="Ward">`),
    ).toEqual([]);
  });
});

describe('axe here', () => {
  it('finds a violation when there is one (the check can fail)', async () => {
    const found = await axeViolations('<input type="text" name="x"><a href="#x"></a>');
    expect(found.map((v) => v.split(':')[0]).sort()).toEqual(['label', 'link-name']);
  });
});

describe('Choices', () => {
  const options = [
    { value: 'yes', label: 'Yes, stay anonymous', hint: 'We will not ask for your name' },
    { value: 'no', label: 'No' },
  ];

  it('radios: the first option takes the field name as its id, hints and errors described', async () => {
    const html = await render(Choices, {
      name: 'anonymous',
      legend: 'Do you want to stay anonymous?',
      hint: 'You can still follow your report',
      error: 'Choose yes or no',
      options,
      selected: ['no'],
    });
    const doc = parse(html);
    const inputs = [...doc.querySelectorAll('input')];
    expect(inputs.map((i) => [i.id, i.type, i.value, i.checked])).toEqual([
      ['anonymous', 'radio', 'yes', false],
      ['anonymous-2', 'radio', 'no', true],
    ]);
    expect(doc.querySelector('fieldset')?.getAttribute('aria-describedby')).toBe(
      'anonymous-hint anonymous-error',
    );
    // The option's hint is its own, not the question's.
    expect(inputs[0]?.getAttribute('aria-describedby')).toBe('anonymous-item-hint');
    expect(doc.getElementById('anonymous-item-hint')?.textContent).toBe('We will not ask for your name');
    expect(doc.getElementById('anonymous-error')?.textContent).toBe('Error: Choose yes or no');
    expect(doc.querySelector('.govuk-form-group--error')).not.toBeNull();
    expect(await axeViolations(html)).toEqual([]);
  });

  it('checkboxes with a prefix, several chosen, the legend as the page heading', async () => {
    const html = await render(Choices, {
      name: 'wards',
      idPrefix: 'camden-wards',
      legend: 'Which wards?',
      options: [
        { value: 'a', label: 'Bloomsbury' },
        { value: 'b', label: 'Holborn and Covent Garden' },
        { value: 'c', label: 'Kentish Town South' },
      ],
      selected: ['a', 'c'],
      multiple: true,
      pageHeading: true,
    });
    const doc = parse(html);
    expect([...doc.querySelectorAll('input:checked')].map((i) => i.id)).toEqual([
      'camden-wards',
      'camden-wards-3',
    ]);
    expect(doc.querySelector('input')?.getAttribute('name')).toBe('wards');
    expect(doc.querySelector('legend h1')?.textContent).toBe('Which wards?');
    expect(doc.querySelector('fieldset')?.hasAttribute('aria-describedby')).toBe(false);
    // A page heading inside the component: check it alone, as the page it would be.
    expect(await axeViolations(html.replace(/<h1/g, '<h2').replace(/<\/h1>/g, '</h2>'))).toEqual([]);
  });
});

describe('Breadcrumbs', () => {
  it('a named navigation region listing each crumb as a link, in order', async () => {
    const html = await render(Breadcrumbs, { crumbs: wardCrumbs({ slug: 'holloway', name: 'Holloway' }) });
    const doc = parse(html);
    expect(doc.querySelector('nav')?.getAttribute('aria-label')).toBe('Breadcrumb');
    const links = [...doc.querySelectorAll('ol > li > a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['/', 'Home'],
      ['/wards', 'Wards'],
      ['/wards/holloway', 'Holloway'],
    ]);
    expect(await axeViolations(html)).toEqual([]);
  });
});

describe('SummaryList', () => {
  it('rows with and without a change link; the link names its row for screen readers', async () => {
    const html = await render(SummaryList, {
      rows: [
        { key: 'Where', value: 'Caledonian Road', action: { href: '/report/where', text: 'Change' } },
        { key: 'When', value: 'It keeps happening' },
      ],
    });
    const doc = parse(html);
    const rows = [...doc.querySelectorAll('.govuk-summary-list__row')];
    expect(rows.map((r) => [r.querySelector('dt')?.textContent, r.querySelector('dd')?.textContent])).toEqual(
      [
        ['Where', 'Caledonian Road'],
        ['When', 'It keeps happening'],
      ],
    );
    const link = doc.querySelector('a');
    expect([link?.getAttribute('href'), link?.textContent]).toEqual(['/report/where', 'Change where']);
    expect(rows[1]?.querySelector('a')).toBeNull();
    expect(await axeViolations(html)).toEqual([]);
  });
});

describe('Pagination', () => {
  const url = new URL('http://localhost/staff/audit?action=staff.invite&x=%22evil&page=5&action=other');
  const keep = ['action', 'actor'];
  const links = (doc: Document) =>
    [...doc.querySelectorAll('a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')] as const);

  it('renders nothing for one page', async () => {
    expect(
      (await render(Pagination, { url, page: 1, pages: 1, label: 'Pages of the audit log' })).trim(),
    ).toBe('');
  });

  it('previous, next, the pages around the current one, and the filters kept', async () => {
    const html = await render(Pagination, { url, keep, page: 5, pages: 9, label: 'Pages of the audit log' });
    const doc = parse(html);
    expect(doc.querySelector('nav')?.getAttribute('aria-label')).toBe('Pages of the audit log');
    expect(links(doc)).toEqual([
      ['Previous page', '/staff/audit?action=staff.invite&page=4'],
      ['1', '/staff/audit?action=staff.invite'],
      ['4', '/staff/audit?action=staff.invite&page=4'],
      ['5', '/staff/audit?action=staff.invite&page=5'],
      ['6', '/staff/audit?action=staff.invite&page=6'],
      ['9', '/staff/audit?action=staff.invite&page=9'],
      ['Next page', '/staff/audit?action=staff.invite&page=6'],
    ]);
    expect(doc.querySelector('[aria-current="page"]')?.textContent).toBe('5');
    expect(doc.querySelectorAll('.govuk-pagination__item--ellipses')).toHaveLength(2);
    expect(await axeViolations(html)).toEqual([]);
  });

  it('keeps no parameter the page does not read (security review 2, item 5)', async () => {
    const newsletters = new URL('http://localhost/newsletters?x=evil&page=2&utm=1');
    const doc = parse(await render(Pagination, { url: newsletters, page: 2, pages: 3, label: 'Pages' }));
    expect(links(doc).map(([, href]) => href)).toEqual([
      '/newsletters',
      '/newsletters',
      '/newsletters?page=2',
      '/newsletters?page=3',
      '/newsletters?page=3',
    ]);
  });

  it('no previous link on the first page, no next on the last', async () => {
    const first = parse(await render(Pagination, { url, page: 1, pages: 3, label: 'Pages' }));
    expect(first.querySelector('[rel="prev"]')).toBeNull();
    expect(first.querySelector('[rel="next"]')).not.toBeNull();
    const last = parse(await render(Pagination, { url, page: 3, pages: 3, label: 'Pages' }));
    expect(last.querySelector('[rel="next"]')).toBeNull();
  });
});

/** A seeded dataset as the page reads it. */
function dataset(kind: Dataset['kind']): Dataset {
  const seed = performanceDatasets.find((d) => d.kind === kind);
  if (!seed) throw new Error(`no ${kind} dataset in the seed`);
  return {
    slug: seed.slug,
    title: seed.title,
    description: seed.description,
    kind: seed.kind,
    unit: seed.unit,
    period: seed.period,
    source: seed.source,
    series: seed.series,
    categories: seed.rows.map((r) => ({ category: r.category, section: r.section ?? null })),
    values: seed.rows.flatMap((r) =>
      Object.entries(r.values).map(([series, v]) => ({
        section: r.section ?? null,
        category: r.category,
        series,
        value: v.value,
        previousValue: v.previous ?? null,
      })),
    ),
  };
}

describe('charts', () => {
  it('a bar chart is one named image whose offences and changes are text', async () => {
    const d = dataset('change');
    const html = await render(ChangeChart, { dataset: d, describedBy: 'chart-description' });
    const doc = parse(`${html}<p id="chart-description">${d.description}</p>`);
    const img = doc.querySelector('[role="img"]');
    expect(img?.getAttribute('aria-label')).toBe(
      `Bar chart: percentage change in ${d.title.toLowerCase()}, ${d.period}. The figures are in the table that follows.`,
    );
    expect(img?.getAttribute('aria-describedby')).toBe('chart-description');
    expect([...doc.querySelectorAll('.cn-bars__category')].map((c) => c.textContent)).toEqual(
      d.categories.map((c) => c.category),
    );
    // Every bar states its change in text ("+4.4%", "−11.3%", or "no change" style labels).
    const values = [...doc.querySelectorAll('.cn-bars__value b')].map((b) => b.textContent ?? '');
    expect(values).toHaveLength(d.categories.length * d.series.length);
    expect(values.every((v) => v.trim().length > 0)).toBe(true);
    if (d.series.length > 1) {
      expect([...doc.querySelectorAll('.cn-chart__legend li')].map((li) => li.textContent?.trim())).toEqual(
        d.series,
      );
    }
    expect(html).not.toMatch(/style="/);
    expect(await axeViolations(`${html}<p id="chart-description">${d.description}</p>`)).toEqual([]);
  });

  it('a line chart is one named image with a label per month that fits', async () => {
    const d = dataset('monthly');
    const html = await render(LineChart, { dataset: d, describedBy: 'chart-description' });
    const doc = parse(html);
    expect(doc.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe(
      `Line chart: ${d.title}, ${d.period}. The figures are in the table that follows.`,
    );
    expect(doc.querySelectorAll('.cn-lines__plot path[stroke]')).toHaveLength(d.series.length);
    const months = [...doc.querySelectorAll('.cn-lines__months text')];
    expect(months.length).toBeGreaterThan(1);
    expect(months.length).toBeLessThanOrEqual(d.categories.length);
    expect(html).not.toMatch(/style="/);
    expect(await axeViolations(`${html}<p id="chart-description">${d.description}</p>`)).toEqual([]);
  });
});
