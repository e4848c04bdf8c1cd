import { describe, expect, it } from 'vitest';
import { countSignInFailure, metricsText, pageCacheLookups, setOutboxSource } from './metrics.ts';

describe('the metrics', () => {
  it('are Prometheus text, with the outbox gauges read once per scrape', async () => {
    let reads = 0;
    setOutboxSource(async () => {
      reads += 1;
      return { depth: 12, oldestAgeSeconds: 90.5, dead: 3 };
    });
    pageCacheLookups.inc({ result: 'hit' });
    const text = await metricsText();
    expect(text).toMatch(/^cn_email_outbox_depth 12$/m);
    expect(text).toMatch(/^cn_email_outbox_oldest_age_seconds 90\.5$/m);
    expect(text).toMatch(/^cn_email_outbox_dead 3$/m);
    expect(text).toMatch(/^cn_page_cache_total\{result="hit"\} 1$/m);
    expect(text).toMatch(/^# TYPE cn_http_request_duration_seconds histogram$/m);
    expect(reads).toBe(1);
    setOutboxSource(undefined);
  });

  it('count sign-in failures by step and a known reason only', async () => {
    countSignInFailure('password', 'invalid_credentials');
    countSignInFailure('code', 'anything else at all');
    const text = await metricsText();
    expect(text).toMatch(/^cn_sign_in_failures_total\{step="password",reason="invalid_credentials"\} 1$/m);
    expect(text).toMatch(/^cn_sign_in_failures_total\{step="code",reason="other"\} 1$/m);
  });

  it('show the outbox gauges as unknown (NaN) when the database cannot be read', async () => {
    setOutboxSource(() => Promise.reject(new Error('down')));
    const text = await metricsText();
    expect(text).toMatch(/^cn_email_outbox_depth nan$/im);
    setOutboxSource(undefined);
  });
});
