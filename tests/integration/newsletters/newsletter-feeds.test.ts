// The feeds (RSS 2.0, Atom, JSON Feed) from the real archive: well-formed, with each format's
// required parts, whole-site and per ward; and what an author typed as script, event handlers,
// javascript: URLs or foreign images reaches neither the feeds nor the page's HTML.
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { xml2js } from 'xml-js';
import type { Db } from '../../../db/client.ts';
import { listPublishedNewsletters } from '../../../src/features/newsletters/archive.server.ts';
import { type FeedFormat, renderFeed } from '../../../src/features/newsletters/feeds.ts';
import { createNewsletter } from '../../../src/features/newsletters/issues.server.ts';
import { publishNewsletter } from '../../../src/features/newsletters/publishing.server.ts';
import { renderMarkdown } from '../../../src/lib/markdown.ts';
import { seededTest as test } from '../../helpers/fixtures.ts';
import { TEST_SECRET } from '../../helpers/staff.ts';

const BASE = 'https://portal.example';
const HOSTILE =
  'Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">a</a>\n\n' +
  '[click](javascript:alert(3)) ![ok](https://www.islington.gov.uk/ok.png)';

test.beforeAll(async ({ db, liaisonOfficer: officer }) => {
  const id = await createNewsletter(
    db,
    {
      title: 'Tom & Jerry <b>say</b> "hi"',
      summary: 'Less <than> more & more',
      issueDate: '2026-11-30',
      body: HOSTILE,
      audience: { kind: 'wards', wards: ['arsenal'] },
    },
    officer,
  );
  // A foreign image written past the form's check: the renderer must still drop it.
  await db.execute(
    sql`update newsletters set body = body || ' ![t](https://evil.example/t.png)' where id = ${id}`,
  );
  await publishNewsletter(db, id, officer, { appSecret: TEST_SECRET, baseUrl: BASE });
});

type XmlElement = {
  name?: string;
  elements?: XmlElement[];
  attributes?: Record<string, string>;
  text?: string;
  cdata?: string;
};
const child = (e: XmlElement | undefined, name: string) => e?.elements?.find((c) => c.name === name);
const children = (e: XmlElement | undefined, name: string) =>
  e?.elements?.filter((c) => c.name === name) ?? [];
const textOf = (e: XmlElement | undefined) => e?.elements?.map((c) => c.text ?? c.cdata ?? '').join('') ?? '';

async function feed(db: Db, format: FeedFormat, ward?: string): Promise<string> {
  const page = await listPublishedNewsletters(db, { size: 20, ...(ward ? { ward } : {}) });
  return renderFeed(format, page?.items ?? [], {
    baseUrl: BASE,
    ...(ward ? { ward: { slug: ward, name: ward === 'arsenal' ? 'Arsenal' : 'Bloomsbury' } } : {}),
  });
}

/** An element, not text: typed markup is escaped and shown as text, which is fine. */
const HOSTILE_OUTPUT =
  /<script|<[a-z]+\b[^>]*\son[a-z]+=|<[a-z]+\b[^>]*\s(href|src)=\\?"\s*javascript:|evil\.example/i;

describe('feeds', () => {
  test('RSS 2.0: a channel with title, link and description, items with title, link, guid and date', async ({
    db,
  }) => {
    const doc = xml2js(await feed(db, 'rss.xml')) as XmlElement;
    const rss = child(doc, 'rss');
    expect(rss?.attributes?.version).toBe('2.0');
    const channel = child(rss, 'channel');
    for (const name of ['title', 'link', 'description']) expect(textOf(child(channel, name))).not.toBe('');
    const items = children(channel, 'item');
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const item of items) {
      for (const name of ['title', 'link', 'guid', 'pubDate'])
        expect(textOf(child(item, name)), name).not.toBe('');
      expect(Number.isNaN(Date.parse(textOf(child(item, 'pubDate'))))).toBe(false);
      expect(textOf(child(item, 'link'))).toMatch(/^https:\/\/portal\.example\/newsletters\/[a-z0-9-]+$/);
    }
    expect(textOf(child(items[0], 'title'))).toBe('Tom & Jerry <b>say</b> "hi"');
  });

  test('Atom: a feed with id, title and updated, entries with id, title, updated and link; titles escaped as HTML', async ({
    db,
  }) => {
    const doc = xml2js(await feed(db, 'atom.xml')) as XmlElement;
    const root = child(doc, 'feed');
    expect(root?.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const name of ['id', 'title', 'updated']) expect(textOf(child(root, name))).not.toBe('');
    const entries = children(root, 'entry');
    expect(entries.length).toBeGreaterThanOrEqual(5);
    for (const e of entries) {
      for (const name of ['id', 'title', 'updated']) expect(textOf(child(e, name)), name).not.toBe('');
      expect(child(e, 'link')?.attributes?.href).toMatch(/^https:\/\/portal\.example\/newsletters\//);
    }
    // type="html": the reader decodes it once and shows the text, not a bold tag.
    expect(child(entries[0], 'title')?.attributes?.type).toBe('html');
    expect(textOf(child(entries[0], 'title'))).toBe('Tom &amp; Jerry &lt;b&gt;say&lt;/b&gt; &quot;hi&quot;');
  });

  test('JSON Feed 1: version, title, items with id, url and content', async ({ db }) => {
    const json = JSON.parse(await feed(db, 'feed.json')) as {
      version: string;
      title: string;
      items: Record<string, string>[];
    };
    expect(json.version).toBe('https://jsonfeed.org/version/1');
    expect(json.title).toContain('newsletter');
    for (const item of json.items) {
      expect(item.id).toBeTruthy();
      expect(item.url).toMatch(/^https:\/\/portal\.example\/newsletters\//);
      expect(item.content_html).toBeTruthy();
    }
  });

  test('per ward: only the issues that reach it', async ({ db }) => {
    const arsenal = await feed(db, 'rss.xml', 'arsenal');
    const bloomsbury = await feed(db, 'rss.xml', 'bloomsbury');
    expect(arsenal).toContain('Tom & Jerry');
    expect(bloomsbury).not.toContain('Tom & Jerry');
    expect(bloomsbury).toContain('Camden’s Local Action Plan');
    expect(arsenal).not.toContain('Camden’s Local Action Plan');
  });

  test('never carries script, event handlers, javascript: URLs or foreign images, nor does the page', async ({
    db,
  }) => {
    for (const format of ['rss.xml', 'atom.xml', 'feed.json'] as const) {
      const body = await feed(db, format);
      expect(body.match(HOSTILE_OUTPUT)?.[0] ?? null, format).toBeNull();
      expect(body, format).toContain('https://www.islington.gov.uk/ok.png');
    }
    const [issue] = (await listPublishedNewsletters(db, { size: 1 }))?.items ?? [];
    const page = renderMarkdown(issue?.body ?? '', { images: true });
    expect(issue?.body).toContain('evil.example');
    expect(page).not.toMatch(HOSTILE_OUTPUT);
  });
});
