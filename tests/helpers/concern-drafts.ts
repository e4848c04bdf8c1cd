// A resident's /report answers filled in through the feature's own functions (each step through its
// schema), and a search of every stored text for values that must not be kept: shared by the
// concerns integration tests.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Db, rowsOf } from '../../db/client.ts';
import {
  ContactSchema,
  DetailsSchema,
  WhatSchema,
  WhenSchema,
  WhereSchema,
} from '../../src/features/concerns/concerns.schema.ts';
import { saveStep } from '../../src/features/concerns/concerns.server.ts';
import { TEST_SECRET } from './staff.ts';

export const CLIENT = '203.0.113.77';

const strip = <T extends { from?: unknown; website?: unknown }>(v: T) => {
  const { from: _f, website: _w, ...rest } = v;
  return rest;
};

export interface Fill {
  contact?: Record<string, string>;
  description?: string;
  now?: Date;
  client?: string;
}

/** Answers every step as a person would (each through its step's schema); the draft's token. */
export async function fillDraft(db: Db, fill: Fill = {}): Promise<string> {
  const now = fill.now ?? new Date(Date.now() - 60_000);
  const ctx = { client: fill.client ?? CLIENT, now };
  let { token } = await saveStep(
    db,
    TEST_SECRET,
    undefined,
    'what',
    strip(WhatSchema.parse({ category: 'drugs' })),
    ctx,
  );
  const steps = [
    ['where', WhereSchema.parse({ ward: 'bloomsbury', location: 'Behind Queen Square' })],
    ['when', WhenSchema.parse({ timing: 'ongoing', frequency: 'Most evenings' })],
    [
      'details',
      DetailsSchema.parse({
        description: fill.description ?? 'People dealing by the bins.',
        impact: 'We avoid the square after dark.',
      }),
    ],
    ['contact', ContactSchema.parse(fill.contact ?? { anonymous: 'yes' })],
  ] as const;
  for (const [step, answers] of steps) {
    ({ token } = await saveStep(db, TEST_SECRET, token, step, strip(answers) as never, ctx));
  }
  return token;
}

/** "table.column" for every text, json or array column of every table where one of `values` appears. */
export async function findAnywhere(db: Db, values: string[]): Promise<string[]> {
  const columns = rowsOf<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'inet', 'bytea')`),
  );
  const names = columns.map((c) => `${c.table_name}.${c.column_name}`);
  // The scan must reach where a reporter's details could end up, or it proves nothing.
  expect(names).toEqual(
    expect.arrayContaining([
      'concerns.contact_email',
      'concerns.description',
      'concern_events.public_note',
      'form_drafts.answers',
      'audit_log.client',
      'audit_log.details',
      'rate_limits.key',
      'email_outbox.recipient',
      'one_time_secrets.subject',
    ]),
  );
  const hits: string[] = [];
  for (const c of columns) {
    const column = sql.identifier(c.column_name);
    const text = c.data_type === 'bytea' ? sql`encode(${column}, 'escape')` : sql`${column}::text`;
    const any = sql.join(
      values.map((v) => sql`position(${v.toLowerCase()} in lower(${text})) > 0`),
      sql` or `,
    );
    const [found] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${any}`),
    );
    if (Number(found?.n) > 0) hits.push(`${c.table_name}.${c.column_name}`);
  }
  return hits;
}
