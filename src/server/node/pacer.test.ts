import { describe, expect, it } from 'vitest';
import { createPacer, realSleep } from './pacer.ts';

function fakeTime() {
  let t = 1_000_000;
  const sleep = async (ms: number): Promise<void> => {
    t += ms;
  };
  return { now: () => t, sleep, get: () => t };
}

describe('createPacer', () => {
  it('spaces requests evenly at the rate, so no second holds more than the limit', async () => {
    const time = fakeTime();
    const pacer = createPacer({ perSecond: 2, ...time });
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pacer.wait();
      starts.push(time.get());
    }
    expect(starts.map((s) => s - (starts[0] as number))).toEqual([0, 500, 1000, 1500, 2000, 2500]);
  });

  it('leaves a margin for jitter in every window', async () => {
    const time = fakeTime();
    const pacer = createPacer({ perSecond: 2, marginMs: 50, ...time });
    const t0 = time.get();
    await pacer.wait();
    await pacer.wait();
    await pacer.wait();
    expect(time.get() - t0).toBe(1050);
  });

  it('queues concurrent callers instead of letting them share a slot', async () => {
    const time = fakeTime();
    const slept: number[] = [];
    const pacer = createPacer({ perSecond: 4, now: time.now, sleep: async (ms) => void slept.push(ms) });
    await Promise.all([pacer.wait(), pacer.wait(), pacer.wait()]);
    expect(slept).toEqual([250, 500]);
  });

  it('pauses for as long as asked, and a shorter pause does not cut a longer one', async () => {
    const time = fakeTime();
    const pacer = createPacer({ perSecond: 10, ...time });
    await pacer.wait();
    const t0 = time.get();
    pacer.pauseFor(3000);
    pacer.pauseFor(1000);
    await pacer.wait();
    expect(time.get() - t0).toBe(3000);
  });

  it('changes rate from the last slot on', async () => {
    const time = fakeTime();
    const pacer = createPacer({ perSecond: 10, ...time });
    await pacer.wait();
    const t0 = time.get();
    pacer.setRate(2);
    expect(pacer.perSecond).toBe(2);
    await pacer.wait();
    await pacer.wait();
    expect(time.get() - t0).toBe(1000);
  });

  it('refuses a rate of zero', () => {
    expect(() => createPacer({ perSecond: 0 })).toThrow(RangeError);
  });
});

describe('realSleep', () => {
  it('resolves early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = realSleep(10_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
