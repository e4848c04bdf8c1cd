// Deletes what the portal no longer needs (periods in retention.ts). Every statement is idempotent,
// so several server processes may run it at once. The audit log is append-only: only rows past its
// period go, and the database refuses to delete any younger one.
import { and, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, rowsOf } from '../../../db/client.ts';
import {
  auditLog,
  emailEvents,
  emailOutbox,
  emailSuppressions,
  loginThrottles,
  newsletterDeliveries,
  rateLimits,
  staffRecoveryCodeReveals,
  staffSessions,
} from '../../../db/schema/index.ts';
import { SESSION_IDLE_MS } from '../auth/session.ts';
import { eraseClosedContacts } from '../concerns/concern-retention.server.ts';
import { pruneDrafts } from '../drafts/drafts.server.ts';
import { pruneNewsletterSubscribers } from '../newsletters/subscriptions.server.ts';
import { eraseLapsedApplications } from '../panels/application-retention.server.ts';
import { enforcePanelRetention } from '../panels/panel-retention.server.ts';
import { pruneSecrets } from '../secrets/secrets.server.ts';
import { prunePendingBallots, pruneVoteCodes } from '../votes/ballots.server.ts';
import { eraseUndecidedRoundAddresses } from '../votes/finalise.server.ts';
import { concernContactRetentionMs, cutoff, RETENTION } from './retention.ts';

export interface RetentionOptions {
  /** How long a closed concern keeps its contact details (default: concernContactRetentionMs()). */
  concernContactMs?: number;
  /** Filled with the references of the concerns whose contact details were erased. */
  erasedConcerns?: string[];
}

/**
 * Deletes outbox rows, and in the same statement copies each one's status and delivery outcome to the
 * newsletter delivery that points at it, so an issue's counts outlive its emails.
 */
async function deleteEmail(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const d = newsletterDeliveries;
  const result = await db.execute(sql`
    with gone as (
      delete from ${emailOutbox} where ${where} returning ${emailOutbox.id}, ${emailOutbox.status}, ${emailOutbox.delivery}
    ), kept as (
      update ${d} set final_status = gone.status, final_delivery = gone.delivery
      from gone where ${d.outboxId} = gone.id
    )
    select count(*)::int as n from gone`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

export async function enforceRetention(
  db: DbOrTx,
  now = new Date(),
  options: RetentionOptions = {},
): Promise<Record<string, number>> {
  const count = async (p: Promise<unknown[]>): Promise<number> => (await p).length;
  const idleSince = cutoff(now, SESSION_IDLE_MS);
  const erased = await eraseClosedContacts(
    db,
    cutoff(now, options.concernContactMs ?? concernContactRetentionMs()),
    now,
  );
  options.erasedConcerns?.push(...erased);
  return {
    concernContacts: erased.length,
    formDrafts: await pruneDrafts(db, cutoff(now, RETENTION.expiredDraftsMs)),
    unconfirmedVotes: await prunePendingBallots(db, cutoff(now, RETENTION.unconfirmedVotesMs)),
    voteCodes: await pruneVoteCodes(db, now),
    undecidedRoundAddresses: await eraseUndecidedRoundAddresses(
      db,
      cutoff(now, RETENTION.undecidedRoundAddressesMs),
    ),
    ...(await enforcePanelRetention(db, now)),
    lapsedApplications: await eraseLapsedApplications(db, cutoff(now, RETENTION.lapsedApplicationsMs)),
    rateLimits: await count(
      db
        .delete(rateLimits)
        .where(lt(rateLimits.windowStart, cutoff(now, RETENTION.rateLimitWindowsMs)))
        .returning({ k: rateLimits.key }),
    ),
    loginThrottles: await count(
      db
        .delete(loginThrottles)
        .where(
          and(
            lt(loginThrottles.lastFailureAt, cutoff(now, RETENTION.loginThrottlesMs)),
            or(isNull(loginThrottles.lockedUntil), lt(loginThrottles.lockedUntil, now)),
          ),
        )
        .returning({ k: loginThrottles.key }),
    ),
    // Named so the log's secret-looking-name mask (session, recovery…) leaves the counts readable.
    expiredSignIns: await count(
      db
        .delete(staffSessions)
        .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleSince)))
        .returning({ id: staffSessions.id }),
    ),
    codeReveals: await count(
      db
        .delete(staffRecoveryCodeReveals)
        .where(lt(staffRecoveryCodeReveals.expiresAt, now))
        .returning({ id: staffRecoveryCodeReveals.sessionId }),
    ),
    expiredLinks: await pruneSecrets(db, cutoff(now, RETENTION.usedLinksMs)),
    newsletterSubscribers: await pruneNewsletterSubscribers(db, {
      unconfirmedBefore: cutoff(now, RETENTION.unconfirmedSubscribersMs),
      unsubscribedBefore: cutoff(now, RETENTION.unsubscribedSubscribersMs),
    }),
    deliveredEmail: await deleteEmail(
      db,
      and(
        inArray(emailOutbox.status, ['sent', 'suppressed']),
        lt(emailOutbox.updatedAt, cutoff(now, RETENTION.deliveredEmailMs)),
      ),
    ),
    deadEmail: await deleteEmail(
      db,
      and(eq(emailOutbox.status, 'dead'), lt(emailOutbox.updatedAt, cutoff(now, RETENTION.deadEmailMs))),
    ),
    emailEvents: await count(
      db
        .delete(emailEvents)
        .where(lt(emailEvents.receivedAt, cutoff(now, RETENTION.emailEventsMs)))
        .returning({ id: emailEvents.id }),
    ),
    emailSuppressions: await count(
      db
        .delete(emailSuppressions)
        .where(lt(emailSuppressions.createdAt, cutoff(now, RETENTION.suppressionsMs)))
        .returning({ address: emailSuppressions.address }),
    ),
    auditLog: await count(
      db
        .delete(auditLog)
        .where(lt(auditLog.at, cutoff(now, RETENTION.auditLogMs)))
        .returning({ id: auditLog.id }),
    ),
  };
}

class DryRun extends Error {}

/**
 * What enforceRetention would remove now, without removing it: the same statements in a transaction
 * that is rolled back. With `dryRun: false` it commits. Used by `npm run retention`.
 */
export async function runRetention(
  db: Db,
  { now = new Date(), dryRun, concernContactMs }: { now?: Date; dryRun: boolean; concernContactMs?: number },
): Promise<{ counts: Record<string, number>; erasedConcerns: string[] }> {
  const erasedConcerns: string[] = [];
  let counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      counts = await enforceRetention(tx, now, {
        erasedConcerns,
        ...(concernContactMs ? { concernContactMs } : {}),
      });
      if (dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { counts, erasedConcerns };
}
