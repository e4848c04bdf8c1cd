// The test databases' templates of other migrations are removed once no run has used them for a
// day (tests/helpers/test-db.ts): in the temporary folder always, and on the server when there is one.
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneUnusedTemplates } from '../../helpers/test-db.ts';

const DAY = 24 * 60 * 60 * 1000;
const serverUrl = process.env.TEST_DATABASE_URL;
const file = (key: string) => path.join(tmpdir(), `cn-pglite-migrated-${key}.tar`);
const stale = file('0000000000000de0');
const fresh = file('f4e5400000000000');

afterAll(() => {
  for (const f of [stale, fresh]) rmSync(f, { force: true });
});

describe('pruning unused templates', () => {
  it('removes template files not used for a day and keeps the others', async () => {
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const removed = await pruneUnusedTemplates(undefined);
    expect(removed).toContain(stale);
    expect(removed).not.toContain(fresh);
  });

  it.runIf(serverUrl)('drops server templates last used over a day ago, or never marked', async () => {
    const admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
    const names = [
      'cn_template_00000000000000aa',
      'cn_template_00000000000000bb',
      'cn_template_00000000000000cc',
    ];
    try {
      for (const name of names) await admin.unsafe(`create database ${name}`);
      const old = new Date(Date.now() - 2 * DAY).toISOString();
      await admin.unsafe(`comment on database ${names[0]} is 'cn test template, last used ${old}'`);
      await admin.unsafe(
        `comment on database ${names[1]} is 'cn test template, last used ${new Date().toISOString()}'`,
      );
      const removed = await pruneUnusedTemplates(serverUrl);
      expect(removed).toEqual(expect.arrayContaining([names[0], names[2]]));
      expect(removed).not.toContain(names[1]);
      const left = await admin<
        { datname: string }[]
      >`select datname from pg_database where datname like 'cn\\_template\\_00%'`;
      expect(left.map((r) => r.datname)).toEqual([names[1]]);
    } finally {
      for (const name of names) await admin.unsafe(`drop database if exists ${name}`);
      await admin.end();
    }
  });
});
