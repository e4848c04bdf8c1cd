// A resident's form field as the server's schemas read it (zod; the islands use form-rules.ts alone).
import { z } from 'zod';
import { withoutControls } from './form-rules.ts';

/** A form field: its text without control characters, or null (how Astro passes a field the form did not send). */
export const formField = z
  .string()
  .nullish()
  .transform((v) => (typeof v === 'string' ? withoutControls(v) : v));
