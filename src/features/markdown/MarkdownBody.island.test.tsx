// The body island in a DOM: it counts as the schema counts, announces the count only once typing
// pauses, asks the server for a preview once typing pauses, and never lets a slow answer to an old
// request replace a newer preview.
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BODY_RULE } from '../action-plan/plan-updates.ts';
import MarkdownBody, { ANNOUNCE_DELAY_MS, countMessage, PREVIEW_DELAY_MS } from './MarkdownBody.island.tsx';

const preview = vi.hoisted(() => vi.fn());
vi.mock('astro:actions', () => ({ actions: { planUpdates: { preview } } }));
// The island is shared: here it previews through the plan updates' action, with their rule.

let textarea: HTMLTextAreaElement;
beforeEach(() => {
  vi.useFakeTimers();
  preview.mockReset();
  preview.mockImplementation(async (form: FormData) => ({
    data: { html: `<p>rendered: ${String(form.get('body'))}</p>` },
    error: undefined,
  }));
  textarea = document.createElement('textarea');
  textarea.id = 'body';
  document.body.append(textarea);
});
afterEach(() => {
  cleanup();
  textarea.remove();
  vi.useRealTimers();
});

function type(text: string): void {
  textarea.value = text;
  textarea.dispatchEvent(new Event('input'));
}

function island() {
  return render(
    <MarkdownBody
      textareaId="body"
      previewWith="planUpdates"
      rule={BODY_RULE}
      initialHtml=""
      fallback={<button type="submit">Preview</button>}
      heading={<h2>Preview</h2>}
      empty={<p>Nothing to preview yet.</p>}
      failed={<p>The preview could not be updated.</p>}
    />,
  );
}

describe('MarkdownBody island (plan update body)', () => {
  it('replaces the no-JavaScript Preview button with a live count', async () => {
    island();
    await act(() => undefined);
    expect(screen.queryByRole('button', { name: 'Preview' })).toBeNull();
    expect(document.getElementById('body-count')?.textContent).toBe('You have 5,000 characters remaining');
  });

  it('counts at once but announces only after a pause, with the schema’s message when too long', async () => {
    island();
    await act(() => undefined);
    const live = document.querySelector('[aria-live="polite"]');
    await act(() => type('Hello'));
    expect(document.getElementById('body-count')?.textContent).toBe('You have 4,995 characters remaining');
    await act(() => {
      vi.advanceTimersByTime(ANNOUNCE_DELAY_MS - 1);
    });
    expect(live?.textContent).toBe('');
    await act(() => type('Hello!'));
    await act(() => {
      vi.advanceTimersByTime(ANNOUNCE_DELAY_MS - 1);
    });
    expect(live?.textContent, 'a keystroke restarts the wait').toBe('');
    await act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(live?.textContent).toBe('You have 4,994 characters remaining');

    await act(() => type('x'.repeat(5001)));
    const count = document.getElementById('body-count');
    expect(count?.textContent).toBe(
      'You have 1 character too many. Update must be 5,000 characters or fewer',
    );
    expect(count?.className).toBe('govuk-error-message');
  });

  it('asks the action for a preview once typing pauses, and shows it', async () => {
    island();
    await act(() => undefined);
    expect(screen.getByText('Nothing to preview yet.')).toBeTruthy();
    await act(() => type('A'));
    await act(() => type('A **b**'));
    await act(() => {
      vi.advanceTimersByTime(PREVIEW_DELAY_MS - 1);
    });
    expect(preview).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(preview).toHaveBeenCalledTimes(1);
    const sent = preview.mock.calls[0]?.[0] as FormData | undefined;
    expect(sent?.get('body')).toBe('A **b**');
    expect(document.querySelector('.cn-preview__body')?.innerHTML).toBe('<p>rendered: A **b**</p>');
  });

  it('keeps the newest preview when an older request answers last', async () => {
    let releaseFirst: (v: unknown) => void = () => undefined;
    preview
      .mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = resolve)))
      .mockImplementationOnce(async () => ({ data: { html: '<p>new</p>' }, error: undefined }));
    island();
    await act(() => undefined);
    await act(() => type('old'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    });
    await act(() => type('new'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    });
    await act(async () => releaseFirst({ data: { html: '<p>old</p>' }, error: undefined }));
    expect(document.querySelector('.cn-preview__body')?.innerHTML).toBe('<p>new</p>');
  });

  it('says so when the preview cannot be updated', async () => {
    preview.mockResolvedValueOnce({ data: undefined, error: new Error('Sign in to continue') });
    island();
    await act(() => undefined);
    await act(() => type('text'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    });
    expect(screen.getByText('The preview could not be updated.')).toBeTruthy();
  });

  it('says so in a status message, when the action answers an error and when the network fails', async () => {
    preview.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    island();
    await act(() => undefined);
    await act(() => type('text'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    });
    const failed = screen.getByText('The preview could not be updated.');
    expect(failed.closest('[role="status"]')).toBeTruthy();
  });
});

describe('countMessage', () => {
  it('speaks plainly about one character', () => {
    expect(countMessage(4999, 5000)).toBe('You have 1 character remaining');
    expect(countMessage(5000, 5000)).toBe('You have 0 characters remaining');
    expect(countMessage(5001, 5000)).toBe('You have 1 character too many');
  });
});
