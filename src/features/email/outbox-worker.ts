// The outbox worker: claim a group of due messages under a lease, send it in one provider request
// with the group's idempotency key, record the outcome while still holding the lease. Runs inside the
// server process (src/server/runtime/email-worker.ts) or alone (`npm run worker`, src/worker.ts).
// Clock, sleep, randomness and batch size are injectable so the fault tests run in virtual time.
// Logs ids, kinds and counts only: never addresses, subjects or bodies (links carry secret tokens).
import { randomUUID } from 'node:crypto';
import type { Db, DbHandle } from '../../../db/client.ts';
import type { EmailTransport, SendOutcome } from '../../server/node/email-transport.ts';
import { describeError, type Logger } from '../../server/node/logger.ts';
import { createPacer, type Pacer, realSleep, type Sleep } from '../../server/node/pacer.ts';
import {
  type Claim,
  claimNextGroup,
  nextDueAt,
  recordOutcome,
  releaseClaim,
  retryFailedNow,
  toOutgoing,
} from './delivery.server.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from './email.ts';
import { OUTBOX_CHANNEL } from './outbox.server.ts';

export type { Logger };

/** Failed sends in a row that, followed by a success, mean the provider was down and is back. */
const RECOVERY_AFTER_FAILURES = 2;

export interface OutboxWorkerOptions {
  db: Db;
  transport: EmailTransport;
  logger: Logger;
  /** Opens the sealed secrets (links) of the messages it sends. */
  appSecret: Uint8Array;
  /** Provider requests per second from this worker (default 2, Resend's default limit). */
  ratePerSecond?: number;
  /**
   * Jitter allowance per one-second window (default 50 ms): at 2 requests/s, requests go 525 ms
   * apart, so late and on-time arrivals never put three in one second of the provider's clock.
   */
  rateMarginMs?: number;
  /** Share one pacer between workers in one process (tests); default: a pacer of its own. */
  pacer?: Pacer;
  /** Messages per request, at most the transport's maximum (100). */
  batchSize?: number;
  /** How long a claim is held before another worker may take it over (default 2 minutes). */
  leaseMs?: number;
  /** A provider request that takes longer is abandoned and retried (default 20 s; < leaseMs). */
  requestTimeoutMs?: number;
  /**
   * How often an idle worker without a doorbell looks for due messages (default 1 s); with one, the
   * shortest it waits.
   */
  pollIntervalMs?: number;
  /**
   * Rung when messages may have been queued (the outbox's NOTIFY, see `OUTBOX_CHANNEL`). With one,
   * an idle worker sleeps until it rings, until the next message falls due (a retry, a lease running
   * out), or for `idleMaxMs` at most, instead of querying every `pollIntervalMs`.
   */
  doorbell?: Doorbell;
  /** The longest an idle worker with a doorbell sleeps: a safety net for a missed ring (default 30 s). */
  idleMaxMs?: number;
  backoff?: BackoffPolicy;
  now?: () => Date;
  sleep?: Sleep;
  random?: () => number;
  /** Log each local-mailbox delivery (development). */
  logLocalDeliveries?: boolean;
  /** Tests: runs after the provider answered and before the outcome is recorded. */
  afterSend?: (claim: Claim, outcome: SendOutcome) => void | Promise<void>;
}

export interface OutboxWorker {
  /** Claims, sends and records one group. Resolves to the number of messages handled (0: idle). */
  runOnce(): Promise<number>;
  /** Runs the loop in the background until stop(). */
  start(): void;
  /**
   * Stops claiming, lets the request in flight finish and be recorded (or gives an unsent claim back).
   * With `graceMs`, a request still in flight after that long is abandoned and recorded as failed, so
   * its rows are released for a retry under the same idempotency key (a graceful shutdown's deadline).
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Wakes an idle worker. A ring between `reset()` and `wait()` is kept, so a message queued while the
 * worker was looking (and not seen by its query) never waits for the next timeout.
 */
export class Doorbell {
  #rung = false;
  #wake: (() => void) | undefined;

  ring(): void {
    this.#rung = true;
    this.#wake?.();
  }

  /** Forgets earlier rings: called just before the worker looks for due messages. */
  reset(): void {
    this.#rung = false;
  }

  /** Resolves when rung (at once if rung since `reset()`), after `ms`, or when `signal` aborts. */
  async wait(ms: number, sleep: Sleep, signal: AbortSignal): Promise<void> {
    if (this.#rung || signal.aborted) return;
    const woken = new AbortController();
    const wake = (): void => woken.abort();
    this.#wake = wake;
    signal.addEventListener('abort', wake, { once: true });
    try {
      await sleep(ms, woken.signal);
    } finally {
      if (this.#wake === wake) this.#wake = undefined;
      signal.removeEventListener('abort', wake);
    }
  }
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const {
    db,
    transport,
    logger,
    leaseMs = 120_000,
    requestTimeoutMs = 20_000,
    pollIntervalMs = 1_000,
    doorbell,
    idleMaxMs = 30_000,
    backoff = DEFAULT_BACKOFF,
    now = () => new Date(),
    sleep = realSleep,
    random = Math.random,
  } = options;
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize ?? transport.maxBatchSize, transport.maxBatchSize),
  );
  if (requestTimeoutMs >= leaseMs) throw new RangeError('requestTimeoutMs must be shorter than leaseMs');
  const pacer =
    options.pacer ??
    createPacer({
      perSecond: options.ratePerSecond ?? 2,
      marginMs: options.rateMarginMs ?? 50,
      now: () => now().getTime(),
      sleep,
    });
  const workerId = randomUUID().slice(0, 8);
  const stopping = new AbortController();
  // Aborts the provider request in flight: a shutdown that cannot wait for it.
  const abandon = new AbortController();
  let consecutiveFailures = 0;
  let loop: Promise<void> | undefined;

  /**
   * Sends a claim's rows. A row whose sealed link cannot be opened (APP_SECRET changed since it was
   * queued) is left out of the request and refused on its own: the same rows are left out on every
   * retry, so the request stays byte-identical for its idempotency key.
   */
  async function sendClaim(claim: Claim): Promise<SendOutcome> {
    const rendered = claim.rows.map((row) => {
      try {
        return toOutgoing(row, options.appSecret);
      } catch {
        return null;
      }
    });
    const sendable = rendered.filter((r) => r !== null);
    const unopenable = {
      ok: false as const,
      error: 'Its one-time link could not be opened (was APP_SECRET changed?)',
    };
    if (sendable.length === 0) return { kind: 'accepted', items: rendered.map(() => unopenable) };
    const outcome = await transport.send(sendable, {
      idempotencyKey: claim.sendKey,
      signal: AbortSignal.any([AbortSignal.timeout(requestTimeoutMs), abandon.signal]),
    });
    if (outcome.kind !== 'accepted' || sendable.length === rendered.length) return outcome;
    const items = [...outcome.items];
    return {
      ...outcome,
      items: rendered.map((r) => (r === null ? unopenable : (items.shift() ?? unopenable))),
    };
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimNextGroup(db, {
      now: now(),
      leaseMs,
      batchSize,
      leaseToken: randomUUID(),
    });
    if (!claimed) return 0;
    if (claimed.suppressed > 0)
      logger.info('Emails not sent to suppressed addresses', { count: claimed.suppressed });
    const claim = claimed.claim;
    if (!claim) return claimed.suppressed;

    await pacer.wait(stopping.signal);
    if (stopping.signal.aborted) {
      await releaseClaim(db, claim, now());
      return 0;
    }
    const outcome = await sendClaim(claim);
    await options.afterSend?.(claim, outcome);
    const result = await recordOutcome(db, claim, outcome, {
      now: now(),
      provider: transport.provider,
      random,
      backoff,
    });

    const fields = { worker: workerId, sendKey: claim.sendKey, messages: claim.rows.length };
    if (!result.leaseHeld) {
      logger.warn('Email lease lost before the outcome was recorded; another worker retries it', fields);
    } else if (outcome.kind === 'accepted') {
      // Two failures in a row, then a success: the provider was down and is back (one failure between
      // successes is more likely that group's own problem, and is left to its backoff).
      if (consecutiveFailures >= RECOVERY_AFTER_FAILURES) {
        const due = await retryFailedNow(db, now());
        if (due > 0) logger.info('Email provider back; retrying waiting messages now', { ...fields, due });
      }
      consecutiveFailures = 0;
      if (result.dead.length > 0)
        logger.warn('Emails refused by the provider', { ...fields, dead: result.dead });
      if (transport.provider === 'local' && options.logLocalDeliveries) {
        for (const row of claim.rows) {
          logger.info('Email delivered to the local mailbox (/staff/mailbox)', {
            outboxId: row.id,
            kind: row.kind,
          });
        }
      } else {
        logger.debug('Emails sent', { ...fields, sent: result.sent.length });
      }
    } else if (outcome.kind === 'rate-limited') {
      logger.warn('Email provider rate limit hit; pausing', {
        ...fields,
        retryAfterMs: outcome.retryAfterMs,
      });
      pacer.pauseFor(outcome.retryAfterMs);
    } else {
      consecutiveFailures += 1;
      logger.warn('Email send failed', {
        ...fields,
        outcome: outcome.kind,
        error: outcome.error,
        dead: result.dead.length,
        retry: result.failed.length,
      });
      // The provider is down or refusing: slow the whole worker down, not just this group.
      if (outcome.kind === 'failed') {
        pacer.pauseFor(Math.min(retryDelayMs(consecutiveFailures, random, backoff), 60_000));
      }
    }
    if (outcome.kind !== 'rejected' && outcome.providerLimit && outcome.providerLimit < pacer.perSecond) {
      logger.warn('Email rate above the provider’s limit; slowing down (set EMAIL_RATE_LIMIT_PER_SECOND)', {
        configured: pacer.perSecond,
        providerLimit: outcome.providerLimit,
      });
      pacer.setRate(outcome.providerLimit);
    }
    return claim.rows.length;
  }

  /** Nothing was due: wait for the doorbell or the next due time, or poll again after a while. */
  async function idle(): Promise<void> {
    if (!doorbell) return sleep(pollIntervalMs, stopping.signal);
    let ms = idleMaxMs;
    const due = await nextDueAt(db);
    if (due) ms = Math.min(ms, Math.max(due.getTime() - now().getTime(), pollIntervalMs));
    await doorbell.wait(ms, sleep, stopping.signal);
  }

  async function run(): Promise<void> {
    logger.info('Email worker started', {
      worker: workerId,
      provider: transport.provider,
      batchSize,
      wakes: doorbell ? 'on notification' : 'polling',
    });
    while (!stopping.signal.aborted) {
      let handled = 0;
      try {
        doorbell?.reset();
        handled = await runOnce();
      } catch (error) {
        // A database hiccup: claims already made stay leased and are taken over when the lease ends.
        logger.error('Email worker iteration failed', {
          worker: workerId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        await sleep(Math.max(pollIntervalMs, 5_000), stopping.signal);
        continue;
      }
      if (handled === 0) await idle().catch(() => sleep(pollIntervalMs, stopping.signal));
    }
    logger.info('Email worker stopped', { worker: workerId });
  }

  return {
    runOnce,
    start() {
      loop ??= run();
    },
    async stop({ graceMs } = {}) {
      stopping.abort();
      const timer = graceMs === undefined ? undefined : setTimeout(() => abandon.abort(), graceMs);
      try {
        await loop;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * A doorbell rung by the outbox's NOTIFY (and on each reconnection, when rings may have been missed).
 * Without one the worker polls every second, as it did before the trigger existed.
 */
export async function listenForQueuedEmail(
  handle: Pick<DbHandle, 'listen'>,
  logger: Pick<Logger, 'warn'>,
): Promise<Doorbell | undefined> {
  const doorbell = new Doorbell();
  try {
    await handle.listen(
      OUTBOX_CHANNEL,
      () => doorbell.ring(),
      () => doorbell.ring(),
    );
    return doorbell;
  } catch (error) {
    logger.warn('Could not listen for queued email: the worker polls every second', describeError(error));
    return undefined;
  }
}
