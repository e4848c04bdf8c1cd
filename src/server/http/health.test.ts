import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { silentLogger } from '../node/logger.ts';
import {
  databaseProbe,
  markShuttingDown,
  readiness,
  resetHealthState,
  serveHealth,
  setReadinessProbe,
} from './health.ts';

function exchange(url: string, method = 'GET') {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = headers;
      return res;
    },
    end(body?: string) {
      sent.body = body;
      done();
    },
  };
  const answered = serveHealth({ url, method } as IncomingMessage, res as unknown as ServerResponse);
  return { answered, sent, finished };
}

afterEach(() => {
  resetHealthState();
});

describe('the health endpoints', () => {
  it('leave every other path to the rest of the server', () => {
    expect(exchange('/health').answered).toBe(false);
    expect(exchange('/health/live/x').answered).toBe(false);
    expect(exchange('/').answered).toBe(false);
  });

  it('answer liveness with ok, no-store, whatever the database', async () => {
    const { answered, sent, finished } = exchange('/health/live?probe=1');
    await finished;
    expect(answered).toBe(true);
    expect(sent.status).toBe(200);
    expect(sent.headers?.['Cache-Control']).toBe('no-store');
    expect(JSON.parse(sent.body ?? '')).toEqual({ status: 'ok' });
  });

  it('are not ready before the runtime gives a probe, and say nothing more', async () => {
    const { sent, finished } = exchange('/health/ready');
    await finished;
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body ?? '')).toEqual({ status: 'unavailable' });
  });

  it('follow the probe, sharing one check between callers at once', async () => {
    const probe = vi.fn(async () => null);
    setReadinessProbe(probe);
    const [a, b] = [exchange('/health/ready'), exchange('/health/ready', 'HEAD')];
    await Promise.all([a.finished, b.finished]);
    expect([a.sent.status, b.sent.status]).toEqual([200, 200]);
    expect(b.sent.body).toBeUndefined();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('refuse other methods', async () => {
    const { sent, finished } = exchange('/health/ready', 'POST');
    await finished;
    expect(sent.status).toBe(405);
  });
});

describe('the database probe', () => {
  const failing = (message: string) =>
    ({ execute: () => Promise.reject(new Error(message)) }) as unknown as Db;
  const hanging = { execute: () => new Promise(() => undefined) } as unknown as Db;
  const answering = (applied: number) =>
    ({
      execute: vi
        .fn()
        .mockResolvedValueOnce([{ '?column?': 1 }])
        .mockResolvedValueOnce([{ applied: String(applied) }]),
    }) as unknown as Db;

  it('is ready when the database answers and holds every migration of the build', async () => {
    expect(await databaseProbe(answering(200), 200, silentLogger)()).toBeNull();
    expect(await databaseProbe(answering(300), 200, silentLogger)()).toBeNull();
  });

  it('is not ready when migrations are behind, the database refuses, or it does not answer in time', async () => {
    expect(await databaseProbe(answering(100), 200, silentLogger)()).toMatch(/migrations behind/);
    expect(await databaseProbe(failing('connect ECONNREFUSED'), 200, silentLogger)()).toMatch(/ECONNREFUSED/);
    expect(await databaseProbe(hanging, 200, silentLogger, 50)()).toMatch(/did not answer within 50 ms/);
  });

  it('logs the reason when it changes, not on every check', async () => {
    const warn = vi.fn();
    const logger = { ...silentLogger, warn };
    const probe = databaseProbe(failing('down'), 1, logger);
    await probe();
    await probe();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toEqual({ reason: 'database: down' });
  });

  it('readiness reuses a result for half a second', async () => {
    const probe = vi.fn(async () => 'down');
    setReadinessProbe(probe);
    expect(await readiness()).toBe(false);
    expect(await readiness()).toBe(false);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});

describe('a shutdown', () => {
  it('makes the process not ready at once, whatever the database says', async () => {
    setReadinessProbe(async () => null);
    expect(await readiness()).toBe(true);
    markShuttingDown();
    expect(await readiness()).toBe(false);
    // A probe given afterwards (a reconnect) does not make it ready again.
    setReadinessProbe(async () => null);
    expect(await readiness()).toBe(false);
  });
});
