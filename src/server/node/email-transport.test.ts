import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  batchItems,
  DEFAULT_FROM,
  EmailConfigError,
  providerLimit,
  readEmailConfig,
  retryAfterMs,
  verifyWebhook,
} from './email-transport.ts';

describe('readEmailConfig', () => {
  it('runs offline with defaults outside production', () => {
    expect(readEmailConfig({})).toEqual({
      production: false,
      resendApiKey: undefined,
      resendBaseUrl: undefined,
      from: DEFAULT_FROM,
      webhookSecret: undefined,
      ratePerSecond: 2,
      workerInServer: true,
      leaseMs: 120_000,
      requestTimeoutMs: 20_000,
    });
  });

  it('takes a shorter lease, with the request timeout kept to half of it', () => {
    expect(readEmailConfig({ EMAIL_LEASE_SECONDS: '10' })).toMatchObject({
      leaseMs: 10_000,
      requestTimeoutMs: 5_000,
    });
  });

  it('fails fast in production without the API key, the sender and the webhook secret', () => {
    expect(() => readEmailConfig({ NODE_ENV: 'production' })).toThrow(EmailConfigError);
    try {
      readEmailConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect((error as Error).message).toMatch(/RESEND_API_KEY.*EMAIL_FROM|EMAIL_FROM.*RESEND_API_KEY/s);
      expect((error as Error).message).toContain('RESEND_WEBHOOK_SECRET');
    }
    const config = readEmailConfig({
      NODE_ENV: 'production',
      RESEND_API_KEY: 're_live',
      EMAIL_FROM: 'Central North <news@cn.example.org>',
      RESEND_WEBHOOK_SECRET: 'whsec_x',
      EMAIL_RATE_LIMIT_PER_SECOND: '5',
      EMAIL_WORKER: 'off',
    });
    expect(config).toMatchObject({ production: true, ratePerSecond: 5, workerInServer: false });
  });

  it('refuses bad values', () => {
    expect(() => readEmailConfig({ EMAIL_RATE_LIMIT_PER_SECOND: '0' })).toThrow(
      /EMAIL_RATE_LIMIT_PER_SECOND/,
    );
    expect(() => readEmailConfig({ EMAIL_RATE_LIMIT_PER_SECOND: 'fast' })).toThrow(
      /EMAIL_RATE_LIMIT_PER_SECOND/,
    );
    expect(() => readEmailConfig({ EMAIL_WORKER: 'yes' })).toThrow(/EMAIL_WORKER/);
    expect(() => readEmailConfig({ EMAIL_FROM: 'a@b.example\r\nBcc: x@y.example' })).toThrow(/EMAIL_FROM/);
    expect(() => readEmailConfig({ EMAIL_FROM: 'Nobody' })).toThrow(/EMAIL_FROM/);
    expect(() => readEmailConfig({ RESEND_BASE_URL: 'not a url' })).toThrow(/RESEND_BASE_URL/);
    expect(() => readEmailConfig({ EMAIL_LEASE_SECONDS: '2' })).toThrow(/EMAIL_LEASE_SECONDS/);
    expect(() => readEmailConfig({ EMAIL_LEASE_SECONDS: '1.5' })).toThrow(/EMAIL_LEASE_SECONDS/);
  });
});

describe('batchItems', () => {
  it('matches a permissive answer to the request, refused ones by index', () => {
    expect(batchItems(3, [{ id: 'a' }, { id: 'c' }], [{ index: 1, message: 'bad to' }])).toEqual([
      { ok: true, providerMessageId: 'a' },
      { ok: false, error: 'Refused by Resend: bad to' },
      { ok: true, providerMessageId: 'c' },
    ]);
  });
  it('returns null for an answer that does not add up', () => {
    expect(batchItems(3, [{ id: 'a' }], [])).toBeNull();
    expect(
      batchItems(
        2,
        [],
        [
          { index: 0, message: 'x' },
          { index: 0, message: 'y' },
        ],
      ),
    ).toBeNull();
  });
});

describe('rate-limit headers', () => {
  it('reads Retry-After as seconds or a date, falling back to ratelimit-reset, then 1 s', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
    expect(retryAfterMs({ 'retry-after': '0.5' })).toBe(500);
    expect(
      retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 12:00:10 GMT' }, Date.parse('2026-11-22T12:00:00Z')),
    ).toBe(10_000);
    expect(retryAfterMs({ 'ratelimit-reset': '2' })).toBe(2000);
    expect(retryAfterMs(null)).toBe(1000);
  });
  it('reads the advertised limit', () => {
    expect(providerLimit({ 'ratelimit-limit': '2', 'ratelimit-remaining': '0' })).toBe(2);
    expect(providerLimit({ 'ratelimit-limit': 'x' })).toBeUndefined();
    expect(providerLimit(null)).toBeUndefined();
  });
});

describe('verifyWebhook', () => {
  const secret = `whsec_${Buffer.from('a test signing secret, 32 bytes!').toString('base64')}`;
  const body = JSON.stringify({
    type: 'email.bounced',
    created_at: '2026-11-22T12:00:00.000Z',
    data: { email_id: 're_123', to: ['Someone@Example.com'], bounce: { type: 'Permanent' } },
  });
  // Signed here with node:crypto from the Svix spec, independently of the SDK under test.
  function sign(payload: string, id: string, timestamp: number, key = secret): Record<string, string> {
    const raw = Buffer.from(key.replace(/^whsec_/, ''), 'base64');
    const signature = createHmac('sha256', raw).update(`${id}.${timestamp}.${payload}`).digest('base64');
    return { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': `v1,${signature}` };
  }
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a correctly signed event and reads what the portal records', () => {
    expect(verifyWebhook(body, sign(body, 'msg_1', now()), secret)).toEqual({
      id: 'msg_1',
      type: 'email.bounced',
      providerMessageId: 're_123',
      recipients: ['Someone@Example.com'],
      bounceType: 'Permanent',
      occurredAt: new Date('2026-11-22T12:00:00.000Z'),
    });
  });

  it('accepts Headers objects and several signatures, one of them right', () => {
    const headers = sign(body, 'msg_2', now());
    headers['svix-signature'] = `v1,d3Jvbmc= ${headers['svix-signature']}`;
    expect(verifyWebhook(body, new Headers(headers), secret)?.id).toBe('msg_2');
  });

  it('refuses a changed body, another secret, a stale or future timestamp, and missing headers', () => {
    const headers = sign(body, 'msg_3', now());
    expect(verifyWebhook(body.replace('Permanent', 'Transient'), headers, secret)).toBeNull();
    const other = `whsec_${Buffer.from('another secret entirely, 32 byte').toString('base64')}`;
    expect(verifyWebhook(body, sign(body, 'msg_3', now(), other), secret)).toBeNull();
    expect(verifyWebhook(body, sign(body, 'msg_3', now() - 6 * 60), secret)).toBeNull();
    expect(verifyWebhook(body, sign(body, 'msg_3', now() + 6 * 60), secret)).toBeNull();
    const { 'svix-signature': _, ...unsigned } = headers;
    expect(verifyWebhook(body, unsigned, secret)).toBeNull();
    expect(verifyWebhook(body, { ...headers, 'svix-id': 'msg_other' }, secret)).toBeNull();
  });
});
