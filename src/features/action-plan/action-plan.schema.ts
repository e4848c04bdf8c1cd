// Input schemas for the Local Action Plan pages.
import { z } from 'zod';
import { pillarFromSlug } from './action-plan.ts';

const BOROUGH_SLUGS = ['camden', 'islington'] as const;

/** The /action-plan filter, from the query string. Empty means "all". */
export const PlanFilterSchema = z.object({
  pillar: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const pillar = pillarFromSlug(v);
      if (!pillar) {
        ctx.addIssue({ code: 'custom', message: 'Choose a pillar from the list' });
        return z.NEVER;
      }
      return pillar;
    }),
  borough: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.enum(BOROUGH_SLUGS, { error: 'Choose Camden, Islington or both boroughs' }).optional()),
});
export type PlanFilter = Partial<z.infer<typeof PlanFilterSchema>>;

/** The action number in /action-plan/<number>. */
export const ActionNumberSchema = z.coerce.number().int().min(1).max(99);

/** Reads the filter from a URL; unknown parameters are ignored. */
export function parsePlanFilter(params: URLSearchParams) {
  return PlanFilterSchema.safeParse({
    pillar: params.get('pillar') ?? undefined,
    borough: params.get('borough') ?? undefined,
  });
}
