import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, decideRetry, retryDelayMs } from './email.ts';

describe('retryDelayMs', () => {
  it('doubles from 30 s up to an hour, with jitter between half and the whole', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(2, () => 1)).toBe(60_000);
    expect(retryDelayMs(5, () => 1)).toBe(480_000);
    expect(retryDelayMs(20, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(retryDelayMs(1000, () => 0.5)).toBe(DEFAULT_BACKOFF.maxMs * 0.75);
    expect(retryDelayMs(0, () => 1)).toBe(30_000);
  });
});

describe('decideRetry', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('retries after the delay, but never after the give-up time', () => {
    const giveUp = new Date(now.getTime() + 60_000);
    expect(decideRetry(now, giveUp, 10_000)).toEqual({
      status: 'failed',
      nextAttemptAt: new Date(now.getTime() + 10_000),
    });
    expect(decideRetry(now, giveUp, 600_000)).toEqual({ status: 'failed', nextAttemptAt: giveUp });
  });
  it('gives up at or after the give-up time', () => {
    expect(decideRetry(now, now, 1)).toEqual({ status: 'dead' });
    expect(decideRetry(now, new Date(now.getTime() - 1), 1)).toEqual({ status: 'dead' });
  });
});
