// The seed content must be complete and consistent with the committee papers.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { performanceDatasets } from './performance.ts';
import { planActions } from './plan.ts';

describe('plan actions', () => {
  it('has the 10 actions, numbered 1 to 10, each under at least one pillar', () => {
    expect(planActions.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const a of planActions) expect(a.pillars.length).toBeGreaterThan(0);
  });
  it('tags the pillars as paper 001 does', () => {
    const tags = Object.fromEntries(planActions.map((a) => [a.number, [...a.pillars].sort()]));
    expect(tags).toEqual({
      1: ['less_crime', 'more_trust'],
      2: ['high_standards', 'more_trust'],
      3: ['more_trust'],
      4: ['less_crime'],
      5: ['high_standards'],
      6: ['more_trust'],
      7: ['high_standards', 'more_trust'],
      8: ['less_crime'],
      9: ['more_trust'],
      10: ['less_crime', 'more_trust'],
    });
  });
  it('gives every action both boroughs’ commitments and at least one dated update', () => {
    for (const a of planActions) {
      expect(a.commitments.camden.statement.length).toBeGreaterThan(20);
      expect(a.commitments.islington.statement.length).toBeGreaterThan(20);
      expect(a.updates.length).toBeGreaterThan(0);
      for (const u of a.updates) expect(u.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
  it('has no two updates on one action with the same date and headline (the seed key)', () => {
    for (const a of planActions) {
      const keys = a.updates.map((u) => `${u.date}|${u.headline}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('performance datasets', () => {
  it('has a value for every series in every row', () => {
    for (const d of performanceDatasets) {
      for (const row of d.rows) {
        expect(Object.keys(row.values).sort(), `${d.slug} ${row.category}`).toEqual([...d.series].sort());
        for (const cell of Object.values(row.values)) {
          expect(cell.previous === undefined, `${d.slug} ${row.category}`).toBe(d.kind === 'monthly');
        }
      }
    }
  });
  it('has 15 months from Aug 2022 to Oct 2023 in each monthly dataset', () => {
    for (const d of performanceDatasets.filter((x) => x.kind === 'monthly')) {
      expect(d.rows).toHaveLength(15);
    }
  });
  it('keeps the papers’ totals: Total = Camden + Islington for calls and interventions', () => {
    for (const slug of ['asb-cads', 'asb-interventions']) {
      const d = performanceDatasets.find((x) => x.slug === slug);
      expect(d).toBeDefined();
      for (const row of d?.rows ?? []) {
        const v = (s: string): number => row.values[s]?.value ?? Number.NaN;
        expect(v('Total'), `${slug} ${row.category}`).toBe(v('Camden') + v('Islington'));
      }
    }
  });
  it('copies known figures exactly', () => {
    const cads = performanceDatasets.find((x) => x.slug === 'asb-cads');
    expect(cads?.rows[0]?.values.Camden?.value).toBe(510);
    expect(cads?.rows[14]?.values.Islington?.value).toBe(672);
    const nbh = performanceDatasets.find((x) => x.slug === 'neighbourhood-crime-islington-vs-met');
    expect(nbh?.rows[0]?.values.Islington).toEqual({ value: 623, previous: 597 });
    expect(nbh?.rows[0]?.values['MPS-wide']).toEqual({ value: 16899, previous: 14947 });
  });
});

describe('wards.json', () => {
  it('is the same as the shared reference data, when that is beside the repository', () => {
    const shared = new URL('../../../shared/data/wards.json', import.meta.url);
    if (!existsSync(shared)) return;
    const ours = readFileSync(new URL('./wards.json', import.meta.url), 'utf8');
    expect(JSON.parse(ours)).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
  });
});
