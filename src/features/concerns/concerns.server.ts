// The resident's side of concerns: drafts between steps, sending (the concern, its "received" event,
// its tracking code, its confirmation email and its audit row in one transaction), and following it
// at /report/track (retention is in concern-retention.server.ts). Nothing here stores who the
// resident is unless they chose to give contact details: not the client's address (rate limits key
// it by an HMAC under a key that changes every day), not the user agent, not in the audit log.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rowsOf } from '../../../db/client.ts';
import { concernEvents, concerns, wards } from '../../../db/schema/index.ts';
import { DAY_MS } from '../../lib/dates.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { EMAIL_PATTERN } from '../../lib/form-rules.ts';
import { hitResidentLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import { writeAudit } from '../audit/audit.server.ts';
import {
  DraftLimitError,
  defineDraftForm,
  deleteDraft,
  type Draft as FormDraft,
  getDraft as getFormDraft,
  saveDraft,
} from '../drafts/drafts.server.ts';
import { concernReceivedEmail } from '../email/messages/concern-emails.ts';
import { enqueueEmail } from '../email/outbox.server.ts';
import { findSecret, issueSecret } from '../secrets/secrets.server.ts';
import { defineSecretPurpose, secretPlaceholder } from '../secrets/secrets.ts';
import type { Answers } from './concerns.schema.ts';
import {
  CONCERNS_PER_HOUR,
  type ConcernStatus,
  DRAFT_LIFETIME_MS,
  formatReference,
  MIN_FILL_MS,
  normaliseReference,
  type Partner,
  STEPS,
  type Step,
} from './concerns.ts';

/** The private code a resident follows their concern with: reusable, as long as concerns are kept. */
export const CONCERN_TRACKING = defineSecretPurpose({
  name: 'concern-tracking',
  form: 'tracking',
  lifetimeMs: 3 * 365 * DAY_MS,
  singleUse: false,
  maxAttempts: null,
});

export const SEND_LIMIT: RateLimitRule = {
  scope: 'concern:send',
  limit: CONCERNS_PER_HOUR,
  windowSeconds: 3600,
};
export const DRAFT_LIMIT: RateLimitRule = { scope: 'concern:draft', limit: 30, windowSeconds: 3600 };

/** The /report journey's drafts (its token's key keeps the name it had before drafts were shared). */
export const REPORT_DRAFT = defineDraftForm({
  name: 'report',
  purposeName: 'concern-draft',
  lifetimeMs: DRAFT_LIFETIME_MS,
  startLimit: DRAFT_LIMIT,
});
/**
 * Following a report is limited per client only: a limit per reference would let anyone stop a
 * reporter following their own report by guessing wrong ten times (security review 2, item 7). The
 * code has 60 random bits, so a guesser's 20 an hour per address gets nowhere.
 */
export const TRACK_CLIENT_LIMIT: RateLimitRule = {
  scope: 'concern:track:client',
  limit: 20,
  windowSeconds: 3600,
};

// ---------------------------------------------------------------------------------------------------
// Drafts

export type Draft = FormDraft<Answers>;

/** Over the limit of drafts started, or of reports sent, from one address. */
export class TooManyError extends DomainError<'report', ReportErrorCode, { retryAfterSeconds: number }> {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, code: 'too_many_drafts' | 'too_many_sent') {
    super('report', code, { retryAfterSeconds }, 'Too many attempts');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The live draft the cookie's token stands for, or null. */
export function getDraft(
  db: DbOrTx,
  appSecret: Uint8Array,
  token: string | undefined,
  now = new Date(),
): Promise<Draft | null> {
  return getFormDraft<Answers>(db, appSecret, REPORT_DRAFT, token, now);
}

/**
 * Saves one step's answers in the draft the token stands for, or in a new draft (then the new token is
 * returned, for the cookie). Every save gives the draft another 2 hours.
 */
export async function saveStep<S extends Step>(
  db: Db,
  appSecret: Uint8Array,
  token: string | undefined,
  step: S,
  answers: NonNullable<Answers[S]>,
  ctx: { client: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  try {
    return await saveDraft(db, appSecret, REPORT_DRAFT, token, { [step]: answers }, ctx);
  } catch (e) {
    if (e instanceof DraftLimitError) throw new TooManyError(e.retryAfterSeconds, 'too_many_drafts');
    throw e;
  }
}

/** The first step with no answer yet, or null when every step is answered. */
export function firstMissingStep(answers: Answers | undefined): Step | null {
  return STEPS.find((s) => !answers?.[s]) ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Sending

export type ReportErrorCode =
  | 'too_many_drafts'
  | 'too_many_sent'
  | 'draft_missing'
  | 'incomplete'
  | 'too_fast';

export class DraftMissingError extends DomainError<'report', ReportErrorCode> {
  constructor() {
    super('report', 'draft_missing', {}, 'No draft');
  }
}
export class IncompleteError extends DomainError<'report', ReportErrorCode, { step: Step }> {
  readonly step: Step;
  constructor(step: Step) {
    super('report', 'incomplete', { step }, `Step ${step} not answered`);
    this.step = step;
  }
}
export class TooFastError extends DomainError<'report', ReportErrorCode> {
  constructor() {
    super('report', 'too_fast', {}, 'Sent too fast');
  }
}

export interface SentConcern {
  id: string;
  reference: string;
  /** The private tracking code: shown once, never stored. */
  trackingCode: string;
}

/** The link that opens a report: its page moves the code into a cookie (report/track/[reference]/[code]). */
export function trackPath(reference: string, code: string): string {
  return `/report/track/${encodeURIComponent(reference)}/${encodeURIComponent(code)}`;
}

/**
 * Turns the draft into a concern: the concern, its "received" event, its tracking code (only its
 * keyed hash is stored), the confirmation email when an address was given (its link sealed in the
 * outbox) and an audit row with no client — one transaction, and the draft is deleted in it.
 */
export async function sendConcern(
  db: Db,
  appSecret: Uint8Array,
  token: string | undefined,
  ctx: { client: string | null; baseUrl: string; now?: Date },
): Promise<SentConcern> {
  const now = ctx.now ?? new Date();
  const draft = await getDraft(db, appSecret, token, now);
  if (!draft || !token) throw new DraftMissingError();
  const missing = firstMissingStep(draft.answers);
  if (missing) throw new IncompleteError(missing);
  const { what, where, when, details, contact } = draft.answers as Required<Answers>;
  // An address saved under an older, looser rule would fail in the outbox as the concern is written.
  if (!contact.anonymous && contact.email && !EMAIL_PATTERN.test(contact.email))
    throw new IncompleteError('contact');
  if (now.getTime() - new Date(draft.startedAt).getTime() < MIN_FILL_MS) throw new TooFastError();
  let wardId: number | null = null;
  if (where.ward !== 'unknown') {
    const [ward] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, where.ward));
    if (!ward) throw new IncompleteError('where');
    wardId = ward.id;
  }
  const limit = await hitResidentLimit(db, SEND_LIMIT, ctx.client ?? 'unknown', now);
  if (!limit.allowed) throw new TooManyError(limit.retryAfterSeconds, 'too_many_sent');

  return db.transaction(async (tx) => {
    const [seq] = await tx
      .execute<{ n: string }>(sql`select nextval('concern_reference_seq')::text as n`)
      .then((r) => rowsOf<{ n: string }>(r));
    const reference = formatReference(now.getUTCFullYear(), Number(seq?.n));
    const id = randomUUID();
    const anonymous = contact.anonymous;
    await tx.insert(concerns).values({
      id,
      reference,
      category: what.category,
      categoryOther: what.category === 'other' ? what.categoryOther : null,
      wardId,
      location: where.location,
      timing: when.timing,
      occurredOn: when.occurredOn,
      timeOfDay: when.timeOfDay,
      frequency: when.frequency,
      description: details.description,
      impact: details.impact,
      anonymous,
      contactName: anonymous ? null : contact.name || null,
      contactEmail: anonymous ? null : contact.email || null,
      contactPhone: anonymous ? null : contact.phone || null,
      contactPreference: anonymous ? null : contact.preference || null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(concernEvents).values({ concernId: id, at: now, kind: 'received', status: 'received' });
    const { secret } = await issueSecret(tx, appSecret, CONCERN_TRACKING, id, { now });
    if (!anonymous && contact.email) {
      await enqueueEmail(
        tx,
        {
          to: contact.email,
          ...concernReceivedEmail({
            reference,
            trackUrl: `${ctx.baseUrl}${trackPath(reference, secretPlaceholder(appSecret))}`,
          }),
          dedupeKey: `concern-received/${id}`,
          secret,
        },
        { appSecret, now },
      );
    }
    // No client, no actor: the trail says a concern arrived, not who sent it or from where.
    await writeAudit(tx, { action: 'concern.submit', recordType: 'concern', recordId: id });
    await deleteDraft(tx, appSecret, REPORT_DRAFT, token);
    return { id, reference, trackingCode: secret };
  });
}

// ---------------------------------------------------------------------------------------------------
// Following a concern

export interface PublicEvent {
  at: Date;
  status: ConcernStatus | null;
  note: string | null;
}

export interface TrackedConcern {
  reference: string;
  category: string;
  categoryOther: string | null;
  createdAt: Date;
  status: ConcernStatus;
  partner: Partner | null;
  referredOn: string | null;
  outcome: string | null;
  /** Set when this concern was found to report the same thing as another, which it now follows. */
  duplicateOfReference: string | null;
  events: PublicEvent[];
}

export type TrackResult =
  | { kind: 'found'; concern: TrackedConcern }
  /** The same answer whichever half was wrong (or both). */
  | { kind: 'not_found' }
  | { kind: 'limited'; retryAfterSeconds: number };

/** A reference no concern has, so a malformed one takes the same queries as a wrong one. */
const NO_REFERENCE = 'CN-0000-000000';

/**
 * The concern a reference and tracking code open together. Both lookups always run, whatever the
 * first found, so a wrong reference and a wrong code take the same queries and get the same answer.
 * Every attempt counts against the client and against the reference typed.
 */
export async function trackConcern(
  db: Db,
  appSecret: Uint8Array,
  input: { reference: string; code: string },
  ctx: { client: string | null; now?: Date },
): Promise<TrackResult> {
  const now = ctx.now ?? new Date();
  const reference = normaliseReference(input.reference) ?? NO_REFERENCE;
  const byClient = await hitResidentLimit(db, TRACK_CLIENT_LIMIT, ctx.client ?? 'unknown', now);
  if (!byClient.allowed) return { kind: 'limited', retryAfterSeconds: byClient.retryAfterSeconds };
  const [[row], secret] = await Promise.all([
    db
      .select({ id: concerns.id, duplicateOf: concerns.duplicateOf })
      .from(concerns)
      .where(eq(concerns.reference, reference))
      .limit(1),
    findSecret(db, appSecret, CONCERN_TRACKING, input.code, now),
  ]);
  if (!row || !secret || secret.subject !== row.id) return { kind: 'not_found' };
  const concern = await publicView(db, row.id, row.duplicateOf);
  return concern ? { kind: 'found', concern } : { kind: 'not_found' };
}

async function publicView(
  db: DbOrTx,
  id: string,
  duplicateOf: string | null,
): Promise<TrackedConcern | null> {
  const [own] = await db.select().from(concerns).where(eq(concerns.id, id));
  if (!own) return null;
  // A duplicate follows its original: the original's status, outcome and public updates.
  const [followed] = duplicateOf
    ? await db.select().from(concerns).where(eq(concerns.id, duplicateOf))
    : [own];
  const source = followed ?? own;
  const events = await db
    .select({ at: concernEvents.at, status: concernEvents.status, note: concernEvents.publicNote })
    .from(concernEvents)
    .where(
      and(
        sql`${concernEvents.concernId} in (${own.id}, ${source.id})`,
        sql`(${concernEvents.status} is not null or ${concernEvents.publicNote} is not null)`,
      ),
    )
    .orderBy(asc(concernEvents.at), asc(concernEvents.id));
  return {
    reference: own.reference,
    category: own.category,
    categoryOther: own.categoryOther,
    createdAt: own.createdAt,
    status: source.status,
    partner: (source.partner as Partner | null) ?? null,
    referredOn: source.referredOn,
    outcome: source.outcome,
    duplicateOfReference: duplicateOf && followed ? followed.reference : null,
    // The original's own "received" is not this resident's news.
    events: events.filter((e, i) => !(i > 0 && e.status === 'received' && e.note === null)),
  };
}
