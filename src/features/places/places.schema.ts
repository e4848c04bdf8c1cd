import { z } from 'zod';

/** A ward's URL key: lower-case words joined by hyphens. */
export const WardSlugSchema = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
