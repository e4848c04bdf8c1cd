// The newsletter in the back office: liaison officers write, preview, test, publish and unpublish
// issues. Residents' actions are in subscriptions.ts. Glue only.
import { ActionError } from 'astro:actions';
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
import { londonLocalToInstant } from '../lib/format.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { getAppSecret, publicBaseUrl } from '../lib/server/config.ts';
import { SHOW_FORM_AGAIN } from '../lib/server/form-actions.ts';
import { staffAction } from '../web/actions.ts';

/** What a feature needs to put links in emails. */
export const mail = () => ({ appSecret: getAppSecret(), baseUrl: publicBaseUrl() });

const issuePage = (id: number) => `/staff/newsletters/${id}`;

/** Liaison officers: each action checks its permission first. */
export const newsletters = {
  /** The body as residents will see it (see planUpdates.preview). */
  preview: staffAction({
    permission: 'newsletter:write',
    input: NewsletterPreviewSchema,
    handler: ({ body }) => ({
      html: renderMarkdown(body, { images: true, topHeading: 2 }),
      [SHOW_FORM_AGAIN]: true as const,
    }),
  }),

  create: staffAction({
    permission: 'newsletter:write',
    input: NewsletterSchema,
    handler: async (input, { db, actor }) => {
      const id = await createNewsletter(db, input, actor);
      return { redirectTo: issuePage(id), id, done: 'created' as const };
    },
  }),

  edit: staffAction({
    permission: 'newsletter:write',
    input: NewsletterEditSchema,
    handler: async ({ id, ...input }, { db, actor }) => {
      await editNewsletter(db, id, input, actor);
      return { redirectTo: issuePage(id), id, done: 'edited' as const };
    },
  }),

  /** Sends the issue only to the staff member asking, marked as a test. */
  sendTest: staffAction({
    permission: 'newsletter:write',
    input: NewsletterRef,
    handler: async ({ id }, { db, actor }) => {
      await sendTestNewsletter(db, id, actor, mail());
      return { redirectTo: issuePage(id), id, done: 'tested' as const };
    },
  }),

  /** Web page live and, the first time, one email per matching subscriber: exactly once. */
  publish: staffAction({
    permission: 'newsletter:publish',
    input: NewsletterRef,
    handler: async ({ id }, { db, actor }) => {
      const { queued } = await publishNewsletter(db, id, actor, mail());
      return { redirectTo: issuePage(id), id, done: 'published' as const, queued };
    },
  }),

  /** Publish and email at a London date and time; the scheduler does it (src/runtime). */
  schedule: staffAction({
    permission: 'newsletter:publish',
    input: ScheduleSchema,
    handler: async ({ id, sendAt }, { db, actor }) => {
      const at = londonLocalToInstant(sendAt);
      if (!at) throw new ActionError({ code: 'BAD_REQUEST', message: 'Enter a real date and time' });
      await scheduleNewsletter(db, id, at, actor);
      return { redirectTo: issuePage(id), id, done: 'scheduled' as const };
    },
  }),

  unschedule: staffAction({
    permission: 'newsletter:publish',
    input: NewsletterRef,
    handler: async ({ id }, { db, actor }) => {
      await cancelSchedule(db, id, actor);
      return { redirectTo: issuePage(id), id, done: 'unscheduled' as const };
    },
  }),

  /** Only from the confirmation page, which sends `confirm`. */
  unpublish: staffAction({
    permission: 'newsletter:publish',
    input: NewsletterRef.extend({
      confirm: z.literal(UNPUBLISH_CONFIRMATION, {
        error: 'Confirm that residents should no longer see this newsletter',
      }),
    }),
    handler: async ({ id }, { db, actor }) => {
      if (!(await getNewsletterForStaff(db, id))) throw new NewsletterError('not_found');
      await unpublishNewsletter(db, id, actor);
      return { redirectTo: issuePage(id), id, done: 'unpublished' as const };
    },
  }),
};
