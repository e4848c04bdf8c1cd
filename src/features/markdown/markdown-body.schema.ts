// The zod form of a staff Markdown body's rules (markdown-body.ts), shared by the features that
// have one: the body itself, and what a Preview button sends. Not imported by the island.
import { z } from 'zod';
import { type BodyRule, normaliseLineBreaks } from './markdown-body.ts';

/** A required body within the rule's limit, line breaks counted as the island counts them. */
export function markdownBodySchema(rule: BodyRule) {
  return z
    .string({ error: rule.missing })
    .overwrite(normaliseLineBreaks)
    .trim()
    .min(1, { error: rule.missing })
    .max(rule.max, { error: rule.tooLong });
}

/**
 * What "Preview" sends: the body only, and never an error (the preview of nothing is nothing, and
 * an over-long body is still shown: the character count and saving say it is too long). The
 * action body limit (64 KB) bounds it.
 */
export const MarkdownPreviewSchema = z.object({
  body: z
    .string()
    .overwrite(normaliseLineBreaks)
    .nullish()
    .transform((v) => v ?? ''),
});
