// The applicant's side of joining a Ward Panel or the Youth Advisory Forum: drafts between the
// question pages, sending (the application, its equality answers with no key back to it, the
// confirmation email with its one-time link sealed in the outbox, and an audit row, in one
// transaction that also deletes the draft), and confirming the email address. An under-16's parent
// or guardian answers in guardians.server.ts; lapsed applications are erased by
// application-retention.server.ts. Nothing here keeps the client's address: rate limits key it by an
// HMAC under a key that changes every day, and the audit rows name no one.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { equalityResponses, panelApplications, wards } from '../../../db/schema/index.ts';
import { londonToday } from '../../lib/dates.ts';
import { DomainError } from '../../lib/domain-error.ts';
import type { FieldInput } from '../../lib/form-rules.ts';
import { hitResidentLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import {
  type DraftForm,
  DraftLimitError,
  defineDraftForm,
  deleteDraft,
  getDraft,
  saveDraft,
} from '../drafts/drafts.server.ts';
import { applicationConfirmEmail } from '../email/messages/panel-application-emails.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { issueSecret, redeemSecret } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import { GUARDIAN_UNDER_AGE, outOfRange, youthAge } from './age-rules.ts';
import { type ApplyAnswers, checkApplyStep } from './application-steps.ts';
import {
  APPLICATIONS_PER_HOUR,
  APPLY_DRAFT_LIFETIME_MS,
  APPLY_MIN_FILL_MS,
  type ApplyForm,
  type ApplyStep,
  BODY_OF,
  CONFIRM_DAYS,
  CONFIRM_MS,
  GUARDIAN_MS,
  stepsFor,
} from './applications.ts';
import { askGuardian } from './guardians.server.ts';

export type ApplyDraftAnswers = Partial<ApplyAnswers>;

/** The link that confirms an applicant's email address: once, within 7 days. */
export const APPLICATION_CONFIRM_LINK = defineSecretPurpose({
  name: 'panel-application-confirm',
  form: 'link',
  lifetimeMs: CONFIRM_MS,
  singleUse: true,
  maxAttempts: null,
});

export const APPLY_SEND_LIMIT: RateLimitRule = {
  scope: 'panel:apply:send',
  limit: APPLICATIONS_PER_HOUR,
  windowSeconds: 3600,
};
const DRAFT_LIMIT: RateLimitRule = { scope: 'panel:apply:draft', limit: 20, windowSeconds: 3600 };

/** Each form's drafts: a hashing key of its own, 2 hours after the last answer, 20 started an hour. */
export const APPLY_DRAFTS: Record<ApplyForm, Readonly<DraftForm>> = {
  'ward-panel': defineDraftForm({
    name: 'ward-panel',
    purposeName: 'ward-panel-draft',
    lifetimeMs: APPLY_DRAFT_LIFETIME_MS,
    startLimit: DRAFT_LIMIT,
  }),
  'youth-forum': defineDraftForm({
    name: 'youth-forum',
    purposeName: 'youth-forum-draft',
    lifetimeMs: APPLY_DRAFT_LIFETIME_MS,
    startLimit: DRAFT_LIMIT,
  }),
};

export type ApplyErrorCode =
  | 'too_many_drafts'
  | 'too_many_sent'
  | 'draft_missing'
  | 'incomplete'
  | 'too_fast'
  | 'age'
  | 'unknown_ward'
  | 'invalid_link'
  | 'same_address';

/** A refusal of the application journey; `step` for 'incomplete', `retryAfterSeconds` for limits. */
export class ApplyError extends DomainError<
  'apply',
  ApplyErrorCode,
  { step?: ApplyStep; retryAfterSeconds?: number }
> {}

/** The live draft of a form the cookie's token stands for, or null. */
export async function getApplicationDraft(
  db: DbOrTx,
  appSecret: Uint8Array,
  form: ApplyForm,
  token: string | undefined,
  now = new Date(),
): Promise<{ answers: ApplyDraftAnswers; startedAt: Date } | null> {
  return getDraft<ApplyDraftAnswers>(db, appSecret, APPLY_DRAFTS[form], token, now);
}

/** Does the draft's date of birth make the applicant 14 or 15 (so the guardian step is asked)? */
export function needsGuardian(answers: ApplyDraftAnswers | undefined, now = new Date()): boolean {
  const dob = answers?.birth?.dateOfBirth;
  return !!dob && youthAge(dob, londonToday(now)).kind === 'needs_guardian';
}

/**
 * Did an under-16 give their own address as their parent's or guardian's? Then the request for
 * agreement would go to them (security review 3): refused at either step and when sending.
 */
export function guardianIsApplicant(answers: ApplyDraftAnswers | undefined): boolean {
  const own = answers?.about?.email;
  return !!own && own === answers?.guardian?.guardianEmail;
}

/**
 * The typed steps' saved answers checked again by today's rules (a draft saved before a rule
 * changed), before they reach an email: the first step they fail, or null.
 */
function firstStepFailingNow(answers: ApplyDraftAnswers): ApplyStep | null {
  for (const step of ['guardian', 'about'] as const) {
    const saved = answers[step];
    if (saved && !checkApplyStep(step, saved as unknown as FieldInput).ok) return step;
  }
  return null;
}

/** The first step still to answer, or null when every step the form asks is answered. */
export function firstMissingStep(
  form: ApplyForm,
  answers: ApplyDraftAnswers | undefined,
  now = new Date(),
): ApplyStep | null {
  return stepsFor(form, needsGuardian(answers, now)).find((s) => !answers?.[s]) ?? null;
}

export type SavedStep =
  | { kind: 'saved'; token: string; expiresAt: Date }
  /** A date of birth outside 14–25: nothing was saved, and an earlier draft was deleted. */
  | { kind: 'out_of_range'; too: 'young' | 'old' }
  /** Under 18 on the Ward Panel's form: nothing was saved, and an earlier draft was deleted. */
  | { kind: 'not_adult' };

/**
 * Saves one step's answers in the draft (a new one if none: the new token is returned, for the
 * cookie). A date of birth outside the Forum's 14–25, or "no" to 18 or over on a Ward Panel's form, is
 * not saved at all: no draft is started (so no rate limit is counted either), and the draft the
 * token stands for, if any, is deleted.
 */
export async function saveApplicationStep<S extends ApplyStep>(
  db: Db,
  appSecret: Uint8Array,
  form: ApplyForm,
  token: string | undefined,
  step: S,
  answers: ApplyAnswers[S],
  ctx: { client: string | null; now?: Date },
): Promise<SavedStep> {
  const patch: Record<string, unknown> = { [step]: answers };
  if (step === 'adult' && (answers as ApplyAnswers['adult']).adult !== 'yes') {
    await discardApplicationDraft(db, appSecret, form, token);
    return { kind: 'not_adult' };
  }
  if ((step === 'about' || step === 'guardian') && token) {
    const draft = await getApplicationDraft(db, appSecret, form, token, ctx.now);
    if (guardianIsApplicant({ ...draft?.answers, ...patch } as ApplyDraftAnswers))
      throw new ApplyError('apply', 'same_address', { step });
  }
  if (step === 'birth') {
    const age = youthAge((answers as ApplyAnswers['birth']).dateOfBirth, londonToday(ctx.now ?? new Date()));
    if (outOfRange(age)) {
      await discardApplicationDraft(db, appSecret, form, token);
      return { kind: 'out_of_range', too: age.kind === 'too_young' ? 'young' : 'old' };
    }
    // A date of birth of 16 or over leaves no guardian behind from an earlier answer.
    if (age.kind !== 'needs_guardian') patch.guardian = null;
  }
  try {
    return { kind: 'saved', ...(await saveDraft(db, appSecret, APPLY_DRAFTS[form], token, patch, ctx)) };
  } catch (e) {
    if (e instanceof DraftLimitError) {
      throw new ApplyError('apply', 'too_many_drafts', { retryAfterSeconds: e.retryAfterSeconds });
    }
    throw e;
  }
}

/** Deletes the draft (an age the form is not for: nothing of the applicant's is kept). */
export async function discardApplicationDraft(
  db: Db,
  appSecret: Uint8Array,
  form: ApplyForm,
  token: string | undefined,
): Promise<void> {
  if (token) await deleteDraft(db, appSecret, APPLY_DRAFTS[form], token);
}

/** Everything an application holds when it is made: the answers of every step its form asks. */
export interface ApplicationInput {
  form: ApplyForm;
  /** Ward Panel: the ward's id. */
  wardId: number | null;
  /** The ward's borough, for the equality answers (null for the Forum). */
  boroughId: number | null;
  answers: ApplyDraftAnswers & Pick<ApplyAnswers, 'about' | 'reason' | 'consent'>;
}

/**
 * Writes a new application ('unconfirmed', lapsing in 7 days), its equality answers (a random id, the
 * month only, no key back), its confirmation email (the link sealed in the outbox) and an audit row
 * that names no one. Takes the caller's transaction. Returns the application's id.
 */
export async function createApplication(
  tx: DbOrTx,
  appSecret: Uint8Array,
  input: ApplicationInput,
  ctx: { baseUrl: string; now: Date },
): Promise<string> {
  const { now } = ctx;
  const a = input.answers;
  const id = randomUUID();
  await tx.insert(panelApplications).values({
    id,
    body: BODY_OF[input.form],
    wardId: input.wardId,
    status: 'unconfirmed',
    fullName: a.about.fullName,
    email: a.about.email,
    phone: a.about.phone || null,
    connection: a.connection?.connection ?? null,
    organisation: a.connection?.connection === 'organisation' ? a.connection.organisation : null,
    reason: a.reason.reason,
    availability: a.reason.availability || null,
    accessNeeds: a.reason.accessNeeds || null,
    contactConsent: true,
    showOnPanelPage: input.form === 'ward-panel' && a.consent.showOnPanelPage,
    dateOfBirth: a.birth?.dateOfBirth ?? null,
    guardianName: a.guardian?.guardianName ?? null,
    guardianEmail: a.guardian?.guardianEmail ?? null,
    lapsesAt: new Date(now.getTime() + CONFIRM_MS),
    createdAt: now,
    updatedAt: now,
  });
  // Apart from the application: nothing in this row leads back to it (see the table's comment).
  const e = a.equality;
  await tx.insert(equalityResponses).values({
    id: randomUUID(),
    body: BODY_OF[input.form],
    wardId: input.wardId,
    boroughId: input.boroughId,
    submittedMonth: `${londonToday(now).slice(0, 7)}-01`,
    ageBand: e?.ageBand ?? null,
    sex: e?.sex ?? null,
    genderIdentity: e?.genderIdentity ?? null,
    ethnicGroup: e?.ethnicGroup ?? null,
    disability: e?.disability ?? null,
    religion: e?.religion ?? null,
  });
  const { secret } = await issueSecret(tx, appSecret, APPLICATION_CONFIRM_LINK, id, { now });
  await enqueueEmail(
    tx,
    {
      to: a.about.email,
      ...applicationConfirmEmail({
        bodyName: input.form === 'ward-panel' ? 'your Ward Panel' : 'the Youth Advisory Forum',
        confirmUrl: `${ctx.baseUrl}/get-involved/confirm/${secretPlaceholder(appSecret)}`,
        expiresIn: `${CONFIRM_DAYS} days`,
      }),
      dedupeKey: `panel-application-confirm/${id}`,
      secret,
    },
    { appSecret, now },
  );
  await writeAudit(tx as Db, {
    action: 'panel_application.submit',
    recordType: 'panel_application',
    recordId: id,
  });
  return id;
}

/**
 * Turns the draft into an application (createApplication) and deletes the draft, in one transaction.
 * Refuses a missing or incomplete draft, one sent faster than a person could, an age now outside the
 * Forum's, an unknown ward, and a client over its limit — and then writes nothing.
 */
export async function sendApplication(
  db: Db,
  appSecret: Uint8Array,
  form: ApplyForm,
  token: string | undefined,
  ctx: { client: string | null; baseUrl: string; now?: Date },
): Promise<{ id: string }> {
  const now = ctx.now ?? new Date();
  const draft = await getApplicationDraft(db, appSecret, form, token, now);
  if (!draft || !token) throw new ApplyError('apply', 'draft_missing', {});
  const missing = firstMissingStep(form, draft.answers, now);
  if (missing) throw new ApplyError('apply', 'incomplete', { step: missing });
  const failing = firstStepFailingNow(draft.answers);
  if (failing) throw new ApplyError('apply', 'incomplete', { step: failing });
  if (needsGuardian(draft.answers, now) && guardianIsApplicant(draft.answers))
    throw new ApplyError('apply', 'same_address', { step: 'guardian' });
  if (now.getTime() - new Date(draft.startedAt).getTime() < APPLY_MIN_FILL_MS) {
    throw new ApplyError('apply', 'too_fast', {});
  }
  const answers = draft.answers as ApplicationInput['answers'];
  if (form === 'youth-forum') {
    // A birthday since the first page can change the answer: checked again on sending.
    const age = youthAge(answers.birth?.dateOfBirth ?? '', londonToday(now));
    if (age.kind !== 'eligible' && age.kind !== 'needs_guardian') throw new ApplyError('apply', 'age', {});
  }
  let wardId: number | null = null;
  let boroughId: number | null = null;
  if (form === 'ward-panel') {
    const [ward] = await db
      .select({ id: wards.id, boroughId: wards.boroughId })
      .from(wards)
      .where(eq(wards.slug, answers.ward?.ward ?? ''));
    if (!ward) throw new ApplyError('apply', 'incomplete', { step: 'ward' });
    wardId = ward.id;
    boroughId = ward.boroughId;
  }
  const limit = await hitResidentLimit(db, APPLY_SEND_LIMIT, ctx.client ?? 'unknown', now);
  if (!limit.allowed)
    throw new ApplyError('apply', 'too_many_sent', { retryAfterSeconds: limit.retryAfterSeconds });
  return db.transaction(async (tx) => {
    const id = await createApplication(
      tx,
      appSecret,
      { form, wardId, boroughId, answers },
      { baseUrl: ctx.baseUrl, now },
    );
    await deleteDraft(tx, appSecret, APPLY_DRAFTS[form], token);
    return { id };
  });
}

export type ConfirmedApplication = { status: 'pending' | 'awaiting_guardian'; body: ApplyForm };

/**
 * Confirms the email address a link was sent to (using the link up): the application is 'pending'
 * (staff see it) and no longer lapses — or, for an applicant still under 16, 'awaiting_guardian',
 * lapsing in 14 days, with the email to their parent or guardian queued. Throws invalid_link.
 */
export async function confirmApplicationEmail(
  db: Db,
  appSecret: Uint8Array,
  token: string,
  ctx: { baseUrl: string; now?: Date },
): Promise<ConfirmedApplication> {
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const link = await redeemSecret(tx, appSecret, APPLICATION_CONFIRM_LINK, token, now);
    if (!link) throw new ApplyError('apply', 'invalid_link', {});
    const [app] = await tx
      .select()
      .from(panelApplications)
      .where(and(eq(panelApplications.id, link.subject), eq(panelApplications.status, 'unconfirmed')))
      .for('update');
    if (!app) throw new ApplyError('apply', 'invalid_link', {});
    const form: ApplyForm = app.body === 'youth_forum' ? 'youth-forum' : 'ward-panel';
    const underGuardianAge =
      app.dateOfBirth !== null && youthAge(app.dateOfBirth, londonToday(now)).kind === 'needs_guardian';
    const status = underGuardianAge && app.guardianEmail ? 'awaiting_guardian' : 'pending';
    await tx
      .update(panelApplications)
      .set({
        status,
        emailConfirmedAt: now,
        // Confirmed: it no longer lapses, unless it now waits for a parent or guardian.
        lapsesAt: status === 'awaiting_guardian' ? new Date(now.getTime() + GUARDIAN_MS) : null,
        updatedAt: now,
      })
      .where(eq(panelApplications.id, app.id));
    if (status === 'awaiting_guardian') await askGuardian(tx, appSecret, app, { baseUrl: ctx.baseUrl, now });
    await writeAudit(tx as Db, {
      action: 'panel_application.confirm_email',
      recordType: 'panel_application',
      recordId: app.id,
    });
    return { status, body: form };
  });
}

/** The age under which a guardian is asked (re-exported for pages that explain it). */
export { GUARDIAN_UNDER_AGE };
