// A Markdown body written by staff (a plan update, a newsletter), enhanced: a character count and a
// live preview rendered on the server by the same Markdown renderer and sanitiser as the public
// page, through the feature's own `preview` action. Enhancement only: the page's textarea and its
// Preview button work without it. A class component, not hooks: the
// hooks module is 1.2 KB gzip of the 12 KB an island page may ship.
import { actions } from 'astro:actions';
import { Component, type ComponentChildren, h } from 'preact';
import { type BodyRule, bodyLength, bodyProblem } from './markdown-body.ts';

/** Ask for a preview once typing pauses this long. */
export const PREVIEW_DELAY_MS = 400;
/** Tell screen reader users the count once typing pauses this long, not on every keystroke. */
export const ANNOUNCE_DELAY_MS = 1500;

/**
 * Fixed text comes in as Astro slots (server-rendered HTML, not JavaScript): `heading` above the
 * preview, `fallback` (the static hint and the Preview button) until the island takes over, `empty`
 * for a body with nothing to show, `failed` when a preview request fails.
 */
interface Props {
  /** The id of the form's textarea. */
  textareaId: string;
  /** Whose `preview` action renders the body: `actions.<previewWith>.preview`. */
  previewWith: 'planUpdates' | 'newsletters' | 'priorities';
  /** The body's limits and messages, as the feature's schema words them. */
  rule: BodyRule;
  /** The preview of the body as the page was rendered (sanitised on the server). */
  initialHtml: string;
  heading?: ComponentChildren;
  fallback?: ComponentChildren;
  empty?: ComponentChildren;
  failed?: ComponentChildren;
}

interface State {
  enhanced: boolean;
  length: number;
  problem: string | null;
  announcement: string;
  html: string;
  failed: boolean;
}

export function countMessage(length: number, max: number): string {
  const left = max - length;
  const n = Math.abs(left);
  const characters = `${n.toLocaleString('en-GB')} character${n === 1 ? '' : 's'}`;
  return left >= 0 ? `You have ${characters} remaining` : `You have ${characters} too many`;
}

export default class MarkdownBody extends Component<Props, State> {
  private textarea: HTMLTextAreaElement | null = null;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Numbers preview requests, so a slow answer to an old one never replaces a newer one. */
  private latest = 0;

  constructor(props: Props) {
    super(props);
    this.state = {
      enhanced: false,
      length: 0,
      problem: null,
      announcement: '',
      html: props.initialHtml,
      failed: false,
    };
  }

  override componentDidMount(): void {
    // The island lives as long as the page: nothing to remove on unmount.
    const textarea = document.getElementById(this.props.textareaId) as HTMLTextAreaElement | null;
    if (!textarea) return;
    this.textarea = textarea;
    textarea.addEventListener('input', this.onInput);
    this.setState({ enhanced: true, length: bodyLength(textarea.value) });
    // Typed before the island woke up: catch up.
    if (textarea.value !== textarea.defaultValue) this.onInput();
  }

  private onInput = (): void => {
    const text = this.textarea?.value ?? '';
    const length = bodyLength(text);
    // The feature's own rule, as the schema words it (an empty body is not a problem yet).
    this.setState({ length, problem: length > 0 ? bodyProblem(length, this.props.rule) : null });
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(
      () => this.setState({ announcement: countMessage(length, this.props.rule.max) }),
      ANNOUNCE_DELAY_MS,
    );
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.refresh(text), PREVIEW_DELAY_MS);
  };

  private async refresh(text: string): Promise<void> {
    const request = ++this.latest;
    const form = new FormData();
    form.set('body', text);
    // A network failure rejects; the action's own error resolves: both are "could not be updated".
    const result = await actions[this.props.previewWith].preview(form).catch(() => null);
    if (request !== this.latest) return;
    this.setState(result?.data ? { failed: false, html: result.data.html } : { failed: true });
  }

  // Written with `h`, not JSX: the JSX runtime is a few hundred bytes the budget cannot spare.
  override render(p: Props, s: State) {
    const id = p.textareaId;
    return h('div', { class: 'cn-preview' }, [
      s.enhanced
        ? h(
            'p',
            {
              id: `${id}-count`,
              class: s.problem ? 'govuk-error-message' : 'govuk-hint',
              'aria-hidden': 'true',
            },
            s.problem
              ? `${countMessage(s.length, p.rule.max)}. ${s.problem}`
              : countMessage(s.length, p.rule.max),
          )
        : p.fallback,
      h('p', { class: 'govuk-visually-hidden', 'aria-live': 'polite' }, s.announcement),
      h('section', { class: 'cn-preview__panel', 'aria-labelledby': `${id}-preview-heading` }, [
        p.heading,
        // Said as it appears (a status message), not only shown.
        h('div', { role: 'status' }, s.failed && p.failed),
        s.html
          ? h('div', { class: 'cn-preview__body', dangerouslySetInnerHTML: { __html: s.html } })
          : p.empty,
      ]),
    ]);
  }
}
