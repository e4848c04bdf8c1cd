import { describe, expect, it } from 'vitest';
import { escapeHtml, html, link, paragraph, renderEmail, unsubscribeHeaders } from './layout.ts';

describe('html', () => {
  it('escapes every interpolated value and keeps only html results as markup', () => {
    const name = '<script>alert("x")</script> & co';
    expect(html`<p>${name}</p>`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>',
    );
    expect(html`<div>${paragraph('a < b')}</div>`.value).toContain('a &lt; b</p></div>');
    expect(html`${['<i>', html`<b>`]}`.value).toBe('&lt;i&gt;<b>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('escapes link addresses and refuses links that are not absolute http(s)', () => {
    expect(link('Go', 'https://example.org/a?b=1&c="2"').value).toContain(
      'href="https://example.org/a?b=1&amp;c=%222%22"',
    );
    expect(() => link('Go', 'javascript:alert(1)')).toThrow();
    expect(() => link('Go', '/relative')).toThrow();
  });
});

describe('renderEmail', () => {
  const email = renderEmail({
    subject: 'A <subject>',
    preheader: 'Preview',
    body: paragraph('Hello & welcome'),
    text: 'Hello & welcome',
    reason: 'You asked for this.',
    unsubscribeUrl: 'https://portal.example/newsletter/unsubscribe?t=1',
  });

  it('is an English document titled with the subject, escaped', () => {
    expect(email.html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(email.html).toContain('<title>A &lt;subject&gt;</title>');
    expect(email.html).toContain('Hello &amp; welcome');
  });

  it('uses layout tables marked presentational and no images', () => {
    const tables = email.html.match(/<table\b[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table).toContain('role="presentation"');
    expect(email.html).not.toMatch(/<img\b/i);
  });

  it('has a plain-text twin with the footer, the unsubscribe link and no markup', () => {
    expect(email.text).toContain('Hello & welcome');
    expect(email.text).toContain(
      'Unsubscribe from these emails: https://portal.example/newsletter/unsubscribe?t=1',
    );
    expect(email.text).toContain('call 999');
    expect(email.text).not.toMatch(/<[a-z]/i);
  });
});

describe('unsubscribeHeaders', () => {
  it('offers one-click unsubscribe over https (RFC 8058)', () => {
    expect(unsubscribeHeaders('https://portal.example/u?t=1')).toEqual({
      'List-Unsubscribe': '<https://portal.example/u?t=1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
  it('sends only List-Unsubscribe over plain http (development)', () => {
    expect(unsubscribeHeaders('http://localhost:4321/u?t=1')).toEqual({
      'List-Unsubscribe': '<http://localhost:4321/u?t=1>',
    });
  });
});
