// A ward's priority votes as open data: every round that stopped taking votes, with each option's
// count, the turnout and, once recorded, the panel's decision. JSON (rounds with their options nested)
// and CSV (one row per option). Pure: the endpoint fetches, this shapes. Nothing about a voter is here:
// counts only.
import { type CsvColumn, toCsv } from '../../lib/csv.ts';
import { OPEN_GOVERNMENT_LICENCE } from '../../lib/site.ts';
import type { OpenDataWard } from '../priorities/open-data.ts';
import type { Round } from './round-read.server.ts';
import { effectiveClose } from './rounds.ts';
import type { Tally } from './tally.server.ts';

export interface RoundResult {
  round: Round;
  tally: Tally;
}

/** Where a ward's vote results live. */
export function voteResultsPath(wardSlug: string, format: 'json' | 'csv'): string {
  return `/api/wards/${wardSlug}/votes.${format}`;
}

const votesFor = (r: RoundResult, optionId: number) =>
  r.tally.counts.find((c) => c.optionId === optionId)?.votes ?? 0;

export function voteResultsJson(ward: OpenDataWard, results: RoundResult[], wardPageUrl: string): string {
  return `${JSON.stringify(
    {
      licence: OPEN_GOVERNMENT_LICENCE,
      ward: { slug: ward.slug, name: ward.name, borough: ward.borough.name, url: wardPageUrl },
      rounds: results.map((r) => ({
        id: r.round.id,
        opened: r.round.opensAt.toISOString(),
        closed: effectiveClose(r.round).toISOString(),
        closedEarlyReason: r.round.closedEarlyReason,
        maxChoices: r.round.maxChoices,
        turnout: r.tally.turnout,
        decided: r.round.decidedAt?.toISOString() ?? null,
        decisionReason: r.round.decisionReason,
        options: r.round.options.map((o) => ({
          title: o.title,
          description: o.description,
          votes: votesFor(r, o.id),
          chosen: o.chosen,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

interface CsvRow {
  ward: string;
  borough: string;
  round: number;
  opened: string;
  closed: string;
  turnout: number;
  option: string;
  description: string;
  votes: number;
  chosen: string;
  decided: string;
  decisionReason: string;
}

const CSV_COLUMNS: CsvColumn<CsvRow>[] = [
  { key: 'ward', header: 'Ward' },
  { key: 'borough', header: 'Borough' },
  { key: 'round', header: 'Vote id' },
  { key: 'opened', header: 'Opened' },
  { key: 'closed', header: 'Closed' },
  { key: 'turnout', header: 'Voters' },
  { key: 'option', header: 'Option' },
  { key: 'description', header: 'What it would mean' },
  { key: 'votes', header: 'Votes' },
  { key: 'chosen', header: 'Chosen by the panel' },
  { key: 'decided', header: 'Decided' },
  { key: 'decisionReason', header: 'Why' },
];

/** One row per option of every round, latest round first, options in ballot order. */
export function voteResultsCsv(ward: OpenDataWard, results: RoundResult[]): string {
  const rows = results.flatMap((r) =>
    r.round.options.map(
      (o): CsvRow => ({
        ward: ward.name,
        borough: ward.borough.name,
        round: r.round.id,
        opened: r.round.opensAt.toISOString(),
        closed: effectiveClose(r.round).toISOString(),
        turnout: r.tally.turnout,
        option: o.title,
        description: o.description,
        votes: votesFor(r, o.id),
        chosen: r.round.decidedAt ? (o.chosen ? 'yes' : 'no') : '',
        decided: r.round.decidedAt?.toISOString() ?? '',
        decisionReason: r.round.decisionReason ?? '',
      }),
    ),
  );
  return toCsv(rows, CSV_COLUMNS);
}
