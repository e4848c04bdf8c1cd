// Applying to a Ward Panel or the Youth Advisory Forum: one action for every question page (it checks
// the page's step and saves it in the draft), sending, confirming the email address, and an
// under-16's parent's or guardian's answer. Public: rate limits, the draft cookie and one-time links
// guard them. Glue only: the rules are in src/features/panels/.
import { type ActionAPIContext, ActionError } from 'astro:actions';
import {
  ApplyStepSchema,
  ConfirmApplicationSchema,
  GuardianDecisionSchema,
  SendApplicationSchema,
} from '../features/panels/applications.schema.ts';
import {
  ApplyError,
  confirmApplicationEmail,
  firstMissingStep,
  getApplicationDraft,
  needsGuardian,
  saveApplicationStep,
  sendApplication,
} from '../features/panels/applications.server.ts';
import { nextPath, STEP_TITLES, stepPath } from '../features/panels/applications.ts';
import { decideAsGuardian, GuardianLinkError } from '../features/panels/guardians.server.ts';
import { wardExists } from '../features/places/places.server.ts';
import { waitInMinutes } from '../lib/format.ts';
import { publicAction } from '../server/astro/actions.ts';
import {
  APPLY_CONFIRM_COOKIE,
  APPLY_COOKIE_PATH,
  applyDraftToken,
  deleteApplyDraftCookie,
  GUARDIAN_COOKIE,
  setApplyDraftCookie,
} from '../server/astro/application-draft.ts';
import { getAppSecret, publicBaseUrl } from '../server/astro/config.ts';
import { getDb } from '../server/astro/db.ts';
import { clientOf } from '../server/astro/staff-auth.ts';

/** What the applicant is told when the journey refuses. */
function refused(error: unknown): never {
  if (error instanceof GuardianLinkError) error = new ApplyError('apply', 'invalid_link', {});
  if (!(error instanceof ApplyError)) throw error;
  const wait = waitInMinutes(error.details.retryAfterSeconds ?? 0);
  const messages: Record<typeof error.code, [ActionError['code'], string]> = {
    too_many_drafts: [
      'TOO_MANY_REQUESTS',
      `You have started too many applications in the last hour. Try again in ${wait}.`,
    ],
    too_many_sent: [
      'TOO_MANY_REQUESTS',
      `You have sent 5 applications in the last hour. Try again in ${wait}.`,
    ],
    draft_missing: [
      'BAD_REQUEST',
      'Your answers are no longer saved: we keep them for 2 hours. Start your application again.',
    ],
    incomplete: [
      'BAD_REQUEST',
      `Answer “${STEP_TITLES[error.details.step ?? 'about']}” before you send the application`,
    ],
    too_fast: [
      'BAD_REQUEST',
      'That was sent faster than a person could write it. Check your answers, then send it again.',
    ],
    age: ['BAD_REQUEST', 'The Forum is for young people aged 14 to 25: check your date of birth.'],
    unknown_ward: ['BAD_REQUEST', 'Choose a ward from the list'],
    invalid_link: ['GONE', 'This link has expired or has already been used'],
    same_address: [
      'BAD_REQUEST',
      error.details.step === 'about'
        ? 'Enter your own email address: you gave this one for your parent or guardian, and we write to them separately'
        : 'Enter your parent’s or guardian’s own email address, not yours: we write to them to ask whether they agree',
    ],
  };
  const [code, message] = messages[error.code];
  throw new ActionError({ code, message });
}

export const apply = {
  step: publicAction({
    input: ApplyStepSchema,
    handler: async (input, context: ActionAPIContext) => {
      const { form, step, answers, from, website } = input;
      if (website) {
        throw new ActionError({
          code: 'BAD_REQUEST',
          message:
            'This application looks automated, so it was not saved. Leave the field “Leave this field empty” empty and try again.',
        });
      }
      const db = await getDb();
      const token = applyDraftToken(context, form);
      if (step === 'ward' && !(await wardExists(db, answers.ward))) {
        throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a ward from the list' });
      }
      try {
        const saved = await saveApplicationStep(db, getAppSecret(), form, token, step, answers as never, {
          client: clientOf(context),
        });
        // An age the form is not for (outside 14–25 on the Forum's, under 18 on a Ward Panel's):
        // nothing is kept (an earlier draft was deleted, no limit counted), and a page explains.
        if (saved.kind !== 'saved') {
          deleteApplyDraftCookie(context, form);
          return {
            redirectTo:
              saved.kind === 'not_adult'
                ? '/get-involved/ward-panel/age'
                : `/get-involved/youth-forum/age?too=${saved.too}`,
          };
        }
        setApplyDraftCookie(context, form, saved.token, saved.expiresAt);
        const draft = await getApplicationDraft(db, getAppSecret(), form, saved.token);
        const missing = firstMissingStep(form, draft?.answers);
        // From the check page: back to it, unless the change asks a new question (a guardian).
        if (from === 'check')
          return { redirectTo: missing ? stepPath(form, missing) : stepPath(form, 'check') };
        return { redirectTo: nextPath(form, step, needsGuardian(draft?.answers), false) };
      } catch (error) {
        refused(error);
      }
    },
  }),

  send: publicAction({
    input: SendApplicationSchema,
    handler: async ({ form }, context) => {
      try {
        await sendApplication(await getDb(), getAppSecret(), form, applyDraftToken(context, form), {
          client: clientOf(context),
          baseUrl: publicBaseUrl(),
        });
      } catch (error) {
        refused(error);
      }
      deleteApplyDraftCookie(context, form);
      return { redirectTo: stepPath(form, 'sent') };
    },
  }),

  confirm: publicAction({
    input: ConfirmApplicationSchema,
    handler: async (_input, context) => {
      const token = context.cookies.get(APPLY_CONFIRM_COOKIE)?.value ?? '';
      try {
        const done = await confirmApplicationEmail(await getDb(), getAppSecret(), token, {
          baseUrl: publicBaseUrl(),
        });
        context.cookies.delete(APPLY_CONFIRM_COOKIE, { path: APPLY_COOKIE_PATH });
        return {
          redirectTo: `/get-involved/confirmed?${done.status === 'awaiting_guardian' ? 'next=guardian' : `form=${done.body}`}`,
        };
      } catch (error) {
        refused(error);
      }
    },
  }),

  guardian: publicAction({
    input: GuardianDecisionSchema,
    handler: async ({ decision }, context) => {
      const token = context.cookies.get(GUARDIAN_COOKIE)?.value ?? '';
      try {
        const answer = await decideAsGuardian(await getDb(), getAppSecret(), token, decision);
        context.cookies.delete(GUARDIAN_COOKIE, { path: APPLY_COOKIE_PATH });
        return { redirectTo: `/get-involved/guardian/done?answer=${answer}` };
      } catch (error) {
        refused(error);
      }
    },
  }),
};
