// Paces requests to an outside API: at most `perSecond` requests per second, evenly spaced (so any
// one-second window holds at most that many), a pause when the API asks for one (429 Retry-After),
// and a lower rate when the API advertises one. Clock and sleep are injected so tests run in virtual time.
// No astro:* imports: used by the stand-alone worker too.

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Pacer {
  /** Resolves when the next request may go. */
  wait(signal?: AbortSignal): Promise<void>;
  /** Sends nothing for `ms` from now (extends, never shortens, a pause already in force). */
  pauseFor(ms: number): void;
  /** The current rate, requests per second. */
  readonly perSecond: number;
  /** Changes the rate; the next slot moves to one new interval after the last one. */
  setRate(perSecond: number): void;
}

export interface PacerOptions {
  perSecond: number;
  /**
   * Slack per one-second window for network jitter: requests are spaced (1000 + marginMs) / perSecond
   * apart, so a provider counting over a rolling second still sees at most perSecond even when one
   * request arrives a little late and the next one on time. Default 0.
   */
  marginMs?: number;
  now?: () => number;
  sleep?: Sleep;
}

/** setTimeout as a promise that resolves early (never rejects) when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export function createPacer({
  perSecond,
  marginMs = 0,
  now = Date.now,
  sleep = realSleep,
}: PacerOptions): Pacer {
  if (!(perSecond > 0)) throw new RangeError('perSecond must be above 0');
  const spacing = (rate: number): number => (1000 + marginMs) / rate;
  let rate = perSecond;
  let interval = spacing(perSecond);
  let nextSlot = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  return {
    async wait(signal) {
      // Reserve a slot first, so concurrent callers queue up instead of all taking the same one.
      const slot = Math.max(now(), nextSlot, pausedUntil);
      nextSlot = slot + interval;
      const delay = slot - now();
      if (delay > 0) await sleep(delay, signal);
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    get perSecond() {
      return rate;
    },
    setRate(next) {
      if (!(next > 0)) throw new RangeError('perSecond must be above 0');
      nextSlot += spacing(next) - interval;
      rate = next;
      interval = spacing(next);
    },
  };
}
