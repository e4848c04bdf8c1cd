// RSS 2.0, Atom and JSON Feed of published newsletters (the `feed` package), whole-site or for one
// ward. Pure: the endpoint passes the issues in. Item content is the page's own sanitised HTML.
// Atom marks titles and summaries as HTML (type="html"), so there they are escaped; RSS and JSON
// Feed carry them as plain text.
import { Feed } from 'feed';
import { renderMarkdown } from '../../lib/markdown.ts';
import { SITE_NAME, SITE_OWNER } from '../../lib/site.ts';
import { escapeHtml } from '../email/messages/layout.ts';
import type { PublicNewsletter } from './archive.server.ts';

export const FEED_FORMATS = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

export function isFeedFormat(v: string | undefined): v is FeedFormat {
  return v !== undefined && Object.hasOwn(FEED_FORMATS, v);
}

/** Where a feed lives: whole-site, or one ward's. */
export function feedPath(format: FeedFormat, ward?: string): string {
  return ward ? `/api/wards/${ward}/newsletters/${format}` : `/api/newsletters/${format}`;
}

export interface FeedScope {
  baseUrl: string;
  /** A ward's feed: its slug and name. */
  ward?: { slug: string; name: string };
}

export function renderFeed(format: FeedFormat, issues: PublicNewsletter[], scope: FeedScope): string {
  const html = format === 'atom.xml';
  const text = (s: string) => (html ? escapeHtml(s) : s);
  const archive = scope.ward ? `${scope.baseUrl}/wards/${scope.ward.slug}` : `${scope.baseUrl}/newsletters`;
  const title = scope.ward ? `${SITE_NAME} newsletter: ${scope.ward.name}` : `${SITE_NAME} newsletter`;
  const feed = new Feed({
    id: `${scope.baseUrl}${feedPath(format, scope.ward?.slug)}`,
    title: text(title),
    description: scope.ward
      ? `Monthly community-safety news that covers ${scope.ward.name}, from the police and councils of Camden and Islington.`
      : 'Monthly community-safety news from the police and councils of Camden and Islington.',
    link: archive,
    language: 'en-GB',
    copyright: SITE_OWNER,
    generator: false,
    updated: issues.reduce<Date>((latest, i) => (i.updatedAt > latest ? i.updatedAt : latest), new Date(0)),
    feedLinks: Object.fromEntries(
      Object.keys(FEED_FORMATS).map((f) => [
        f === 'rss.xml' ? 'rss' : f === 'atom.xml' ? 'atom' : 'json',
        `${scope.baseUrl}${feedPath(f as FeedFormat, scope.ward?.slug)}`,
      ]),
    ),
  });
  for (const issue of issues) {
    const link = `${scope.baseUrl}/newsletters/${issue.slug}`;
    feed.addItem({
      id: link,
      title: text(issue.title),
      link,
      date: issue.publishedAt,
      published: issue.publishedAt,
      description: text(issue.summary),
      content: renderMarkdown(issue.body, { images: true, topHeading: 2 }),
      category: [{ name: text(issue.audienceText) }],
    });
  }
  if (format === 'rss.xml') return feed.rss2();
  if (format === 'atom.xml') return feed.atom1();
  return feed.json1();
}
