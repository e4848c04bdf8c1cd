// A ward's priorities as open data: JSON (everything, updates nested) and CSV (one row per
// priority, its latest update beside it). Pure: the endpoints fetch, this shapes.
import { type CsvColumn, toCsv } from '../../lib/csv.ts';
import { londonToday } from '../../lib/dates.ts';
import { OPEN_GOVERNMENT_LICENCE } from '../../lib/site.ts';
import type { Priority, WardPriorities } from './priorities.ts';

export interface OpenDataWard {
  slug: string;
  name: string;
  borough: { name: string };
}

/** Where a ward's open data lives. */
export function openDataPath(wardSlug: string, format: 'json' | 'csv'): string {
  return `/api/wards/${wardSlug}/priorities.${format}`;
}

const status = (p: Priority) => (p.retiredOn === null ? 'current' : 'past');

export function prioritiesJson(ward: OpenDataWard, priorities: WardPriorities, wardPageUrl: string): string {
  const item = (p: Priority) => ({
    id: p.id,
    status: status(p),
    title: p.title,
    reason: p.reason,
    setOn: p.setOn,
    retiredOn: p.retiredOn,
    outcome: p.outcome,
    updates: p.updates.map((u) => ({
      date: u.updateDate,
      bodyMarkdown: u.body,
      correctedOn: u.correctedAt ? londonToday(u.correctedAt) : null,
    })),
  });
  return `${JSON.stringify(
    {
      licence: OPEN_GOVERNMENT_LICENCE,
      ward: { slug: ward.slug, name: ward.name, borough: ward.borough.name, url: wardPageUrl },
      current: priorities.current.map(item),
      past: priorities.past.map(item),
    },
    null,
    2,
  )}\n`;
}

interface CsvRow {
  ward: string;
  borough: string;
  id: number;
  status: string;
  title: string;
  reason: string;
  setOn: string;
  retiredOn: string;
  outcome: string;
  updates: number;
  latestUpdateOn: string;
  latestUpdate: string;
}

const CSV_COLUMNS: CsvColumn<CsvRow>[] = [
  { key: 'ward', header: 'Ward' },
  { key: 'borough', header: 'Borough' },
  { key: 'id', header: 'Priority id' },
  { key: 'status', header: 'Status' },
  { key: 'title', header: 'Priority' },
  { key: 'reason', header: 'Why it was chosen' },
  { key: 'setOn', header: 'Set on' },
  { key: 'retiredOn', header: 'Retired on' },
  { key: 'outcome', header: 'Outcome' },
  { key: 'updates', header: 'Progress updates' },
  { key: 'latestUpdateOn', header: 'Latest update on' },
  { key: 'latestUpdate', header: 'Latest update (Markdown)' },
];

/** Current priorities first, then past ones, as on the ward's page. */
export function prioritiesCsv(ward: OpenDataWard, priorities: WardPriorities): string {
  const rows = [...priorities.current, ...priorities.past].map((p): CsvRow => {
    const latest = p.updates[0];
    return {
      ward: ward.name,
      borough: ward.borough.name,
      id: p.id,
      status: status(p),
      title: p.title,
      reason: p.reason,
      setOn: p.setOn,
      retiredOn: p.retiredOn ?? '',
      outcome: p.outcome ?? '',
      updates: p.updates.length,
      latestUpdateOn: latest?.updateDate ?? '',
      latestUpdate: latest?.body ?? '',
    };
  });
  return toCsv(rows, CSV_COLUMNS);
}
