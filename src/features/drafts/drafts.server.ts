// Drafts of the residents' multi-page forms (/report, the panel applications): the answers so far,
// with no account, keyed by the keyed hash of a random token that only the resident's HttpOnly cookie
// holds. Each form has its own hashing key (its secret purpose), lifetime and limit on drafts started
// per client. Sending a form deletes its draft in the same transaction as the record it writes.
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.ts';
import { formDrafts } from '../../../db/schema/index.ts';
import { hitResidentLimit, type RateLimitRule } from '../../server/node/rate-limit.ts';
import {
  defineSecretPurpose,
  generateSecret,
  hashSecret,
  normaliseSecret,
  type SecretPurpose,
} from '../secrets/secrets.ts';

export type DraftFormName = 'report' | 'ward-panel' | 'youth-forum';

export interface DraftForm {
  name: DraftFormName;
  /** The token's secret purpose: its name is the HKDF label of the hashing key. */
  purpose: Readonly<SecretPurpose>;
  /** How long a draft lives after its last saved answer. */
  lifetimeMs: number;
  /** Drafts one client may start (per the rule's window). */
  startLimit: RateLimitRule;
}

/** A form's draft settings. `purposeName` names the token's hashing key: never change it for a live form. */
export function defineDraftForm(f: {
  name: DraftFormName;
  purposeName: string;
  lifetimeMs: number;
  startLimit: RateLimitRule;
}): Readonly<DraftForm> {
  const purpose = defineSecretPurpose({
    name: f.purposeName,
    form: 'link',
    lifetimeMs: f.lifetimeMs,
    singleUse: false,
    maxAttempts: null,
  });
  return Object.freeze({ name: f.name, purpose, lifetimeMs: f.lifetimeMs, startLimit: f.startLimit });
}

export interface Draft<A> {
  answers: A;
  startedAt: Date;
}

/** Over the limit of drafts started from one client. */
export class DraftLimitError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('Too many drafts started');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function draftHash(appSecret: Uint8Array, form: DraftForm, token: string): string | null {
  const normalised = normaliseSecret('link', token);
  return normalised ? hashSecret(appSecret, form.purpose, normalised) : null;
}

/** The live draft of this form the cookie's token stands for, or null. */
export async function getDraft<A>(
  db: DbOrTx,
  appSecret: Uint8Array,
  form: DraftForm,
  token: string | undefined,
  now = new Date(),
): Promise<Draft<A> | null> {
  const hash = token ? draftHash(appSecret, form, token) : null;
  if (!hash) return null;
  const [row] = await db
    .select({ answers: formDrafts.answers, startedAt: formDrafts.startedAt })
    .from(formDrafts)
    .where(
      and(eq(formDrafts.tokenHash, hash), eq(formDrafts.form, form.name), gt(formDrafts.expiresAt, now)),
    );
  return row ? { answers: row.answers as A, startedAt: row.startedAt } : null;
}

/**
 * Merges one step's answers (`patch`, keyed by step) into the draft the token stands for, or into a new
 * draft (then the new token is returned, for the cookie). Every save gives the draft its lifetime again.
 * Throws DraftLimitError when a new draft would pass the client's limit.
 */
export async function saveDraft(
  db: Db,
  appSecret: Uint8Array,
  form: DraftForm,
  token: string | undefined,
  patch: Record<string, unknown>,
  ctx: { client: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.now ?? new Date();
  const expiresAt = new Date(now.getTime() + form.lifetimeMs);
  const json = JSON.stringify(patch);
  const hash = token ? draftHash(appSecret, form, token) : null;
  if (token && hash) {
    const updated = await db
      .update(formDrafts)
      .set({ answers: sql`${formDrafts.answers} || ${json}::jsonb`, updatedAt: now, expiresAt })
      .where(
        and(eq(formDrafts.tokenHash, hash), eq(formDrafts.form, form.name), gt(formDrafts.expiresAt, now)),
      )
      .returning({ h: formDrafts.tokenHash });
    if (updated.length === 1) return { token, expiresAt };
  }
  const limit = await hitResidentLimit(db, form.startLimit, ctx.client ?? 'unknown', now);
  if (!limit.allowed) throw new DraftLimitError(limit.retryAfterSeconds);
  const fresh = generateSecret('link');
  await db.insert(formDrafts).values({
    tokenHash: draftHash(appSecret, form, fresh) as string,
    form: form.name,
    answers: sql`${json}::jsonb`,
    startedAt: now,
    updatedAt: now,
    expiresAt,
  });
  return { token: fresh, expiresAt };
}

/** Deletes the draft (inside the transaction that writes what it became). */
export async function deleteDraft(
  tx: DbOrTx,
  appSecret: Uint8Array,
  form: DraftForm,
  token: string,
): Promise<void> {
  const hash = draftHash(appSecret, form, token);
  if (hash) await tx.delete(formDrafts).where(eq(formDrafts.tokenHash, hash));
}

/** Retention: every form's drafts that expired before `expiredBefore`. */
export async function pruneDrafts(db: DbOrTx, expiredBefore: Date): Promise<number> {
  const removed = await db
    .delete(formDrafts)
    .where(lt(formDrafts.expiresAt, expiredBefore))
    .returning({ h: formDrafts.tokenHash });
  return removed.length;
}
