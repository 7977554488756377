import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import type { InspectableClient } from '../client.ts';
import { startFeedback } from './start-feedback.ts';

afterEach(() => {
  for (const element of document.querySelectorAll('crm-insights-feedback')) element.remove();
  localStorage.clear();
});

function client(): InspectableClient {
  const listeners = new Set<(event: InsightEvent) => void>();
  return {
    onCapture(listener: (event: InsightEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    capture: () => undefined,
    getSessionId: () => 's1',
    getAnonymousId: () => 'a1',
  } as unknown as InspectableClient;
}

describe('the feedback button before the feedback-api chunk', () => {
  it('shows from the core, and its first click loads the chunks and opens the form in the same host', async () => {
    const loads = { api: 0, ui: 0 };
    const { members } = startFeedback(
      client(),
      { endpoint: 'http://api.test/api', writeKey: 'pk' },
      undefined,
      window,
      {
        api: () => {
          loads.api++;
          return import('../chunks/feedback-api.ts');
        },
        ui: () => {
          loads.ui++;
          return import('../chunks/feedback.ts');
        },
      },
    );
    members.feedback.configure({
      button: true,
      strings: { feedbackButton: 'Tell us' },
      theme: { accent: 'rgb(0, 128, 0)' },
    });
    const root = () => document.querySelector('crm-insights-feedback')?.shadowRoot;
    // Drawn in a task after the call (the call often runs inside the widget's start-up task).
    expect(root()).toBeUndefined();
    await vi.waitFor(() => expect(root()?.querySelector('button')).toBeTruthy());
    const button = root()?.querySelector('button');
    expect([button?.textContent, button && getComputedStyle(button).backgroundColor]).toEqual([
      'Tell us',
      'rgb(0, 128, 0)',
    ]);
    expect(loads).toEqual({ api: 0, ui: 0 });

    button!.click();
    await vi.waitFor(() => expect(root()?.querySelector('[role="dialog"]')).not.toBeNull());
    expect(loads).toEqual({ api: 1, ui: 1 });
    expect(document.querySelectorAll('crm-insights-feedback')).toHaveLength(1);

    // From now on the chunk owns the configuration: taking the button away works as before.
    members.feedback.configure({ button: false });
    await vi.waitFor(() => expect(root()?.querySelector('button.fab')).toBeNull());
  });
});
