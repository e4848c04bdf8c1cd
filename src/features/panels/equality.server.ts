// Equality monitoring figures for staff: each question's answers counted from equality_responses alone
// (the table holds nothing that leads to an applicant, and no query here joins it to anything but the
// ward list), then suppressed (suppression.ts, decision 0138): each panel's table on its own, and a
// borough's from its Ward Panels' as suppressed, so that no hidden count is the borough's minus the
// other panels'. The borough's figures do not count the Forum, whose figures stand alone.
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../db/client.ts';
import { boroughs, equalityResponses } from '../../../db/schema/index.ts';
import { EQUALITY_QUESTIONS, type EqualityQuestion } from './equality-questions.ts';
import type { Panel } from './panel-scope.server.ts';
import { type ShownCount, type SuppressedTable, suppressFamily, suppressTable } from './suppression.ts';

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

interface AnswerCount {
  ward_id: number | null;
  question: string;
  value: string | null;
  n: number | string;
}

/** Every question's answers counted, per ward or all together (ward null), in one statement. */
async function countAnswers(db: Db, where: SQL, perWard: boolean): Promise<AnswerCount[]> {
  const ward = perWard ? sql`${equalityResponses.wardId}` : sql`null::integer`;
  const parts = EQUALITY_QUESTIONS.map((q) => {
    const column = equalityResponses[q.name];
    return sql`select ${ward} as ward_id, ${q.name}::text as question, ${column} as value, count(*) as n
      from ${equalityResponses} where ${where} group by 1, 3`;
  });
  const rows = rowsOf<AnswerCount>(await db.execute(sql.join(parts, sql` union all `)));
  return rows.map((r) => ({ ...r, ward_id: r.ward_id === null ? null : Number(r.ward_id) }));
}

/** One question's cells, in the order of its options then "not answered", for one ward's rows. */
function cellsOf(q: EqualityQuestion, rows: AnswerCount[], wardId: number | null): number[] {
  const countOf = (value: string | null) =>
    Number(rows.find((r) => r.question === q.name && r.ward_id === wardId && r.value === value)?.n ?? 0);
  return [...q.options.map((o) => countOf(o.value)), countOf(null)];
}

function figuresFrom(tables: SuppressedTable[]): EqualityFigures {
  const shown = EQUALITY_QUESTIONS.map((q, i): EqualityTable => {
    const table = tables[i] ?? { total: { shown: false }, cells: [] };
    return {
      name: q.name,
      legend: q.legend,
      total: table.total,
      rows: [...q.options.map((o) => o.label), NOT_ANSWERED].map((label, cell) => ({
        label,
        count: table.cells[cell] ?? { shown: false },
      })),
    };
  });
  return { responses: shown[0]?.total ?? { shown: false }, tables: shown };
}

/** A panel's figures: a Ward Panel's by its ward, the Forum's all together; each table on its own. */
export async function panelEqualityFigures(db: Db, panel: Panel): Promise<EqualityFigures> {
  const where =
    panel.body === 'youth_forum' || panel.wardId === null
      ? sql`${equalityResponses.body} = 'youth_forum'`
      : sql`${equalityResponses.body} = 'ward_panel' and ${equalityResponses.wardId} = ${panel.wardId}`;
  const rows = await countAnswers(db, where, false);
  return figuresFrom(EQUALITY_QUESTIONS.map((q) => suppressTable(cellsOf(q, rows, null))));
}

export interface BoroughEqualityFigures extends EqualityFigures {
  /** How many of the borough's Ward Panels have responses, and how many of those are counted. */
  panels: { withResponses: number; counted: number };
}

/**
 * A borough's figures: its Ward Panels' answers (a panel with fewer than 5 responses left out), hiding
 * every answer any of those panels hides (suppressFamily).
 */
export async function boroughEqualityFigures(db: Db, boroughId: number): Promise<BoroughEqualityFigures> {
  const rows = await countAnswers(
    db,
    sql`${equalityResponses.body} = 'ward_panel' and ${equalityResponses.boroughId} = ${boroughId}`,
    true,
  );
  const wardIds = [...new Set(rows.map((r) => r.ward_id))];
  const families = EQUALITY_QUESTIONS.map((q) => suppressFamily(wardIds.map((id) => cellsOf(q, rows, id))));
  return {
    ...figuresFrom(families.map((f) => f.borough)),
    panels: { withResponses: wardIds.length, counted: families[0]?.counted.filter(Boolean).length ?? 0 },
  };
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
