import { describe, expect, it } from 'vitest';
import { AuditFilterSchema } from './audit.schema.ts';

describe('audit filter', () => {
  it('takes blank fields as no filter and defaults to the first page', () => {
    expect(AuditFilterSchema.parse({ actor: '', action: '', from: '', to: '' })).toEqual({ page: 1 });
  });
  it('refuses a date range that ends before it starts, on the end date', () => {
    const result = AuditFilterSchema.safeParse({ from: '2026-02-01', to: '2026-01-31' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['to', 'The end date must be the same as or after the start date'],
    ]);
    expect(AuditFilterSchema.safeParse({ from: '2026-02-01', to: '2026-02-01' }).success).toBe(true);
  });
  it('refuses impossible dates and pages', () => {
    expect(AuditFilterSchema.safeParse({ from: '2026-13-45' }).success).toBe(false);
    expect(AuditFilterSchema.safeParse({ to: '2026-02-30' }).success).toBe(false);
    expect(AuditFilterSchema.safeParse({ page: '0' }).success).toBe(false);
    expect(AuditFilterSchema.safeParse({ page: 'abc' }).success).toBe(false);
  });
});
