// Reads the published performance datasets with their values.
import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { performanceDatasets, performanceValues } from '../../../db/schema/index.ts';
import type { Dataset } from './performance.ts';

export async function listDatasets(db: Db): Promise<Dataset[]> {
  const datasets = await db.select().from(performanceDatasets).orderBy(asc(performanceDatasets.position));
  if (datasets.length === 0) return [];
  const values = await db
    .select()
    .from(performanceValues)
    .where(
      inArray(
        performanceValues.datasetId,
        datasets.map((d) => d.id),
      ),
    )
    .orderBy(asc(performanceValues.categoryPosition));
  return datasets.map((d) => {
    const own = values.filter((v) => v.datasetId === d.id);
    const categories: Dataset['categories'] = [];
    for (const v of own) {
      if (!categories.some((c) => c.category === v.category)) {
        categories.push({ category: v.category, section: v.section });
      }
    }
    return {
      slug: d.slug,
      title: d.title,
      description: d.description,
      kind: d.kind,
      unit: d.unit,
      period: d.period,
      source: d.source,
      series: d.series,
      categories,
      values: own.map((v) => ({
        section: v.section,
        category: v.category,
        series: v.series,
        value: v.value,
        previousValue: v.previousValue,
      })),
    };
  });
}
