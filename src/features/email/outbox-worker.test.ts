import { describe, expect, it } from 'vitest';
import { realSleep } from '../../server/node/pacer.ts';
import { Doorbell } from './outbox-worker.ts';

const never = new AbortController().signal;
const HOUR = 3_600_000;

/** Whether `promise` settles within a few event-loop turns. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Doorbell', () => {
  it('keeps a ring that came while the worker was looking: the next wait returns at once', async () => {
    const bell = new Doorbell();
    bell.reset();
    bell.ring();
    expect(await settlesSoon(bell.wait(HOUR, realSleep, never))).toBe(true);
  });

  it('forgets rings from before the worker looked', async () => {
    const bell = new Doorbell();
    bell.ring();
    bell.reset();
    const stop = new AbortController();
    const waiting = bell.wait(HOUR, realSleep, stop.signal);
    expect(await settlesSoon(waiting)).toBe(false);
    stop.abort();
    expect(await settlesSoon(waiting)).toBe(true);
  });

  it('wakes a sleeping worker when rung', async () => {
    const bell = new Doorbell();
    bell.reset();
    const waiting = bell.wait(HOUR, realSleep, never);
    expect(await settlesSoon(waiting)).toBe(false);
    bell.ring();
    expect(await settlesSoon(waiting)).toBe(true);
  });
});
