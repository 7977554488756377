import { afterEach, describe, expect, it } from 'vitest';
import { mountFeedbackUi } from './feedback-ui.tsx';
import { showLoneButton } from './lone-button.ts';
import type { FeedbackUiHost } from './ui-host.ts';

const host: FeedbackUiHost = {
  request: async () => new Response('{}'),
  who: () => ({ anonymousId: 'a', sessionId: 's' }),
  submitFeedback: () => undefined,
  fileBugReport: async () => 'r1',
};
const theme = { accent: 'rgb(200, 0, 100)' };

afterEach(() => {
  for (const element of document.querySelectorAll('crm-insights-feedback')) element.remove();
});

describe('the feedback button shown alone', () => {
  it('looks like the UI’s own button, asks for the UI when clicked, and the UI takes its host over', () => {
    let opened = 0;
    const shadow = showLoneButton('Feedback', theme, () => opened++);
    const lone = shadow.root.querySelector('button')!;
    expect([lone.className, lone.getAttribute('aria-haspopup'), lone.textContent]).toEqual([
      'fab',
      'dialog',
      'Feedback',
    ]);
    expect([getComputedStyle(lone).position, getComputedStyle(lone).backgroundColor]).toEqual([
      'fixed',
      'rgb(200, 0, 100)',
    ]);
    lone.click();
    expect(opened).toBe(1);

    // The UI arrives: same host, one button (its own), still themed; nothing else was added to the page.
    const ui = mountFeedbackUi(host, { button: true, theme }, document, shadow);
    expect(document.querySelectorAll('crm-insights-feedback')).toHaveLength(1);
    const buttons = shadow.root.querySelectorAll('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).not.toBe(lone);
    expect([buttons[0]!.textContent, getComputedStyle(buttons[0]!).backgroundColor]).toEqual([
      'Feedback',
      'rgb(200, 0, 100)',
    ]);
    ui.openFeedback();
    expect(shadow.root.querySelector('[role="dialog"]')).not.toBeNull();
    ui.destroy();
    expect(document.querySelector('crm-insights-feedback')).toBeNull();
  });

  it('goes away with its host', () => {
    showLoneButton('Feedback', undefined, () => undefined).remove();
    expect(document.querySelector('crm-insights-feedback')).toBeNull();
  });
});
