// Synthetic data for the data-scale benchmark, written by PostgreSQL itself (generate_series), so a
// million concerns take seconds, not an hour of round trips. `topUp` brings a seeded database up to
// a scale (1 = 1,000,000 concerns, 100,000 subscribers, 600 issues, 37 wards × 10 years of
// priorities), adding only what is missing, so one run measures 0.1 and then 1 on the same database.
// The rows look like the real ones where it matters to a query plan: concerns spread over ten years
// with those of the last 30 days still open, contact details erased a year after closing but for one
// day's worth (the job has been running daily: a run has a day's work), anonymity for 2 in 5, subscribers mostly confirmed and mostly "everything".
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import { CATEGORIES } from '../../src/features/concerns/concerns.ts';

const PER_SCALE = { concerns: 1_000_000, subscribers: 100_000, newsletters: 600, priorityYears: 10 };
const DAYS = 3650;
const BATCH = 100_000;

async function countOf(query: postgres.PendingQuery<postgres.Row[]>): Promise<number> {
  const [row] = await query;
  return Number(row?.n ?? 0);
}

async function topUpConcerns(client: postgres.Sql, target: number): Promise<void> {
  let have = await countOf(client`select count(*) as n from concerns where reference like 'CN-B-%'`);
  while (have < target) {
    const from = have + 1;
    const to = Math.min(target, have + BATCH);
    // Day offset: a fixed scatter of g over ten years, so every scale covers the same ten years.
    await client.begin(async (tx) => {
      await tx`
        with w as (select array_agg(id order by id) as ids from wards),
        g as (
          select g, now() - make_interval(secs => ((g::bigint * 7919) % ${DAYS * 86_400})::double precision) as at
          from generate_series(${from}::int, ${to}::int) g
        ),
        rows as (
          select g.g, g.at, g.at < now() - interval '30 days' as closed, g.g % 5 < 2 as anonymous,
                 g.at + interval '14 days' < now() - interval '366 days' as erased
          from g
        )
        insert into concerns (id, reference, category, ward_id, location, timing, occurred_on, time_of_day,
          description, impact, anonymous, contact_name, contact_email, contact_preference, contact_erased_at,
          status, outcome, created_at, updated_at, closed_at)
        select gen_random_uuid(), 'CN-B-' || lpad(r.g::text, 8, '0'),
          (${CATEGORIES as unknown as string[]}::text[])[1 + r.g % ${CATEGORIES.length}],
          case when r.g % 50 = 0 then null else (select ids from w)[1 + r.g % 37] end,
          'By the entrance to the estate, near the bus stop', 'once', r.at::date, 'evening',
          'A group gathers most evenings, shouting and leaving litter; people feel they cannot walk past.',
          'I avoid the street after dark.',
          r.anonymous,
          case when r.anonymous or r.erased then null else 'Resident ' || r.g end,
          case when r.anonymous or r.erased then null else 'resident' || r.g || '@example.com' end,
          case when r.anonymous or r.erased then null else 'Email, evenings' end,
          case when not r.anonymous and r.erased then r.at + interval '14 days' + interval '365 days' end,
          (case when r.closed then 'closed'
                else (array['received', 'reviewing', 'ward_team', 'referred'])[1 + r.g % 4] end)::concern_status,
          case when r.closed then 'Officers patrolled the area and spoke to those involved.' end,
          r.at, r.at, case when r.closed then r.at + interval '14 days' end
        from rows r`;
      await tx`
        insert into concern_events (concern_id, at, kind, status)
        select id, created_at, 'received', 'received' from concerns
        where reference between ${`CN-B-${String(from).padStart(8, '0')}`} and ${`CN-B-${String(to).padStart(8, '0')}`}`;
      await tx`
        insert into concern_events (concern_id, at, kind, status, public_note)
        select id, closed_at, 'status', 'closed', outcome from concerns
        where status = 'closed'
          and reference between ${`CN-B-${String(from).padStart(8, '0')}`} and ${`CN-B-${String(to).padStart(8, '0')}`}`;
    });
    have = to;
  }
}

async function topUpSubscribers(client: postgres.Sql, target: number): Promise<void> {
  const have = await countOf(
    client`select count(*) as n from newsletter_subscribers where email like 'bench-%'`,
  );
  if (have >= target) return;
  await client.begin(async (tx) => {
    await tx`
      with b as (select array_agg(id order by id) as ids from boroughs),
      g as (select g, g % 20 as s, g % 10 as a from generate_series(${have + 1}::int, ${target}::int) g)
      insert into newsletter_subscribers (id, email, status, audience, borough_id, requested_at, confirmed_at, unsubscribed_at)
      select gen_random_uuid(), 'bench-' || g || '@example.com',
        case when s = 0 then 'pending' when s = 1 then 'unsubscribed' else 'confirmed' end,
        case when a < 7 then 'all' when a < 9 then 'borough' else 'wards' end,
        case when a between 7 and 8 then (select ids from b)[1 + g % 2] end,
        case when s = 0 then now() - make_interval(days => g % 8) else now() - make_interval(days => g % 1000) end,
        case when s <> 0 then now() - make_interval(days => g % 1000) end,
        case when s = 1 then now() - make_interval(days => g % 31) end
      from g`;
    await tx`
      insert into newsletter_subscriber_wards (subscriber_id, ward_id)
      select s.id, (select array_agg(id order by id) from wards)[1 + abs(hashtext(s.email)) % 37]
      from newsletter_subscribers s
      where s.audience = 'wards' and s.email like 'bench-%'
        and not exists (select 1 from newsletter_subscriber_wards x where x.subscriber_id = s.id)`;
  });
}

async function topUpNewsletters(client: postgres.Sql, target: number): Promise<void> {
  const have = await countOf(client`select count(*) as n from newsletters where slug like 'bench-%'`);
  if (have >= target) return;
  await client`
    insert into newsletters (slug, title, summary, body, issue_date, audience, published_at, sent_at, recipient_count)
    select 'bench-issue-' || g, 'Community safety news, issue ' || g,
      'Ward priorities, the Local Action Plan and your panel meetings',
      'Your ward panel met this month to review the priorities residents voted for.',
      current_date - (g * 7), 'all', (current_date - (g * 7))::timestamptz, (current_date - (g * 7))::timestamptz, 0
    from generate_series(${have + 1}::int, ${target}::int) g`;
}

async function topUpPriorities(client: postgres.Sql, years: number): Promise<void> {
  const perWard = Math.round(years * 4);
  const have = await countOf(
    client`select coalesce(max(substring(title from 'Bench priority (\\d+)')::int), 0) as n from ward_priorities where title like 'Bench priority %'`,
  );
  if (have >= perWard) return;
  await client.begin(async (tx) => {
    await tx`
      insert into ward_priorities (ward_id, title, reason, set_on, retired_on, outcome)
      select w.id, 'Bench priority ' || k, 'Residents raised it at the ward panel.',
        current_date - (k * 91 + 91), current_date - (k * 91 + 1),
        'The panel agreed the work had made a difference and replaced it.'
      from wards w, generate_series(${have + 1}::int, ${perWard}::int) k`;
    await tx`
      insert into ward_priority_updates (priority_id, update_date, body)
      select p.id, p.set_on + (u * 28), 'Officers patrolled the streets residents named and made two arrests.'
      from ward_priorities p, generate_series(1, 3) u
      where p.title like 'Bench priority %'
        and not exists (select 1 from ward_priority_updates x where x.priority_id = p.id)`;
  });
}

/** Brings the database up to `scale` and VACUUM ANALYZEs it; what it now holds, and how long it took. */
export async function topUp(
  client: postgres.Sql,
  scale: number,
): Promise<{ ms: number; counts: Record<string, number> }> {
  const t = performance.now();
  await topUpConcerns(client, Math.round(PER_SCALE.concerns * scale));
  await topUpSubscribers(client, Math.round(PER_SCALE.subscribers * scale));
  await topUpNewsletters(client, Math.round(PER_SCALE.newsletters * scale));
  await topUpPriorities(client, PER_SCALE.priorityYears * scale);
  // What autovacuum does after a bulk load: statistics, and the visibility map that lets a count be
  // answered from an index alone.
  await client`vacuum analyze`;
  const counts: Record<string, number> = {};
  for (const table of [
    'concerns',
    'concern_events',
    'newsletter_subscribers',
    'newsletters',
    'ward_priorities',
    'ward_priority_updates',
  ])
    counts[table] = await countOf(client`select count(*) as n from ${client(table)}`);
  return { ms: performance.now() - t, counts };
}
