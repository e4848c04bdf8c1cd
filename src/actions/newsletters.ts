// The newsletter in the back office: liaison officers write, preview, test, publish and unpublish
// issues. Residents' actions are in subscriptions.ts. Glue only.
import {
  createNewsletter,
  editNewsletter,
  getNewsletterForStaff,
} from '../features/newsletters/issues.server.ts';
import { NewsletterError } from '../features/newsletters/newsletter-error.ts';
import {
  NewsletterEditSchema,
  NewsletterRef,
  NewsletterSchema,
  ScheduleSchema,
} from '../features/newsletters/newsletters.schema.ts';
import {
  cancelSchedule,
  publishNewsletter,
  scheduleNewsletter,
  sendTestNewsletter,
  unpublishNewsletter,
} from '../features/newsletters/publishing.server.ts';
import { confirmed } from '../lib/confirmation.ts';
import { markdownPreviewAction, staffAction } from '../server/astro/actions.ts';
import { getAppSecret, publicBaseUrl } from '../server/astro/config.ts';

/** What a feature needs to put links in emails. */
export const mail = () => ({ appSecret: getAppSecret(), baseUrl: publicBaseUrl() });

const issuePage = (id: number) => `/staff/newsletters/${id}`;

/** Liaison officers: each action checks its permission first. */
export const newsletters = {
  /** The body as residents will see it, images and all (the body island, or Preview without JavaScript). */
  preview: markdownPreviewAction('newsletter:write', { images: true, topHeading: 2 }),

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

  /** Publish and email at a London date and time; the scheduler does it (src/server/runtime). */
  schedule: staffAction({
    permission: 'newsletter:publish',
    input: ScheduleSchema,
    handler: async ({ id, sendAt }, { db, actor }) => {
      await scheduleNewsletter(db, id, sendAt, actor);
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
    input: confirmed(NewsletterRef, 'Confirm that residents should no longer see this newsletter'),
    handler: async ({ id }, { db, actor }) => {
      if (!(await getNewsletterForStaff(db, id))) throw new NewsletterError('not_found');
      await unpublishNewsletter(db, id, actor);
      return { redirectTo: issuePage(id), id, done: 'unpublished' as const };
    },
  }),
};
