import { describe, expect, it } from 'vitest';
import { describeError, redact } from './log.ts';

describe('redact', () => {
  it('masks fields that look like secrets and keeps the rest', () => {
    expect(
      redact({
        path: '/x',
        password: 'p',
        sessionToken: 't',
        Authorization: 'Bearer x',
        apiKey: 'k',
        recoveryCode: 'r',
        status: 200,
      }),
    ).toEqual({
      path: '/x',
      password: '[redacted]',
      sessionToken: '[redacted]',
      Authorization: '[redacted]',
      apiKey: '[redacted]',
      recoveryCode: '[redacted]',
      status: 200,
    });
  });
});

describe('describeError', () => {
  it('gives the name and message without a stack', () => {
    const d = describeError(new TypeError('bad'));
    expect(d).toEqual({ error: 'TypeError: bad' });
    expect(describeError('plain')).toEqual({ error: 'plain' });
  });
});
