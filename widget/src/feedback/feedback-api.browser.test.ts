import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFeedbackApi } from './feedback-api.ts';
import type { FeedbackChunk } from './feedback-api.ts';
import { mountFeedbackUi } from './feedback-ui.tsx';

afterEach(() => {
  for (const element of document.querySelectorAll('crm-insights-feedback')) element.remove();
});

function start() {
  const loadUi = vi.fn(async () => ({ mountFeedbackUi }) as unknown as FeedbackChunk);
  const api = createFeedbackApi({
    client: { capture: () => undefined, getSessionId: () => 's1', getAnonymousId: () => 'a1' },
    endpoint: 'http://api.test/api',
    writeKey: 'pk',
    fetch: async () => new Response('{}'),
    window,
    log: { warn: () => undefined },
    loadUi,
  });
  const root = () => document.querySelector('crm-insights-feedback')?.shadowRoot;
  return { api, loadUi, root };
}

describe('the feedback button in the page', () => {
  it('shows without the UI chunk, which loads on the first click and opens the form', async () => {
    const { api, loadUi, root } = start();
    api.feedback.configure({ button: true, strings: { feedbackButton: 'Tell us' } });
    expect(root()?.querySelector('button')?.textContent).toBe('Tell us');
    expect(loadUi).not.toHaveBeenCalled();

    root()!.querySelector('button')!.click();
    await vi.waitFor(() => expect(root()?.querySelector('[role="dialog"]')).not.toBeNull());
    expect(loadUi).toHaveBeenCalledTimes(1);
    expect(document.querySelectorAll('crm-insights-feedback')).toHaveLength(1);
  });

  it('follows later configuration: restyled, then taken away', () => {
    const { api, root } = start();
    api.feedback.configure({ button: true });
    api.feedback.configure({ theme: { accent: 'rgb(0, 128, 0)' } });
    expect(document.querySelectorAll('crm-insights-feedback')).toHaveLength(1);
    expect(getComputedStyle(root()!.querySelector('button')!).backgroundColor).toBe('rgb(0, 128, 0)');
    api.feedback.configure({ button: false });
    expect(document.querySelector('crm-insights-feedback')).toBeNull();
  });
});
