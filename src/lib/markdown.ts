// Markdown written by staff, rendered to HTML that is safe to put in a public page: CommonMark
// with raw HTML escaped (micromark's default), then an allowlist of elements and attributes,
// with GOV.UK classes added.
import { micromark } from 'micromark';
import sanitizeHtml from 'sanitize-html';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'code'],
  allowedAttributes: {
    a: ['href', 'class'],
    p: ['class'],
    ul: ['class'],
    ol: ['class'],
    h3: ['class'],
    h4: ['class'],
  },
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

const CLASSES: Record<string, string> = {
  p: 'govuk-body',
  a: 'govuk-link',
  ul: 'govuk-list govuk-list--bullet',
  ol: 'govuk-list govuk-list--number',
  h3: 'govuk-heading-s',
  h4: 'govuk-heading-s',
};

export function renderMarkdown(markdown: string): string {
  const html = micromark(markdown);
  const clean = sanitizeHtml(html, ALLOWED);
  // Classes are added after sanitising so authors cannot choose their own.
  return clean.replace(/<(p|a|ul|ol|h3|h4)(\s|>)/g, (_m, tag: string, next: string) => {
    return `<${tag} class="${CLASSES[tag]}"${next === '>' ? '>' : next}`;
  });
}
