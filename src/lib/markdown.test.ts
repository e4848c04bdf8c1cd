import { describe, expect, it } from 'vitest';
import { isAllowedImageSource, markdownImageProblems, renderMarkdown } from './markdown.ts';

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

  it('keeps images only where asked, from the listed hosts over https, with alt text', () => {
    const md =
      '![Officers on patrol](https://www.camden.gov.uk/p.png) ![Tracker](https://evil.example/p.png)\n\n' +
      '![](https://www.camden.gov.uk/q.png) ![x](http://www.camden.gov.uk/r.png) ![y](https://www.camden.gov.uk:8443/s.png)';
    expect(renderMarkdown(md)).not.toContain('<img');
    const html = renderMarkdown(md, { images: true });
    expect(html).toContain(
      '<img class="cn-markdown-image" src="https://www.camden.gov.uk/p.png" alt="Officers on patrol" />',
    );
    expect(html.match(/<img/g)).toHaveLength(1);
    expect(html).not.toContain('evil.example');
  });

  it('never lets script, event handlers or javascript: URLs through, on the web or in email', () => {
    const md =
      '<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">a</a>\n\n' +
      '[j](javascript:alert(1)) [j2](JaVaScRiPt:alert(1)) ![i](javascript:alert(1))\n\n<img src=x onerror=alert(1)>';
    for (const target of ['web', 'email'] as const) {
      const html = renderMarkdown(md, { images: true, target });
      // Escaped text may show what was typed; no element may carry it.
      expect(html).not.toMatch(/<script|<[a-z]+\b[^>]*\son[a-z]+=|<[a-z]+\b[^>]*(href|src)="\s*javascript:/i);
    }
  });

  it('styles email inline instead of with classes', () => {
    const html = renderMarkdown('Hi [x](https://a.example)', { target: 'email' });
    expect(html).toMatch(/^<p style="[^"]+">Hi <a style="[^"]+" href="https:\/\/a.example">x<\/a><\/p>$/);
  });

  it('names each image problem so the author can fix it', () => {
    expect(markdownImageProblems('![A meeting](https://www.islington.gov.uk/a.jpg)')).toEqual([]);
    expect(markdownImageProblems('![](https://www.islington.gov.uk/a.jpg)')[0]).toMatch(/alt text/);
    expect(markdownImageProblems('![x](https://evil.example/a.jpg)')[0]).toMatch(
      /evil\.example\/a\.jpg is not/,
    );
    expect(markdownImageProblems('![x](http://www.islington.gov.uk/a.jpg)')).toHaveLength(1);
    expect(isAllowedImageSource('https://user@www.islington.gov.uk/a.jpg')).toBe(false);
  });

  it('makes top headings h2 where the text follows the page h1 (a newsletter), keeping the order', () => {
    expect(renderMarkdown('# A\n\n## B\n\n### C\n\n#### D', { topHeading: 2 })).toBe(
      '<h2 class="govuk-heading-m">A</h2>\n<h2 class="govuk-heading-m">B</h2>\n<h3 class="govuk-heading-s">C</h3>\n<h3 class="govuk-heading-s">D</h3>',
    );
    expect(renderMarkdown('## B')).toBe('<h3 class="govuk-heading-s">B</h3>');
  });
});
