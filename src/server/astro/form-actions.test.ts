import { describe, expect, it } from 'vitest';
import {
  actionBodyProblem,
  decodeFlash,
  encodeFlash,
  flashCookieName,
  hasNul,
  keptInput,
  NUL_MESSAGE,
  redirectTarget,
  statusForActionError,
  unexpectedMessage,
} from './form-actions.ts';

describe('keptInput', () => {
  it('keeps text fields, repeated fields as lists, and drops secrets and internals', () => {
    const form = new FormData();
    form.append('name', 'Ada');
    form.append('wards', 'arsenal');
    form.append('wards', 'bunhill');
    form.append('password', 'hunter2hunter2');
    form.append('newPassword', 'x');
    form.append('_action', 'x');
    form.append('photo', new Blob(['x']), 'x.png');
    expect(keptInput(form)).toEqual({ name: 'Ada', wards: ['arsenal', 'bunhill'] });
  });
});

describe('redirectTarget', () => {
  const here = new URL('http://localhost/newsletter?ward=arsenal&_action=subscribe');
  it('goes back to the page without the action parameter', () => {
    expect(redirectTarget(here, undefined)).toBe('/newsletter?ward=arsenal');
    expect(redirectTarget(new URL('http://localhost/x?_action=a'), {})).toBe('/x');
  });
  it('follows a same-site redirect the action asked for', () => {
    expect(redirectTarget(here, { redirectTo: '/concerns/CN-123/sent' })).toBe('/concerns/CN-123/sent');
  });
  it('refuses open redirects', () => {
    for (const to of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)']) {
      expect(redirectTarget(here, { redirectTo: to })).toBe('/newsletter?ward=arsenal');
    }
  });
});

describe('flash cookie', () => {
  it('is __Host- over HTTPS, so only the portal itself can set it', () => {
    expect(flashCookieName(new URL('https://portal.example.org/report/sent'))).toBe('__Host-cn_flash');
    expect(flashCookieName(new URL('http://localhost:4321/report/sent'))).toBe('cn_flash');
  });
  it('round-trips an action result', () => {
    const flash = {
      actionName: 'subscribe',
      actionResult: {
        type: 'data' as const,
        contentType: 'application/json+devalue',
        status: 200,
        body: '[1]',
      },
    };
    const raw = encodeFlash(flash);
    expect(raw).not.toBeNull();
    expect(decodeFlash(raw ?? undefined)).toEqual(flash);
  });
  it('ignores anything malformed', () => {
    expect(decodeFlash(undefined)).toBeNull();
    expect(decodeFlash('not json')).toBeNull();
    expect(decodeFlash('{"actionName":1}')).toBeNull();
  });
  it('refuses results too large for a cookie', () => {
    const big = {
      actionName: 'x',
      actionResult: { type: 'data' as const, status: 200, body: 'x'.repeat(5000) },
    };
    expect(encodeFlash(big)).toBeNull();
  });
});

describe('statusForActionError', () => {
  it('keeps 4xx statuses and turns anything else into 400', () => {
    expect(statusForActionError(429)).toBe(429);
    expect(statusForActionError(403)).toBe(403);
    expect(statusForActionError(500)).toBe(400);
    expect(statusForActionError(undefined)).toBe(400);
  });
});

describe('actionBodyProblem', () => {
  const post = (type: string, body: string) =>
    new Request('http://localhost/_actions/x', { method: 'POST', headers: { 'content-type': type }, body });
  it('refuses JSON that does not parse, and leaves the body readable for the handler', async () => {
    expect(await actionBodyProblem(post('application/json', '{bad'))).toBe(
      'The request body is not valid JSON',
    );
    expect(await actionBodyProblem(post('application/json; charset=utf-8', '{"a":'))).toBe(
      'The request body is not valid JSON',
    );
    expect(await actionBodyProblem(post('application/json', ''))).toBeNull();
    const good = post('application/json', '{"a":1}');
    expect(await actionBodyProblem(good)).toBeNull();
    expect(await good.json()).toEqual({ a: 1 });
  });
  it('refuses a NUL anywhere in JSON or a form, and nothing that only looks like one', async () => {
    expect(await actionBodyProblem(post('application/json', '{"a":["x","b\\u0000"]}'))).toBe(NUL_MESSAGE);
    expect(await actionBodyProblem(post('application/json', '{"a\\u0000":1}'))).toBe(NUL_MESSAGE);
    expect(await actionBodyProblem(post('application/json', '{"a":"\\\\u0000"}'))).toBeNull();
    expect(await actionBodyProblem(post('application/x-www-form-urlencoded', 'a=1&b=x%00y'))).toBe(
      NUL_MESSAGE,
    );
    expect(await actionBodyProblem(post('application/x-www-form-urlencoded', 'a=%%%'))).toBeNull();
  });
  it('leaves other content types to Astro', async () => {
    expect(await actionBodyProblem(post('text/plain', '{bad'))).toBeNull();
  });
});

describe('hasNul', () => {
  it('finds a NUL in any value', () => {
    const form = new FormData();
    form.append('a', 'fine');
    form.append('upload', new Blob(['a file may hold \u0000 bytes']), 'f.bin');
    expect(hasNul(form)).toBe(false);
    form.append('b', 'not\u0000fine');
    expect(hasNul(form)).toBe(true);
  });
});

describe('unexpectedMessage', () => {
  it('takes the message of Astro’s JSON error, or the start of any other body', () => {
    expect(unexpectedMessage('{"type":"AstroActionError","message":"connect ECONNREFUSED"}')).toBe(
      'connect ECONNREFUSED',
    );
    expect(unexpectedMessage('x'.repeat(600))).toHaveLength(500);
  });
});
