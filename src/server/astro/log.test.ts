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
  it('never gives a failed query’s parameters, and names the database’s error', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    const failed = new Error(
      'Failed query: insert into "staff_users" ("email") values ($1)\nparams: ada@example.org',
      {
        cause,
      },
    );
    const { error } = describeError(failed);
    expect(error).not.toContain('ada@example.org');
    expect(error).toBe(
      'Error: Failed query: insert into "staff_users" ("email") values ($1)\nparams: [not logged]' +
        ' (cause: 23505 duplicate key value violates unique constraint)',
    );
  });
});
