// Input for staff publishing meetings and events: add or edit one, move it (new times and a note),
// cancel it (a note, from its confirmation page). Times are typed as London wall-clock time (a
// datetime-local input, as vote rounds take them) and leave here as instants. No `.server.ts`.
import { z } from 'zod';
import { londonDateTime } from '../../lib/calendar-date.ts';
import { confirmed } from '../../lib/confirmation.ts';
import { normaliseLineBreaks } from '../markdown/markdown-body.ts';
import {
  ACCESS_MAX_LENGTH,
  ADDRESS_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  EVENT_KINDS,
  type EventInput,
  MAX_DURATION_HOURS,
  NOTE_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  URL_MAX_LENGTH,
  VENUE_MAX_LENGTH,
} from './events.ts';

const fewer = (what: string, max: number) =>
  `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`;

const text = (missing: string, what: string, max: number) =>
  z
    .string({ error: missing })
    .overwrite(normaliseLineBreaks)
    .trim()
    .min(1, { error: missing })
    .max(max, { error: fewer(what, max) });

/** Empty is null: a form's empty field arrives as null (or absent), and is stored as null. */
const optional = (what: string, max: number) =>
  z
    .string()
    .overwrite(normaliseLineBreaks)
    .trim()
    .max(max, { error: fewer(what, max) })
    .nullish()
    .transform((v) => v || null);

/** A field shown on one line (a title, a venue's name): a line break or other control character is refused. */
const oneLine = <T extends z.ZodType<string | null | undefined>>(schema: T, what: string) =>
  schema.refine((v) => !v || !/\p{Cc}/u.test(v), { error: `${what} must be on one line` });

const Ref = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** "ward:<slug>" or "borough:<slug>", as the place list sends it. */
export const PlaceSchema = z
  .string({ error: 'Choose the ward or borough the event is for' })
  .regex(/^(ward|borough):[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: 'Choose the ward or borough the event is for',
  })
  .max(90)
  .transform((v) => {
    const [kind, slug] = v.split(':') as ['ward' | 'borough', string];
    return { kind, slug };
  });
export type PlaceRef = z.output<typeof PlaceSchema>;

const OnlineUrl = optional('The online link', URL_MAX_LENGTH).refine(
  (v) => {
    if (v === null) return true;
    try {
      const u = new URL(v);
      return u.protocol === 'https:' && u.hostname.includes('.');
    } catch {
      return false;
    }
  },
  { error: 'Enter the online link as a full https address, like https://meet.example.org/ward-panel' },
);

const Times = z.object({
  startsAt: londonDateTime('Enter when it starts'),
  endsAt: londonDateTime('Enter when it ends'),
});

/** The order of the form's fields, for the error summary. */
export const EVENT_FORM_FIELDS = [
  'place',
  'kind',
  'title',
  'description',
  'startsAt',
  'endsAt',
  'venueName',
  'venueAddress',
  'accessInfo',
  'onlineUrl',
];

const Details = z.object({
  kind: z.enum(EVENT_KINDS, { error: 'Choose whether it is a Ward Panel meeting or a community event' }),
  title: oneLine(text('Enter a title', 'Title', TITLE_MAX_LENGTH), 'The title'),
  description: text('Enter what the event is about', 'The description', DESCRIPTION_MAX_LENGTH),
  venueName: oneLine(optional('The venue', VENUE_MAX_LENGTH), 'The venue'),
  venueAddress: optional('The address', ADDRESS_MAX_LENGTH),
  accessInfo: optional('Access information', ACCESS_MAX_LENGTH),
  onlineUrl: OnlineUrl,
});
type DetailFields = z.output<typeof Details>;

// Zod runs an object's refinements even when a field failed its own checks, with that field's value
// untransformed (a string, not a Date): the time rules judge only times that parsed (a 20,000-character
// start time was a 500 until the browser suite's hostile input found it).
const isTime = (v: unknown): v is Date => v instanceof Date;

function checkTimes(v: { startsAt: Date; endsAt: Date }, ctx: z.RefinementCtx): void {
  if (!isTime(v.startsAt) || !isTime(v.endsAt)) return;
  if (v.endsAt <= v.startsAt)
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'It must end after it starts' });
  else if (v.endsAt.getTime() - v.startsAt.getTime() > MAX_DURATION_HOURS * 3_600_000)
    ctx.addIssue({
      code: 'custom',
      path: ['endsAt'],
      message: `An event can last at most ${MAX_DURATION_HOURS} hours`,
    });
}

function checkEvent(v: DetailFields, ctx: z.RefinementCtx): void {
  if (!v.venueName && !v.onlineUrl)
    ctx.addIssue({
      code: 'custom',
      path: ['venueName'],
      message: 'Enter the venue, or an online link, or both',
    });
  if (v.venueName && !v.venueAddress)
    ctx.addIssue({ code: 'custom', path: ['venueAddress'], message: 'Enter the venue’s address' });
  if (!v.venueName && v.venueAddress)
    ctx.addIssue({ code: 'custom', path: ['venueName'], message: 'Enter the venue’s name' });
  if (v.venueName && !v.accessInfo)
    ctx.addIssue({
      code: 'custom',
      path: ['accessInfo'],
      message: 'Enter the venue’s access information, for example step-free entrance and a hearing loop',
    });
}

export type EventDetails = Omit<EventInput, 'startsAt' | 'endsAt'>;

const toDetails = (v: DetailFields): EventDetails => ({
  kind: v.kind,
  title: v.title,
  description: v.description,
  venueName: v.venueName,
  venueAddress: v.venueName ? v.venueAddress : null,
  accessInfo: v.venueName ? v.accessInfo : null,
  onlineUrl: v.onlineUrl,
});

const inFuture = (v: { startsAt: Date }, ctx: z.RefinementCtx) => {
  if (isTime(v.startsAt) && v.startsAt <= new Date())
    ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'It must start in the future' });
};

/** Adding an event for a ward or a borough. */
export const EventCreateSchema = Details.extend({ ...Times.shape, place: PlaceSchema })
  .superRefine(checkEvent)
  .superRefine(checkTimes)
  .superRefine(inFuture)
  .transform((v): { place: PlaceRef; event: EventInput } => ({
    place: v.place,
    event: { ...toDetails(v), startsAt: v.startsAt, endsAt: v.endsAt },
  }));

/**
 * Correcting an event's details. Its place stays, and its times change only by a move, which
 * residents are told of.
 */
export const EventEditSchema = Details.extend(Ref.shape)
  .superRefine(checkEvent)
  .transform((v) => ({ id: v.id, event: toDetails(v) }));

/** Moving it: new times, and a note residents read. */
export const EventMoveSchema = Times.extend({
  ...Ref.shape,
  note: text('Enter a note saying why it has moved', 'The note', NOTE_MAX_LENGTH),
})
  .superRefine(checkTimes)
  .superRefine(inFuture);

/** Cancelling it, from its confirmation page, with a note residents read. */
export const EventCancelSchema = confirmed(
  Ref.extend({ note: text('Enter a note saying why it is cancelled', 'The note', NOTE_MAX_LENGTH) }),
  'Confirm that the event is cancelled',
);
