// One issue of the monthly newsletter, as one subscriber receives it: the issue (Markdown through the
// shared sanitiser, styled inline), a link to the web version, a link to the reader's preferences
// and RFC 8058 one-click unsubscribe. The links carry the reader's own secret: the message holds
// secretPlaceholder(), and the worker fills the secret in when it sends (also in the headers).
import { renderMarkdown } from '../../../lib/markdown.ts';
import { SITE_NAME } from '../../../lib/site.ts';
import {
  checkedUrl,
  heading,
  html,
  link,
  paragraph,
  renderEmail,
  SafeHtml,
  unsubscribeHeaders,
} from './layout.ts';

export interface NewsletterIssueEmailInput {
  title: string;
  summary: string;
  /** Markdown, as written by staff. */
  body: string;
  /** "October 2024" */
  dateText: string;
  /** Who the issue is for, in words. */
  audienceText: string;
  webUrl: string;
  preferencesUrl: string;
  /** One-click unsubscribe (POST); a GET shows the preferences page. */
  unsubscribeUrl: string;
}

export const NEWSLETTER_ISSUE_KIND = 'newsletter-issue';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&nbsp;': ' ',
};

/** Plain text from the sanitised HTML (never from the raw Markdown: what was dropped stays dropped). */
export function htmlToText(safe: string): string {
  return (
    safe
      .replace(
        /<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gs,
        (_m, href: string, text: string) => `${text} (${href})`,
      )
      .replace(/<img [^>]*alt="([^"]*)"[^>]*>/g, '[Image: $1]')
      .replace(/<li[^>]*>/g, '- ')
      .replace(/<br\s*\/?>/g, '\n')
      // A list item's end first: after the block ends, its \s* would eat the blank line that follows a list.
      .replace(/<\/li>\s*/g, '\n')
      .replace(/<\/(p|h2|h3|h4|ul|ol|blockquote)>/g, '\n\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (e) => ENTITIES[e] ?? e)
      // Markup an author typed was escaped on the page; in plain text it would read as markup: drop it.
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

export function newsletterIssueEmail(input: NewsletterIssueEmailInput) {
  const bodyHtml = renderMarkdown(input.body, { images: true, target: 'email', topHeading: 2 });
  const rendered = renderEmail({
    subject: input.title,
    preheader: input.summary,
    body: html`${[
      heading(input.title),
      paragraph(`${input.dateText} · For: ${input.audienceText}`),
      // Sanitised to the allowlist by renderMarkdown: safe to place as it is.
      new SafeHtml(bodyHtml),
      paragraph(html`${link('Read this newsletter on the website', input.webUrl)}`),
      paragraph(html`${link('Change what you receive, or unsubscribe', input.preferencesUrl)}`),
    ]}`,
    text: [
      input.title,
      `${input.dateText} · For: ${input.audienceText}`,
      htmlToText(renderMarkdown(input.body, { images: true, topHeading: 2 })),
      `Read this newsletter on the website:\n${checkedUrl(input.webUrl)}`,
      `Change what you receive, or unsubscribe:\n${checkedUrl(input.preferencesUrl)}`,
    ].join('\n\n'),
    reason: `You are getting this email because you subscribed to the ${SITE_NAME} newsletter.`,
    unsubscribeUrl: input.unsubscribeUrl,
  });
  return { kind: NEWSLETTER_ISSUE_KIND, ...rendered, headers: unsubscribeHeaders(input.unsubscribeUrl) };
}
