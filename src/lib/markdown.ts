// Markdown written by staff, rendered to HTML that is safe to put in a public page, a feed or an
// email: CommonMark with raw HTML escaped (micromark's default), then an allowlist of elements and
// attributes, then the look added by us (GOV.UK classes on the web, inline styles in email), so
// authors can never choose their own. Images are allowed only where a caller opts in, only over
// https from the hosts in IMAGE_HOSTS, and only with alt text.
import { micromark } from 'micromark';
import sanitizeHtml from 'sanitize-html';
import { IMAGE_HOSTS } from './image-hosts.ts';

const BASE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'code'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Headings inside an update sit under the page's own h2/h3: keep them small and in order.
    h1: sanitizeHtml.simpleTransform('h3', {}),
    h2: sanitizeHtml.simpleTransform('h3', {}),
    h5: sanitizeHtml.simpleTransform('h4', {}),
    h6: sanitizeHtml.simpleTransform('h4', {}),
  },
};

/** Is this image source one we show: https, on an allowed host, no credentials or odd port? */
export function isAllowedImageSource(src: string, hosts: readonly string[] = IMAGE_HOSTS): boolean {
  if (!URL.canParse(src)) return false;
  const url = new URL(src);
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    hosts.includes(url.hostname)
  );
}

const WITH_IMAGES: sanitizeHtml.IOptions = {
  ...BASE,
  allowedTags: [...(BASE.allowedTags as string[]), 'img'],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemesByTag: { img: ['https'] },
  exclusiveFilter: (frame) =>
    frame.tag === 'img' &&
    (!isAllowedImageSource(frame.attribs.src ?? '') || (frame.attribs.alt ?? '').trim() === ''),
};

const CLASSES: Record<string, string> = {
  p: 'govuk-body',
  a: 'govuk-link',
  ul: 'govuk-list govuk-list--bullet',
  ol: 'govuk-list govuk-list--number',
  h2: 'govuk-heading-m',
  h3: 'govuk-heading-s',
  h4: 'govuk-heading-s',
  img: 'cn-markdown-image',
};

const FONT = 'font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;';
/** For email: mail clients ignore stylesheets, so the look goes inline. */
const STYLES: Record<string, string> = {
  p: `${FONT} font-size: 19px; line-height: 1.4; margin: 0 0 20px;`,
  a: 'color: #1d70b8; text-decoration: underline;',
  ul: `${FONT} font-size: 19px; line-height: 1.4; margin: 0 0 20px; padding-left: 20px;`,
  ol: `${FONT} font-size: 19px; line-height: 1.4; margin: 0 0 20px; padding-left: 20px;`,
  h2: `${FONT} font-size: 24px; line-height: 1.2; font-weight: bold; margin: 0 0 15px;`,
  h3: `${FONT} font-size: 24px; line-height: 1.2; font-weight: bold; margin: 0 0 15px;`,
  h4: `${FONT} font-size: 19px; line-height: 1.3; font-weight: bold; margin: 0 0 15px;`,
  img: 'max-width: 100%; height: auto; border: 0; margin: 0 0 20px;',
};

export interface MarkdownOptions {
  /** Allow images from IMAGE_HOSTS (with alt text); others are dropped. Default: no images. */
  images?: boolean;
  /** 'web' (GOV.UK classes, the default) or 'email' (inline styles). */
  target?: 'web' | 'email';
  /**
   * The level the author's top headings (# and ##) become: 3 (default) for text under a page's own
   * h2, 2 for text that follows the page's h1 directly (a newsletter issue).
   */
  topHeading?: 2 | 3;
}

const TOP_H2: sanitizeHtml.IOptions['transformTags'] = {
  h1: sanitizeHtml.simpleTransform('h2', {}),
  h4: sanitizeHtml.simpleTransform('h3', {}),
  h5: sanitizeHtml.simpleTransform('h4', {}),
  h6: sanitizeHtml.simpleTransform('h4', {}),
};

export function renderMarkdown(
  markdown: string,
  { images = false, target = 'web', topHeading = 3 }: MarkdownOptions = {},
): string {
  let options = images ? WITH_IMAGES : BASE;
  if (topHeading === 2) {
    options = {
      ...options,
      allowedTags: [...(options.allowedTags as string[]), 'h2'],
      transformTags: TOP_H2,
    };
  }
  const clean = sanitizeHtml(micromark(markdown), options);
  // The look is added after sanitising, to the tags the allowlist kept.
  return clean.replace(/<(p|a|ul|ol|h2|h3|h4|img)(\s|>|\/)/g, (_m, tag: string, next: string) => {
    const attribute = target === 'email' ? `style="${STYLES[tag]}"` : `class="${CLASSES[tag]}"`;
    return `<${tag} ${attribute}${next === ' ' ? ' ' : next}`;
  });
}

/**
 * What is wrong with the images in a Markdown text, as messages an author can act on: an image
 * with no alt text, not over https, or from a host not in IMAGE_HOSTS. Empty when all are fine.
 */
export function markdownImageProblems(markdown: string, hosts: readonly string[] = IMAGE_HOSTS): string[] {
  const problems: string[] = [];
  // micromark escapes raw HTML, so every <img> in its output comes from Markdown image syntax.
  for (const match of micromark(markdown).matchAll(/<img src="([^"]*)" alt="([^"]*)"/g)) {
    const src = decodeEntities(match[1] ?? '');
    const alt = (match[2] ?? '').trim();
    if (!isAllowedImageSource(src, hosts)) {
      problems.push(`Images must be https addresses on ${hosts.join(', ')}: ${src.slice(0, 80)} is not`);
    } else if (alt === '') {
      problems.push(
        `Describe every image in its alt text, like ![A ward panel meeting](${src.slice(0, 80)})`,
      );
    }
  }
  return problems;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
