// The sentences that describe a concern, the same on the resident's check page, their tracking page
// and the staff page: what kind of behaviour, and when. Pure; not for islands (it brings the date
// formatters, which the /report island's budget cannot carry).
import { formatDate } from '../../lib/format.ts';
import { CATEGORY_LABELS, type Category, TIME_OF_DAY_LABELS, type TimeOfDay } from './concerns.ts';

export interface ConcernWhat {
  category: string;
  categoryOther?: string | null;
}

/** "Drug dealing", or "Something else: <what the resident wrote>". */
export function whatSentence({ category, categoryOther }: ConcernWhat): string {
  if (category === 'other' && categoryOther) return `Something else: ${categoryOther}`;
  return CATEGORY_LABELS[category as Category] ?? category;
}

export interface ConcernWhen {
  timing: string | null | undefined;
  frequency?: string | null;
  occurredOn?: string | null;
  timeOfDay?: string | null;
}

/** "It keeps happening: most evenings", or "3 December 2026, evening (6pm to midnight)". */
export function whenSentence({ timing, frequency, occurredOn, timeOfDay }: ConcernWhen): string {
  if (timing === 'ongoing') return `It keeps happening: ${frequency ?? ''}`;
  const time = TIME_OF_DAY_LABELS[(timeOfDay ?? 'not_sure') as TimeOfDay]?.toLowerCase() ?? '';
  return `${occurredOn ? formatDate(occurredOn) : ''}, ${time}`;
}
