// The audit log's filters, from the query string.
import { z } from 'zod';
import { calendarDate } from '../../lib/calendar-date.ts';

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const AuditFilterSchema = z
  .object({
    actor: z.preprocess(
      blankToUndefined,
      z.uuid({ error: 'Choose a staff member from the list' }).optional(),
    ),
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
        .regex(/^[a-z_]{1,40}$/, { error: 'Choose a record type from the list' })
        .optional(),
    ),
    recordId: z.preprocess(blankToUndefined, z.string().max(100).optional()),
    from: z.preprocess(blankToUndefined, calendarDate.optional()),
    to: z.preprocess(blankToUndefined, calendarDate.optional()),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    error: 'The end date must be the same as or after the start date',
    path: ['to'],
  });
