// The query string of a paginated public list (the newsletter archive, the events archive): which page.
import { z } from 'zod';

export const PageQuerySchema = z.object({
  page: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.coerce
      .number({ error: 'Enter a page number' })
      .int({ error: 'Enter a whole page number' })
      .min(1, { error: 'Pages start at 1' })
      .max(10_000, { error: 'There are not that many pages' })
      .default(1),
  ),
});
