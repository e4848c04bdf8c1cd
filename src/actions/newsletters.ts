// The newsletter in the back office: liaison officers write, preview, test, publish and unpublish
// issues. Residents' actions are in subscriptions.ts. Glue only.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import {
  createNewsletter,
  editNewsletter,
  getNewsletterForStaff,
} from '../features/newsletters/issues.server.ts';
import { NewsletterError } from '../features/newsletters/newsletter-error.ts';
import {
  NewsletterEditSchema,
  NewsletterPreviewSchema,
  NewsletterRef,
  NewsletterSchema,
  ScheduleSchema,
} from '../features/newsletters/newsletters.schema.ts';
import { UNPUBLISH_CONFIRMATION } from '../features/newsletters/newsletters.ts';
import {
  cancelSchedule,
  publishNewsletter,
  scheduleNewsletter,
  sendTestNewsletter,
  unpublishNewsletter,
} from '../features/newsletters/publishing.server.ts';
import { londonLocalToInstant, waitInMinutes } from '../lib/format.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { getAppSecret, publicBaseUrl } from '../lib/server/config.ts';
import { getDb } from '../lib/server/db.ts';
import { SHOW_FORM_AGAIN } from '../lib/server/form-actions.ts';
import { actorOf, requireStaff } from '../web/staff-auth.ts';

export function newsletterError(error: unknown): never {
  if (!(error instanceof NewsletterError)) throw error;
  switch (error.code) {
    case 'throttled':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many requests from this device. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'unknown_place':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a borough or wards from the list' });
    case 'invalid_link':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'This link has expired or has already been used. Subscribe again to get a new one.',
      });
    case 'not_found':
    case 'not_published':
      throw new ActionError({ code: 'NOT_FOUND', message: 'That newsletter no longer exists' });
    case 'schedule_in_past':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a time in the future' });
    case 'already_sent':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This newsletter has been sent: it can no longer be changed',
      });
  }
}

/** What a feature needs to put links in emails. */
export const mail = () => ({ appSecret: getAppSecret(), baseUrl: publicBaseUrl() });

/** Liaison officers: each action checks its permission first. */
export const newsletters = {
  /** The body as residents will see it (see planUpdates.preview). */
  preview: defineAction({
    accept: 'form',
    input: NewsletterPreviewSchema,
    handler: ({ body }, context) => {
      requireStaff(context.locals, 'newsletter:write');
      return {
        html: renderMarkdown(body, { images: true, topHeading: 2 }),
        [SHOW_FORM_AGAIN]: true as const,
      };
    },
  }),

  create: defineAction({
    accept: 'form',
    input: NewsletterSchema,
    handler: async (input, context) => {
      const user = requireStaff(context.locals, 'newsletter:write');
      try {
        const id = await createNewsletter(await getDb(), input, actorOf(context, user));
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'created' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  edit: defineAction({
    accept: 'form',
    input: NewsletterEditSchema,
    handler: async ({ id, ...input }, context) => {
      const user = requireStaff(context.locals, 'newsletter:write');
      try {
        await editNewsletter(await getDb(), id, input, actorOf(context, user));
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'edited' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  /** Sends the issue only to the staff member asking, marked as a test. */
  sendTest: defineAction({
    accept: 'form',
    input: NewsletterRef,
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'newsletter:write');
      try {
        await sendTestNewsletter(await getDb(), id, actorOf(context, user), mail());
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'tested' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  /** Web page live and, the first time, one email per matching subscriber: exactly once. */
  publish: defineAction({
    accept: 'form',
    input: NewsletterRef,
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'newsletter:publish');
      try {
        const db = await getDb();
        const result = await publishNewsletter(db, id, actorOf(context, user), mail());
        return {
          redirectTo: `/staff/newsletters/${id}`,
          id,
          done: 'published' as const,
          queued: result.queued,
        };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  /** Publish and email at a London date and time; the scheduler does it (src/runtime). */
  schedule: defineAction({
    accept: 'form',
    input: ScheduleSchema,
    handler: async ({ id, sendAt }, context) => {
      const user = requireStaff(context.locals, 'newsletter:publish');
      const at = londonLocalToInstant(sendAt);
      if (!at) throw new ActionError({ code: 'BAD_REQUEST', message: 'Enter a real date and time' });
      try {
        await scheduleNewsletter(await getDb(), id, at, actorOf(context, user));
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'scheduled' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  unschedule: defineAction({
    accept: 'form',
    input: NewsletterRef,
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'newsletter:publish');
      try {
        await cancelSchedule(await getDb(), id, actorOf(context, user));
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'unscheduled' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),

  /** Only from the confirmation page, which sends `confirm`. */
  unpublish: defineAction({
    accept: 'form',
    input: NewsletterRef.extend({
      confirm: z.literal(UNPUBLISH_CONFIRMATION, {
        error: 'Confirm that residents should no longer see this newsletter',
      }),
    }),
    handler: async ({ id }, context) => {
      const user = requireStaff(context.locals, 'newsletter:publish');
      try {
        const db = await getDb();
        if (!(await getNewsletterForStaff(db, id))) throw new NewsletterError('not_found');
        await unpublishNewsletter(db, id, actorOf(context, user));
        return { redirectTo: `/staff/newsletters/${id}`, id, done: 'unpublished' as const };
      } catch (error) {
        return newsletterError(error);
      }
    },
  }),
};
