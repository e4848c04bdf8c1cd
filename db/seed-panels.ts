// Inserts the panels' seed (db/seed-data/panels.ts) for a fresh portal: applications, memberships and
// equality answers, with fixed ids so running it twice changes nothing, and dates relative to the day
// it runs.
import type { Tx } from './client.ts';
import { equalityResponses, panelApplications, panelMemberships } from './schema/index.ts';
import { EQUALITY_SEEDS, PANEL_PEOPLE } from './seed-data/panels.ts';

const idOf = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DAY_MS = 86_400_000;
/** Dates relative to the day the seed runs, so retention and the term scheduler leave a fresh portal's panels alone. */
function seedDates(now: Date) {
  const day = (ms: number) => new Date(now.getTime() - ms).toISOString().slice(0, 10);
  const start = day(40 * DAY_MS);
  const [y, m, d] = start.split('-');
  return {
    applied: new Date(now.getTime() - 60 * DAY_MS),
    decided: new Date(now.getTime() - 40 * DAY_MS),
    termStartsOn: start,
    termEndsOn: `${Number(y) + 2}-${m}-${m === '02' && d === '29' ? '28' : d}`,
    month: `${day(60 * DAY_MS).slice(0, 7)}-01`,
  };
}

/** Inserts what is missing (wards and boroughs looked up by slug). */
export async function seedPanels(
  tx: Tx,
  wardIds: ReadonlyMap<string, number>,
  boroughId: (slug: string) => number,
  count: (table: string, rows: unknown[]) => void,
  now = new Date(),
): Promise<void> {
  const { applied: APPLIED, decided: DECIDED, termStartsOn, termEndsOn, month } = seedDates(now);
  const wardId = (slug: string): number => {
    const id = wardIds.get(slug);
    if (id === undefined) throw new Error(`Unknown ward ${slug}`);
    return id;
  };
  for (const p of PANEL_PEOPLE) {
    const id = idOf(p.n);
    count(
      'panel_applications',
      await tx
        .insert(panelApplications)
        .values({
          id,
          body: p.body,
          wardId: p.ward ? wardId(p.ward) : null,
          status: p.status,
          fullName: p.fullName,
          email: `${p.fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
          connection: p.connection ?? null,
          organisation: p.organisation ?? null,
          reason: p.reason,
          availability: 'Weekday evenings',
          contactConsent: true,
          showOnPanelPage: p.showOnPanelPage,
          dateOfBirth: p.dateOfBirth ?? null,
          guardianName: p.guardian?.name ?? null,
          guardianEmail: p.guardian?.email ?? null,
          guardianDecision: p.guardian ? 'approved' : null,
          guardianDecidedAt: p.guardian ? APPLIED : null,
          emailConfirmedAt: new Date(APPLIED.getTime() + (p.n + 1) * 3_600_000),
          decidedAt: p.status === 'pending' ? null : DECIDED,
          createdAt: new Date(APPLIED.getTime() + p.n * 3_600_000),
        })
        .onConflictDoNothing({ target: panelApplications.id })
        .returning({ id: panelApplications.id }),
    );
    if (p.status !== 'approved') continue;
    count(
      'panel_memberships',
      await tx
        .insert(panelMemberships)
        .values({
          applicationId: id,
          body: p.body,
          wardId: p.body === 'ward_panel' && p.ward ? wardId(p.ward) : null,
          termStartsOn,
          termEndsOn,
          publicName: p.listed?.name ?? null,
          publicRole: p.listed?.role ?? null,
        })
        .onConflictDoNothing({ target: panelMemberships.applicationId })
        .returning({ id: panelMemberships.id }),
    );
  }
  let i = 0;
  const rows = EQUALITY_SEEDS.flatMap((e) =>
    Array.from({ length: e.n }, () => ({
      id: `5eede000-0000-4000-8000-${String(++i).padStart(12, '0')}`,
      body: 'ward_panel',
      wardId: wardId(e.ward),
      boroughId: boroughId(e.borough),
      submittedMonth: month,
      ...e.answers,
    })),
  );
  count(
    'equality_responses',
    await tx
      .insert(equalityResponses)
      .values(rows)
      .onConflictDoNothing({ target: equalityResponses.id })
      .returning({ id: equalityResponses.id }),
  );
}
