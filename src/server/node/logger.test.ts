import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import { withRequestContext } from './request-context.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it('writes one JSON line per entry at or above its level, secrets masked', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const logger = createLogger('info');
    logger.debug('hidden');
    logger.info('shown', { outboxId: 'x', apiKey: 're_secret' });
    logger.warn('careful');
    expect(out).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(out.mock.calls[0]?.[0]));
    expect(line).toMatchObject({ level: 'info', message: 'shown', outboxId: 'x', apiKey: '[redacted]' });
    expect(err).toHaveBeenCalledTimes(1);
  });
});

describe('a line written while a request is handled', () => {
  it('carries the request id', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const logger = createLogger('info');
    withRequestContext({ requestId: 'req-12345678' }, () => logger.info('inside'));
    logger.info('outside');
    expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toMatchObject({
      message: 'inside',
      requestId: 'req-12345678',
    });
    expect(JSON.parse(String(out.mock.calls[1]?.[0]))).not.toHaveProperty('requestId');
  });
});
