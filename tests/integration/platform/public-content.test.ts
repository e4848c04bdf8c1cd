// The read side of the public pages: the plan with its filters, wards and performance datasets.
import { describe, expect } from 'vitest';
import { getPlanAction, listPlanActions } from '../../../src/features/action-plan/action-plan.server.ts';
import { listDatasets } from '../../../src/features/performance/performance.server.ts';
import { getWard, listBoroughsWithWards } from '../../../src/features/places/places.server.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';

describe('listPlanActions', () => {
  test('lists all 10 actions in order with both boroughs’ commitments', async ({ db }) => {
    const actions = await listPlanActions(db, {});
    expect(actions.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const a of actions) {
      expect(a.commitments.map((c) => c.boroughSlug)).toEqual(['camden', 'islington']);
      expect(a.latestStatus).not.toBeNull();
    }
  });

  test('filters by pillar', async ({ db }) => {
    const lessCrime = await listPlanActions(db, { pillar: 'less_crime' });
    expect(lessCrime.map((a) => a.number)).toEqual([1, 4, 8, 10]);
    const standards = await listPlanActions(db, { pillar: 'high_standards' });
    expect(standards.map((a) => a.number)).toEqual([2, 5, 7]);
  });

  test('narrows commitments to one borough', async ({ db }) => {
    const camden = await listPlanActions(db, { borough: 'camden' });
    expect(camden).toHaveLength(10);
    for (const a of camden) expect(a.commitments.map((c) => c.boroughSlug)).toEqual(['camden']);
  });

  test('combines both filters', async ({ db }) => {
    const r = await listPlanActions(db, { pillar: 'more_trust', borough: 'islington' });
    expect(r.map((a) => a.number)).toEqual([1, 2, 3, 6, 7, 9, 10]);
    expect(r.every((a) => a.commitments.length === 1 && a.commitments[0]?.boroughSlug === 'islington')).toBe(
      true,
    );
  });
});

describe('getPlanAction', () => {
  test('returns the action with its timeline, newest first', async ({ db }) => {
    const a = await getPlanAction(db, 4);
    expect(a?.title).toMatch(/Coordinated Crime Fighting/i);
    const dates = a?.updates.map((u) => u.updateDate) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(a?.latestStatus).toBe(a?.updates[0]?.status);
  });
  test('returns null for an action that does not exist', async ({ db }) => {
    expect(await getPlanAction(db, 11)).toBeNull();
  });
});

describe('wards', () => {
  test('groups the 37 wards by borough', async ({ db }) => {
    const boroughs = await listBoroughsWithWards(db);
    expect(boroughs.map((b) => [b.slug, b.wards.length])).toEqual([
      ['camden', 20],
      ['islington', 17],
    ]);
    const names = boroughs[0]?.wards.map((w) => w.name) ?? [];
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
  });
  test('finds a ward with its borough, or null', async ({ db }) => {
    expect(await getWard(db, 'bloomsbury')).toMatchObject({
      name: 'Bloomsbury',
      borough: { slug: 'camden', council: 'London Borough of Camden' },
    });
    expect(await getWard(db, 'atlantis')).toBeNull();
  });
});

describe('listDatasets', () => {
  test('returns the five datasets in order with every value', async ({ db }) => {
    const datasets = await listDatasets(db);
    expect(datasets.map((d) => d.slug)).toEqual([
      'neighbourhood-crime-islington-vs-met',
      'crime-performance-fy23-24',
      'asb-cads',
      'asb-cad-compliance',
      'asb-interventions',
    ]);
    const cads = datasets.find((d) => d.slug === 'asb-cads');
    expect(cads?.categories).toHaveLength(15);
    expect(cads?.values).toHaveLength(45);
    expect(cads?.categories[0]?.category).toMatch(/Aug/);
    const compliance = datasets.find((d) => d.slug === 'asb-cad-compliance');
    expect(compliance?.values.some((v) => v.value === 85.855)).toBe(true);
    const fy = datasets.find((d) => d.slug === 'crime-performance-fy23-24');
    expect(new Set(fy?.categories.map((c) => c.section))).toEqual(
      new Set(['Neighbourhoods', 'Serious violence', 'Other priorities']),
    );
  });
});
