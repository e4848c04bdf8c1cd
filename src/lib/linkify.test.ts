import { describe, expect, it } from 'vitest';
import { linkifyText } from './linkify.ts';

describe('linkifyText', () => {
  it('links http and https addresses and keeps the rest as text', () => {
    expect(linkifyText('Set up your account: https://portal.example.org/staff/setup/abc\n\nThanks')).toEqual([
      { text: 'Set up your account: ' },
      {
        text: 'https://portal.example.org/staff/setup/abc',
        href: 'https://portal.example.org/staff/setup/abc',
      },
      { text: '\n\nThanks' },
    ]);
    expect(linkifyText('see http://localhost:4321/x?a=1&b=2.')).toEqual([
      { text: 'see ' },
      { text: 'http://localhost:4321/x?a=1&b=2', href: 'http://localhost:4321/x?a=1&b=2' },
      { text: '.' },
    ]);
  });
  it('leaves other schemes as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:a@b.c',
      'ftp://x.example/',
    ]) {
      expect(linkifyText(text)).toEqual([{ text }]);
    }
  });
  it('stops at markup and quotes, so nothing can break out of the link', () => {
    const pieces = linkifyText('<a href="https://x.example/a">https://x.example/b"onmouseover="x</a>');
    expect(pieces.filter((p) => 'href' in p).map((p) => ('href' in p ? p.href : ''))).toEqual([
      'https://x.example/a',
      'https://x.example/b',
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(
      '<a href="https://x.example/a">https://x.example/b"onmouseover="x</a>',
    );
  });
  it('keeps brackets that belong to the address and drops those that close a sentence', () => {
    expect(linkifyText('(see https://en.example/wiki/A_(b))')).toEqual([
      { text: '(see ' },
      { text: 'https://en.example/wiki/A_(b)', href: 'https://en.example/wiki/A_(b)' },
      { text: ')' },
    ]);
  });
  it('gives the text back whole when there is no address', () => {
    expect(linkifyText('')).toEqual([]);
    expect(linkifyText('no links here')).toEqual([{ text: 'no links here' }]);
  });
});
