// Routes to people the public pages promise: reporting a crime online (footer), deaf residents'
// routes to the police (accessibility statement), and the data protection officers (privacy notice).
// Only routes the organisations publish; no form or address that does not exist.
import { describe, expect, inject, it } from 'vitest';

const baseURL = inject('baseURL');
const MET_ONLINE_REPORTING = 'https://www.met.police.uk/ro/report/';

async function page(path: string): Promise<{ html: string; text: string }> {
  const html = await (await fetch(baseURL + path)).text();
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');
  return { html, text };
}

describe('the footer', () => {
  it.each(['/', '/wards/bloomsbury', '/privacy', '/no-such-page'])(
    '%s links to the Met’s online crime reporting',
    async (path) => {
      const { html } = await page(path);
      const footer = html.slice(html.indexOf('<footer'));
      expect(footer).toMatch(
        new RegExp(
          `<a [^>]*href="${MET_ONLINE_REPORTING.replaceAll('.', '\\.')}"[^>]*>Report a crime online`,
        ),
      );
    },
  );
});

describe('the accessibility statement', () => {
  it('gives deaf and speech-impaired residents the text relay for 101 and the emergency SMS service', async () => {
    const { text } = await page('/accessibility');
    expect(text).toContain('18001 101');
    expect(text).toMatch(/emergencySMS/);
    expect(text).toMatch(/texting “register” to 999/);
  });
});

describe('the privacy notice', () => {
  it('promises no form that does not exist yet', async () => {
    const { text } = await page('/privacy');
    expect(text).not.toMatch(/Each form on this website says/);
    expect(text).not.toMatch(/you can report anti-social behaviour without giving your name/i);
  });

  it('says how to reach each organisation’s data protection officer, inventing no address', async () => {
    const { html, text } = await page('/privacy');
    for (const organisation of ['Metropolitan Police Service', 'Camden Council', 'Islington Council']) {
      expect(text).toContain(organisation);
    }
    expect(text).toMatch(/data protection officer/);
    expect(text).toMatch(/privacy notice on (its|their) own website/);
    expect(html).not.toMatch(/mailto:/);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
