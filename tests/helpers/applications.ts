// Panel applications as the integration tests make them: a draft answered step by step (as the
// pages would save it) and sent, and the one-time links read from the outbox.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { emailOutbox } from '../../db/schema/index.ts';
import type { ApplyAnswers } from '../../src/features/panels/application-steps.ts';
import { saveApplicationStep, sendApplication } from '../../src/features/panels/applications.server.ts';
import { type ApplyForm, type ApplyStep, stepsFor } from '../../src/features/panels/applications.ts';
import { openFromOutbox } from '../../src/features/secrets/secrets.ts';
import { TEST_SECRET } from './staff.ts';

export const BASE = 'https://portal.example.org';

export const EQUALITY: ApplyAnswers['equality'] = {
  ageBand: '35-44',
  sex: 'prefer_not_to_say',
  genderIdentity: null,
  ethnicGroup: 'caribbean',
  disability: 'no',
  religion: null,
};

/** Every answer of a complete application; `over` replaces steps. */
export function answersFor(form: ApplyForm, over: Partial<ApplyAnswers> = {}): Partial<ApplyAnswers> {
  return {
    adult: { adult: 'yes' },
    ward: { ward: 'holloway' },
    birth: { dateOfBirth: '2008-05-01' },
    guardian: { guardianName: 'Pat Parent', guardianEmail: 'parent@example.org' },
    about: { fullName: 'Amina Okafor', email: 'amina@example.org', phone: '' },
    connection: { connection: 'live', organisation: '' },
    reason: { reason: 'I want safer streets.', availability: 'Evenings', accessNeeds: '' },
    consent: { contactConsent: true, showOnPanelPage: form === 'ward-panel' },
    equality: EQUALITY,
    ...over,
  };
}

let clients = 0;

/**
 * Saves every step the form asks (the guardian's only when needed; none in `skip`) a minute before
 * `now`; the draft's token.
 */
export async function draftApplication(
  db: Db,
  form: ApplyForm,
  answers: Partial<ApplyAnswers>,
  {
    now = new Date(),
    needsGuardian = false,
    client = `198.51.100.${++clients % 250}`,
    skip = [] as ApplyStep[],
  } = {},
): Promise<{ token: string; client: string }> {
  let token: string | undefined;
  const ctx = { client, now: new Date(now.getTime() - 60_000) };
  for (const step of stepsFor(form, needsGuardian).filter((s) => !skip.includes(s))) {
    const saved = await saveApplicationStep(db, TEST_SECRET, form, token, step, answers[step] as never, ctx);
    if (saved.kind !== 'saved') throw new Error(`${step} not saved: ${saved.kind}`);
    token = saved.token;
  }
  return { token: token as string, client };
}

/** Drafts and sends an application; its id. Clears the rate limits first. */
export async function applyFor(
  db: Db,
  form: ApplyForm,
  answers: Partial<ApplyAnswers> = answersFor(form),
  { now = new Date(), needsGuardian = false } = {},
): Promise<string> {
  await db.execute(sql`truncate rate_limits`);
  const { token, client } = await draftApplication(db, form, answers, { now, needsGuardian });
  const { id } = await sendApplication(db, TEST_SECRET, form, token, { client, baseUrl: BASE, now });
  return id;
}

/** The one-time secret in the newest message of this kind to `to`. */
export async function secretSentTo(db: Db, to: string, kind: string): Promise<string> {
  const [row] = await db
    .select({ sealed: emailOutbox.sealedSecret })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.recipient, to), eq(emailOutbox.kind, kind)))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  if (!row?.sealed) throw new Error(`No ${kind} to ${to}`);
  return openFromOutbox(TEST_SECRET, row.sealed);
}
