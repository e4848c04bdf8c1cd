// Equality monitoring figures for staff: for a panel or a borough, each question's answers counted
// from equality_responses alone (the table holds nothing that leads to an applicant, and no query
// here joins it to anything but the ward list), then suppressed (suppression.ts, decision 0138).
import { and, count, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { boroughs, equalityResponses } from '../../../db/schema/index.ts';
import { EQUALITY_QUESTIONS, type EqualityQuestion } from './equality-questions.ts';
import type { Panel } from './panel-scope.server.ts';
import { type ShownCount, suppressTable } from './suppression.ts';

export const NOT_ANSWERED = 'Not answered';

export interface EqualityTable {
  name: EqualityQuestion['name'];
  legend: string;
  total: ShownCount;
  rows: { label: string; count: ShownCount }[];
}

export interface EqualityFigures {
  /** How many responses there are (hidden under 5). */
  responses: ShownCount;
  tables: EqualityTable[];
}

async function figuresWhere(db: Db, where: SQL | undefined): Promise<EqualityFigures> {
  const tables = await Promise.all(
    EQUALITY_QUESTIONS.map(async (q): Promise<EqualityTable> => {
      const column = equalityResponses[q.name];
      const rows = await db
        .select({ value: column, n: count() })
        .from(equalityResponses)
        .where(where)
        .groupBy(column);
      const countOf = (value: string | null) => Number(rows.find((r) => r.value === value)?.n ?? 0);
      const cells = [...q.options.map((o) => countOf(o.value)), countOf(null)];
      const shown = suppressTable(cells);
      return {
        name: q.name,
        legend: q.legend,
        total: shown.total,
        rows: [...q.options.map((o) => o.label), NOT_ANSWERED].map((label, i) => ({
          label,
          count: shown.cells[i] ?? { shown: false },
        })),
      };
    }),
  );
  return { responses: tables[0]?.total ?? { shown: false }, tables };
}

/** A panel's figures: a Ward Panel's by its ward, the Forum's all together. */
export function panelEqualityFigures(db: Db, panel: Panel): Promise<EqualityFigures> {
  return figuresWhere(
    db,
    panel.body === 'youth_forum'
      ? eq(equalityResponses.body, 'youth_forum')
      : and(eq(equalityResponses.body, 'ward_panel'), eq(equalityResponses.wardId, panel.wardId ?? -1)),
  );
}

/** A borough's figures: every response that names it (its Ward Panels, and the Forum's from it). */
export function boroughEqualityFigures(db: Db, boroughId: number): Promise<EqualityFigures> {
  return figuresWhere(db, eq(equalityResponses.boroughId, boroughId));
}

/** A borough by its slug, for its figures' page. */
export async function getBorough(
  db: Db,
  slug: string,
): Promise<{ id: number; slug: string; name: string } | null> {
  const [row] = await db
    .select({ id: boroughs.id, slug: boroughs.slug, name: boroughs.name })
    .from(boroughs)
    .where(eq(boroughs.slug, slug));
  return row ?? null;
}
