// The resident's /report journey: one action per step (each validates its step and saves it in the
// draft), sending, and following a concern. Public: no sign-in; rate limits and the draft cookie
// instead. Glue only: the rules are in src/features/concerns/.
import { type ActionAPIContext, ActionError } from 'astro:actions';
import {
  ContactSchema,
  DetailsSchema,
  SendSchema,
  TrackSchema,
  WhatSchema,
  WhenSchema,
  WhereSchema,
} from '../features/concerns/concerns.schema.ts';
import {
  DraftMissingError,
  IncompleteError,
  saveStep,
  sendConcern,
  TooFastError,
  TooManyError,
  trackConcern,
} from '../features/concerns/concerns.server.ts';
import { nextPath, STEP_TITLES, type Step, TRACK_NOT_FOUND } from '../features/concerns/concerns.ts';
import { wardExists } from '../features/places/places.server.ts';
import { waitInMinutes } from '../lib/format.ts';
import { publicAction } from '../server/astro/actions.ts';
import { deleteDraftCookie, draftToken, setDraftCookie } from '../server/astro/concern-draft.ts';
import { getAppSecret, publicBaseUrl } from '../server/astro/config.ts';
import { getDb } from '../server/astro/db.ts';
import { SHOW_FORM_AGAIN } from '../server/astro/form-actions.ts';
import { clientOf } from '../server/astro/staff-auth.ts';

function tooMany(error: TooManyError, what: string): never {
  throw new ActionError({
    code: 'TOO_MANY_REQUESTS',
    message: `${what} Try again in ${waitInMinutes(error.retryAfterSeconds)}. Your answers are kept.`,
  });
}

/** Saves a step's answers in the visitor's draft (a new one if none) and says where to go next. */
async function save(
  context: ActionAPIContext,
  step: Step,
  answers: Record<string, unknown>,
  from: 'check' | null | undefined,
): Promise<{ redirectTo: string }> {
  try {
    const saved = await saveStep(await getDb(), getAppSecret(), draftToken(context), step, answers as never, {
      client: clientOf(context),
    });
    setDraftCookie(context, saved.token, saved.expiresAt);
  } catch (error) {
    if (error instanceof TooManyError) tooMany(error, 'You have started too many reports in the last hour.');
    throw error;
  }
  return { redirectTo: nextPath(step, from === 'check') };
}

export const report = {
  what: publicAction({
    input: WhatSchema,
    handler: ({ from, website, ...answers }, context) => {
      if (website) {
        throw new ActionError({
          code: 'BAD_REQUEST',
          message:
            'This report looks automated, so it was not saved. Leave the field “Leave this field empty” empty and try again.',
        });
      }
      return save(context, 'what', answers, from);
    },
  }),

  where: publicAction({
    input: WhereSchema,
    handler: async ({ from, ...answers }, context) => {
      if (answers.ward !== 'unknown' && !(await wardExists(await getDb(), answers.ward))) {
        throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a ward from the list' });
      }
      return save(context, 'where', answers, from);
    },
  }),

  when: publicAction({
    input: WhenSchema,
    handler: ({ from, ...answers }, context) => save(context, 'when', answers, from),
  }),

  details: publicAction({
    input: DetailsSchema,
    handler: ({ from, ...answers }, context) => save(context, 'details', answers, from),
  }),

  contact: publicAction({
    input: ContactSchema,
    handler: ({ from, ...answers }, context) => save(context, 'contact', answers, from),
  }),

  send: publicAction({
    input: SendSchema,
    handler: async (_input, context) => {
      try {
        const sent = await sendConcern(await getDb(), getAppSecret(), draftToken(context), {
          client: clientOf(context),
          baseUrl: publicBaseUrl(),
        });
        deleteDraftCookie(context);
        return { redirectTo: '/report/sent', reference: sent.reference, trackingCode: sent.trackingCode };
      } catch (error) {
        if (error instanceof DraftMissingError) {
          throw new ActionError({
            code: 'BAD_REQUEST',
            message: 'Your answers are no longer saved: we keep them for 2 hours. Start your report again.',
          });
        }
        if (error instanceof IncompleteError) {
          throw new ActionError({
            code: 'BAD_REQUEST',
            message: `Answer “${STEP_TITLES[error.step]}” before you send the report`,
          });
        }
        if (error instanceof TooFastError) {
          throw new ActionError({
            code: 'BAD_REQUEST',
            message:
              'That was sent faster than a person could write it. Check your answers, then send it again.',
          });
        }
        if (error instanceof TooManyError) tooMany(error, 'You have sent 5 reports in the last hour.');
        throw error;
      }
    },
  }),

  track: publicAction({
    input: TrackSchema,
    handler: async (input, context) => {
      const result = await trackConcern(await getDb(), getAppSecret(), input, {
        client: clientOf(context),
      });
      if (result.kind === 'limited') {
        throw new ActionError({
          code: 'TOO_MANY_REQUESTS',
          message: `Too many tries. Try again in ${waitInMinutes(result.retryAfterSeconds)}.`,
        });
      }
      if (result.kind === 'not_found') throw new ActionError({ code: 'NOT_FOUND', message: TRACK_NOT_FOUND });
      return { concern: result.concern, [SHOW_FORM_AGAIN]: true as const };
    },
  }),
};
