// Idempotent seed: inserts what is missing and never overwrites what exists, so running it twice
// changes nothing and content edited by staff is never clobbered.
// Content comes from the committee papers (db/seed-data/*.ts) and ../shared/data/wards.json
// (copied into db/seed-data/wards.json so a clone of this repository is self-contained).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TZDate } from '@date-fns/tz';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';
import {
  actionUpdates,
  boroughs,
  newsletters,
  newsletterWards,
  performanceDatasets,
  performanceValues,
  planActions,
  planCommitments,
  voteBallots,
  voteOptions,
  voteRounds,
  wardPriorities,
  wardPriorityUpdates,
  wards,
} from './schema/index.ts';
import { newsletterSeeds } from './seed-data/newsletters.ts';
import { performanceDatasets as datasetSeeds } from './seed-data/performance.ts';
import { planActions as actionSeeds } from './seed-data/plan.ts';
import { prioritySeeds } from './seed-data/priorities.ts';
import { boroughOfSource } from './seed-data/types.ts';
import { ballotChoices, DECIDED_ROUNDS, OPEN_ROUND } from './seed-data/votes.ts';
import { londonAt, seedEvents } from './seed-events.ts';
import { seedPanels } from './seed-panels.ts';

interface WardsFile {
  boroughs: { slug: string; name: string; council: string; wards: { slug: string; name: string }[] }[];
}

export function readWardsFile(): WardsFile {
  const url = new URL('./seed-data/wards.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as WardsFile;
}

export interface SeedSummary {
  inserted: Record<string, number>;
}

export async function seedDatabase(db: Db): Promise<SeedSummary> {
  const inserted: Record<string, number> = {};
  const count = (table: string, rows: unknown[]): void => {
    inserted[table] = (inserted[table] ?? 0) + rows.length;
  };

  await db.transaction(async (tx) => {
    const file = readWardsFile();
    for (const b of file.boroughs) {
      count(
        'boroughs',
        await tx
          .insert(boroughs)
          .values({ slug: b.slug, name: b.name, council: b.council })
          .onConflictDoNothing({ target: boroughs.slug })
          .returning({ id: boroughs.id }),
      );
    }
    const boroughRows = await tx.select().from(boroughs);
    const boroughId = new Map(boroughRows.map((b) => [b.slug, b.id]));
    const idOf = (slug: string): number => {
      const id = boroughId.get(slug);
      if (id === undefined) throw new Error(`Unknown borough ${slug}`);
      return id;
    };

    for (const b of file.boroughs) {
      count(
        'wards',
        await tx
          .insert(wards)
          .values(b.wards.map((w) => ({ slug: w.slug, name: w.name, boroughId: idOf(b.slug) })))
          .onConflictDoNothing({ target: wards.slug })
          .returning({ id: wards.id }),
      );
    }

    for (const a of actionSeeds) {
      count(
        'plan_actions',
        await tx
          .insert(planActions)
          .values({ number: a.number, title: a.title, summary: a.summary, pillars: a.pillars })
          .onConflictDoNothing({ target: planActions.number })
          .returning({ id: planActions.id }),
      );
      const [action] = await tx
        .select({ id: planActions.id })
        .from(planActions)
        .where(eq(planActions.number, a.number));
      if (!action) throw new Error(`Action ${a.number} missing after insert`);

      for (const [slug, c] of Object.entries(a.commitments)) {
        count(
          'plan_commitments',
          await tx
            .insert(planCommitments)
            .values({
              actionId: action.id,
              boroughId: idOf(slug),
              statement: c.statement,
              points: c.points,
              source: c.source,
            })
            .onConflictDoNothing({ target: [planCommitments.actionId, planCommitments.boroughId] })
            .returning({ id: planCommitments.id }),
        );
      }
      if (a.updates.length > 0) {
        count(
          'action_updates',
          await tx
            .insert(actionUpdates)
            .values(
              a.updates.map((u) => ({
                actionId: action.id,
                updateDate: u.date,
                status: u.status,
                headline: u.headline,
                body: u.body,
                source: u.source,
                borough: boroughOfSource(u.source),
                publishedAt: new Date(`${u.date}T12:00:00Z`),
              })),
            )
            .onConflictDoNothing({
              target: [actionUpdates.actionId, actionUpdates.updateDate, actionUpdates.headline],
            })
            .returning({ id: actionUpdates.id }),
        );
      }
    }

    for (const [position, d] of datasetSeeds.entries()) {
      count(
        'performance_datasets',
        await tx
          .insert(performanceDatasets)
          .values({
            slug: d.slug,
            title: d.title,
            description: d.description,
            kind: d.kind,
            unit: d.unit,
            period: d.period,
            source: d.source,
            position,
            series: d.series,
          })
          .onConflictDoNothing({ target: performanceDatasets.slug })
          .returning({ id: performanceDatasets.id }),
      );
      const [dataset] = await tx
        .select({ id: performanceDatasets.id })
        .from(performanceDatasets)
        .where(eq(performanceDatasets.slug, d.slug));
      if (!dataset) throw new Error(`Dataset ${d.slug} missing after insert`);
      const values = d.rows.flatMap((row, categoryPosition) =>
        d.series.map((series) => {
          const cell = row.values[series];
          if (!cell) throw new Error(`Dataset ${d.slug}: no ${series} value for ${row.category}`);
          return {
            datasetId: dataset.id,
            section: row.section ?? null,
            category: row.category,
            categoryPosition,
            series,
            value: cell.value,
            previousValue: cell.previous ?? null,
          };
        }),
      );
      count(
        'performance_values',
        await tx
          .insert(performanceValues)
          .values(values)
          .onConflictDoNothing({
            target: [performanceValues.datasetId, performanceValues.category, performanceValues.series],
          })
          .returning({ id: performanceValues.id }),
      );
    }

    const wardRows = await tx.select({ id: wards.id, slug: wards.slug }).from(wards);
    const wardId = new Map(wardRows.map((w) => [w.slug, w.id]));
    for (const n of newsletterSeeds) {
      const rows = await tx
        .insert(newsletters)
        .values({
          slug: n.slug,
          title: n.title,
          summary: n.summary,
          body: n.body,
          issueDate: n.issueDate,
          audience: n.audience,
          boroughId: n.borough ? idOf(n.borough) : null,
          publishedAt: new Date(`${n.issueDate}T09:00:00Z`),
        })
        .onConflictDoNothing({ target: newsletters.slug })
        .returning({ id: newsletters.id });
      count('newsletters', rows);
      const [row] = rows;
      if (row && n.wards) {
        await tx.insert(newsletterWards).values(
          n.wards.map((slug) => {
            const id = wardId.get(slug);
            if (id === undefined) throw new Error(`Unknown ward ${slug}`);
            return { newsletterId: row.id, wardId: id };
          }),
        );
      }
    }

    const seedWards = file.boroughs.flatMap((b) => b.wards.map((w) => ({ ...w, borough: b.slug })));
    for (const p of prioritySeeds(seedWards)) {
      const id = wardId.get(p.ward);
      if (id === undefined) throw new Error(`Unknown ward ${p.ward}`);
      const rows = await tx
        .insert(wardPriorities)
        .values({
          wardId: id,
          title: p.title,
          reason: p.reason,
          setOn: p.setOn,
          retiredOn: p.retired?.on ?? null,
          outcome: p.retired?.outcome ?? null,
        })
        .onConflictDoNothing({ target: [wardPriorities.wardId, wardPriorities.title, wardPriorities.setOn] })
        .returning({ id: wardPriorities.id });
      count('ward_priorities', rows);
      const [row] = rows;
      // Only with a priority inserted now: an update is never added to one that staff have kept since.
      if (row) {
        count(
          'ward_priority_updates',
          await tx
            .insert(wardPriorityUpdates)
            .values({ priorityId: row.id, updateDate: p.update.date, body: p.update.body })
            .returning({ id: wardPriorityUpdates.id }),
        );
      }
    }
    await seedVoteRounds(tx, wardId, count);
    count('community_events', await seedEvents(tx, wardId, idOf));
    await seedPanels(tx, wardId, idOf, count);
  });
  return { inserted };
}

const DAY_MS = 86_400_000;

/**
 * Decided rounds (each only if its ward has no round opening that day; its chosen options become
 * the round of the ward's current priorities of that title), and Holloway's open round (only if the
 * ward has never had a round). Ballots only with a round inserted now.
 */
async function seedVoteRounds(
  tx: Tx,
  wardId: Map<string, number>,
  count: (table: string, rows: unknown[]) => void,
): Promise<void> {
  const idOf = (slug: string): number => {
    const id = wardId.get(slug);
    if (id === undefined) throw new Error(`Unknown ward ${slug}`);
    return id;
  };
  for (const r of DECIDED_ROUNDS) {
    const ward = idOf(r.ward);
    const chosenTitles = r.options.filter((o) => o.chosen).map((o) => o.title);
    const [priority] = await tx
      .select({ setOn: wardPriorities.setOn })
      .from(wardPriorities)
      .where(and(eq(wardPriorities.wardId, ward), eq(wardPriorities.title, chosenTitles[0] ?? '')));
    if (!priority) continue;
    const panel = Date.parse(`${priority.setOn}T18:00:00Z`);
    const opensAt = new Date(panel - 30 * DAY_MS - 9 * 3_600_000);
    const closesAt = new Date(panel - 3 * DAY_MS + 3 * 3_600_000);
    const existing = await tx
      .select({ id: voteRounds.id })
      .from(voteRounds)
      .where(and(eq(voteRounds.wardId, ward), eq(voteRounds.opensAt, opensAt)));
    if (existing.length > 0) continue;
    const [round] = await tx
      .insert(voteRounds)
      .values({
        wardId: ward,
        opensAt,
        closesAt,
        openedAt: opensAt,
        closedAt: closesAt,
        decidedAt: new Date(panel),
        decisionReason: r.decisionReason,
      })
      .returning({ id: voteRounds.id });
    if (!round) throw new Error('Insert returned nothing');
    count('vote_rounds', [round]);
    const options = await tx
      .insert(voteOptions)
      .values(
        r.options.map((o, i) => ({
          roundId: round.id,
          position: i + 1,
          title: o.title,
          description: o.description,
          chosen: o.chosen ?? false,
        })),
      )
      .returning({ id: voteOptions.id });
    count('vote_options', options);
    const choices = ballotChoices(
      r.options.map((o) => o.votes ?? 0),
      r.turnout,
    );
    const ballots = await tx
      .insert(voteBallots)
      .values(
        choices.map((c, k) => ({
          id: randomUUID(),
          roundId: round.id,
          addressHash: null,
          // Three in five from the ward's main district, one each from the next two.
          district: r.districts[[0, 0, 0, 1, 2][k % 5] as number] ?? 'N1',
          choices: c.map((i) => options[i]?.id as number),
          confirmedAt: new Date(
            opensAt.getTime() + (k / choices.length) * (closesAt.getTime() - opensAt.getTime()),
          ),
        })),
      )
      .returning({ id: voteBallots.id });
    count('vote_ballots', ballots);
    for (const title of chosenTitles)
      await tx
        .update(wardPriorities)
        .set({ roundId: round.id })
        .where(
          and(
            eq(wardPriorities.wardId, ward),
            eq(wardPriorities.title, title),
            eq(wardPriorities.setOn, priority.setOn),
            isNull(wardPriorities.roundId),
          ),
        );
  }

  const holloway = idOf(OPEN_ROUND.ward);
  const any = await tx
    .select({ id: voteRounds.id })
    .from(voteRounds)
    .where(eq(voteRounds.wardId, holloway))
    .limit(1);
  if (any.length > 0) return;
  const now = Date.now();
  const opensAt = new Date(now - 3_600_000);
  const [open] = await tx
    .insert(voteRounds)
    .values({
      wardId: holloway,
      opensAt,
      // At 6pm London time, as staff would set it, not at the minute the seed happened to run.
      closesAt: londonAt(new TZDate(now, 'Europe/London'), OPEN_ROUND.weeks * 7, [18, 0]),
      openedAt: opensAt,
      maxChoices: OPEN_ROUND.maxChoices,
    })
    .returning({ id: voteRounds.id });
  if (!open) throw new Error('Insert returned nothing');
  count('vote_rounds', [open]);
  count(
    'vote_options',
    await tx
      .insert(voteOptions)
      .values(OPEN_ROUND.options.map((o, i) => ({ roundId: open.id, position: i + 1, ...o })))
      .returning({ id: voteOptions.id }),
  );
}
