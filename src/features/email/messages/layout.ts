// The shell every email shares: the portal's look (black header with the site name, plain type, blue
// links, a green button) in table markup that mail clients render, and a plain-text twin. All text
// goes through `html` tagged templates, which escape every interpolated value; only other `html`
// results pass through unescaped. No images: everything is real text, readable with images off.
import { SITE_NAME, SITE_OWNER } from '../../../lib/site.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Markup that is already safe: made only by `html`. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** A template whose interpolations are escaped (arrays are joined; SafeHtml is kept as it is). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  const part = (value: unknown): string => {
    if (value instanceof SafeHtml) return value.value;
    if (Array.isArray(value)) return value.map(part).join('');
    if (value === null || value === undefined || value === false) return '';
    return escapeHtml(String(value));
  };
  return new SafeHtml(
    strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''),
  );
}

/** Only absolute http(s) links go into a message. */
export function checkedUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new Error('Email links must be absolute http(s) URLs');
  }
  return parsed.toString();
}

const FONT = 'font-family: Arial, Helvetica, sans-serif;';
const TEXT = `${FONT} font-size: 19px; line-height: 1.4; color: #0b0c0c;`;

export const heading = (text: string): SafeHtml =>
  html`<h1 style="${FONT} font-size: 32px; line-height: 1.1; font-weight: bold; color: #0b0c0c; margin: 0 0 20px;">${text}</h1>`;

export const paragraph = (text: string | SafeHtml): SafeHtml =>
  html`<p style="${TEXT} margin: 0 0 20px;">${text}</p>`;

export const link = (text: string, url: string): SafeHtml =>
  html`<a href="${checkedUrl(url)}" style="color: #1d70b8; text-decoration: underline;">${text}</a>`;

/** A call to action: a link styled as the portal's green button, with the address written out after. */
export const button = (text: string, url: string): SafeHtml => html`
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin: 0 0 20px;"><tr>
<td style="background: #00703c; border-bottom: 2px solid #002d18;">
<a href="${checkedUrl(url)}" style="${FONT} display: inline-block; padding: 10px 16px; font-size: 19px; font-weight: bold; color: #ffffff; text-decoration: none;">${text}</a>
</td></tr></table>
<p style="${TEXT} margin: 0 0 20px;">Or copy this address into your browser:<br><span style="word-break: break-all;">${checkedUrl(url)}</span></p>`;

export interface LayoutInput {
  /** The subject: also the document title. */
  subject: string;
  /** Shown by mail clients next to the subject; hidden in the message. */
  preheader?: string;
  body: SafeHtml;
  /** The body as plain text, paragraphs separated by blank lines. */
  text: string;
  /** Why the reader got this email, for the footer. */
  reason: string;
  /** For subscription messages: shown in the footer as well as in the List-Unsubscribe header. */
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderEmail(input: LayoutInput): RenderedEmail {
  const unsubscribe = input.unsubscribeUrl
    ? html`<p style="${FONT} font-size: 16px; line-height: 1.4; color: #0b0c0c; margin: 0 0 15px;">${link('Unsubscribe', input.unsubscribeUrl)} from these emails.</p>`
    : '';
  const document = html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${input.subject}</title>
</head>
<body style="margin: 0; padding: 0; background: #f3f2f1;">
${input.preheader ? html`<div style="display: none; max-height: 0; overflow: hidden;">${input.preheader}</div>` : ''}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background: #f3f2f1;"><tr><td align="center" style="padding: 0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 640px; background: #ffffff;">
<tr><td style="background: #0b0c0c; padding: 12px 20px;">
<p style="${FONT} font-size: 19px; font-weight: bold; color: #ffffff; margin: 0;">${SITE_NAME}</p>
</td></tr>
<tr><td style="background: #1d70b8; height: 6px; font-size: 0; line-height: 0;">&nbsp;</td></tr>
<tr><td style="padding: 30px 20px 10px;">
${input.body}
</td></tr>
<tr><td style="padding: 20px; border-top: 1px solid #b1b4b6; background: #f3f2f1;">
<p style="${FONT} font-size: 16px; line-height: 1.4; color: #0b0c0c; margin: 0 0 15px;">${input.reason}</p>
${unsubscribe}
<p style="${FONT} font-size: 16px; line-height: 1.4; color: #0b0c0c; margin: 0 0 15px;">In an emergency, always call 999. To report a crime or get help, call 101.</p>
<p style="${FONT} font-size: 16px; line-height: 1.4; color: #0b0c0c; margin: 0;">${SITE_OWNER}.</p>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
  const footer = [
    input.reason,
    input.unsubscribeUrl ? `Unsubscribe from these emails: ${checkedUrl(input.unsubscribeUrl)}` : '',
    'In an emergency, always call 999. To report a crime or get help, call 101.',
    `${SITE_OWNER}.`,
  ].filter(Boolean);
  const text = [SITE_NAME, '', input.text.trim(), '', '---', '', footer.join('\n\n'), ''].join('\n');
  return { subject: input.subject, html: document.value, text };
}

/**
 * List-Unsubscribe, plus List-Unsubscribe-Post for one-click unsubscribe (RFC 8058), which needs an
 * https URL: over plain http (a local development server) only the first is sent.
 */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  const url = checkedUrl(unsubscribeUrl);
  const headers: Record<string, string> = { 'List-Unsubscribe': `<${url}>` };
  if (url.startsWith('https:')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}
