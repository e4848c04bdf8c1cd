// An action that takes something away from residents (unpublishing, retiring) is sent only from its
// confirmation page, whose form carries `confirm=yes`: the action's input requires it, so a stray
// post from anywhere else is refused with the page's message instead of acting.
import { z } from 'zod';

/** The hidden field's value on every confirmation page: `<input type="hidden" name="confirm" value={CONFIRMED} />`. */
export const CONFIRMED = 'yes';

/** `schema` plus the confirmation field, refused with `error` when it is missing. */
export function confirmed<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, error: string) {
  return schema.extend({ confirm: z.literal(CONFIRMED, { error }) });
}
