import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders paragraphs, emphasis, lists and links with GOV.UK classes', () => {
    const html = renderMarkdown('Hello **world**\n\n- one\n- two\n\n[Read more](https://example.org/x)');
    expect(html).toContain('<p class="govuk-body">Hello <strong>world</strong></p>');
    expect(html).toContain('<ul class="govuk-list govuk-list--bullet">');
    expect(html).toContain('<a class="govuk-link" href="https://example.org/x">Read more</a>');
  });

  it('escapes raw HTML and drops script', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    // What remains is text, shown as typed.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('drops dangerous link schemes and images', () => {
    const html = renderMarkdown(
      '[x](javascript:alert(1)) ![y](https://evil.example/p.png) [z](//evil.example)',
    );
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('//evil.example"');
  });

  it('does not let authors set their own classes or attributes', () => {
    const html = renderMarkdown('[x](https://a.example "title")');
    expect(html).toBe('<p class="govuk-body"><a class="govuk-link" href="https://a.example">x</a></p>');
  });

  it('turns top-level headings into small ones', () => {
    expect(renderMarkdown('# Big')).toBe('<h3 class="govuk-heading-s">Big</h3>');
  });
});
