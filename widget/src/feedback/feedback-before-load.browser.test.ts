import { describe, expect, it } from 'vitest';
import { feedbackBeforeLoad } from './feedback-before-load.ts';

// In real Chromium: an async script may run, and the page configure the button, while the parser is still in the
// head of a page that streams its HTML, so there is no body yet when the button is drawn.
describe('feedbackBeforeLoad', () => {
  it('draws the button on a page with no body yet without throwing into the page', async () => {
    const body = document.body;
    body.remove();
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => {
      errors.push(event.error);
      event.preventDefault();
    };
    window.addEventListener('error', onError);
    const early = feedbackBeforeLoad(
      undefined,
      document,
      () => 's1',
      () => undefined,
    );
    early.configure({ button: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.removeEventListener('error', onError);
    const host = document.querySelector('crm-insights-feedback');
    document.documentElement.append(body);
    expect(errors).toEqual([]);
    expect(host?.shadowRoot?.querySelector('button.fab')).not.toBeNull();
    host?.remove();
  });
});
