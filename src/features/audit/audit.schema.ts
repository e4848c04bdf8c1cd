// The audit log's filters, from the query string.
import { z } from 'zod';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the date as year-month-day, for example 2026-11-22' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'Enter a real date' });
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const AuditFilterSchema = z.object({
  actor: z.preprocess(blankToUndefined, z.uuid({ error: 'Choose a staff member from the list' }).optional()),
  action: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z_]+\.[a-z_]+$/, { error: 'Choose an action from the list' })
      .optional(),
  ),
  recordType: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-z_]{1,40}$/, { error: 'Enter a record type like staff_user' })
      .optional(),
  ),
  recordId: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  from: z.preprocess(blankToUndefined, date.optional()),
  to: z.preprocess(blankToUndefined, date.optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});
