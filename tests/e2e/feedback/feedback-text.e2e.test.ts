import { describe, expect, it } from 'vitest';
import { TEST_READ_KEY } from '../../support/server.ts';
import { callInsights, openFixturePage } from './fixture-page.ts';
import { useServerAndBrowser } from '../../support/environment.ts';

const XSS = '<img src=x onerror=alert(1)>';

describe('feedback, feature requests and user bug reports in the page', () => {
  const env = useServerAndBrowser();

  const read = async (path: string) =>
    (await (
      await fetch(`${env.server.origin}/api${path}`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } })
    ).json()) as Record<string, any>;

  it('shows feedback text as text in the widget and the API, from the button and from a contextual prompt', async () => {
    const page = await env.browser.newPage();
    const { dialogs } = await openFixturePage(page, env.server.origin);
    await callInsights(page, 'feedback.configure', {
      button: true,
      prompts: [{ event: 'Report Exported', question: 'Did the export have what you needed?' }],
      theme: { accent: 'rgb(200, 0, 100)' },
    });

    // The floating button, styled by the constructable stylesheet and the theme even under the page's strict CSP.
    const button = page.getByRole('button', { name: 'Feedback' });
    await button.waitFor();
    expect(
      await button.evaluate((element) => [
        getComputedStyle(element).position,
        getComputedStyle(element).backgroundColor,
      ]),
    ).toEqual(['fixed', 'rgb(200, 0, 100)']);
    await button.click();
    // Focus trap: Tab and Shift+Tab cycle inside the dialog (close button, text box, Send) and never reach the page.
    const focusedInDialog = () =>
      page.evaluate(() => {
        const root = document.querySelector('crm-insights-feedback')?.shadowRoot;
        return Boolean(root?.activeElement && root.querySelector('[role="dialog"]')?.contains(root.activeElement));
      });
    await page.getByRole('textbox', { name: 'Your feedback' }).fill('x');
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusedInDialog()).toBe(true);
    }
    await page.getByRole('textbox', { name: 'Your feedback' }).fill(XSS);
    await page.getByRole('button', { name: 'Send' }).click();
    const echo = page.getByTestId('feedback-echo');
    expect(await echo.textContent()).toBe(XSS);
    expect(await page.locator('crm-insights-feedback img').count()).toBe(0);
    await page.keyboard.press('Escape');

    await callInsights(page, 'track', 'Report Exported');
    await page.getByRole('textbox', { name: 'Did the export have what you needed?' }).fill('Yes, all columns');
    await page.getByRole('button', { name: 'Send' }).click();
    await echo.waitFor();

    await callInsights(page, 'flush');
    const { items } = await read('/feedback');
    expect(items.map((item: { text: string; prompt?: string }) => [item.text, item.prompt])).toEqual([
      ['Yes, all columns', 'Did the export have what you needed?'],
      [XSS, undefined],
    ]);
    expect(dialogs).toEqual([]);
  });

  it('lists feature requests by votes and counts one vote per user', async () => {
    const page = await env.browser.newPage();
    await openFixturePage(page, env.server.origin);
    await callInsights(page, 'feedback.configure', { user: { id: 'crm-user-7' } });
    await callInsights(page, 'featureRequests.open');
    await page.getByRole('textbox', { name: 'Title' }).fill('Bulk edit deals');
    await page.getByRole('button', { name: 'Send' }).click();
    // The author's own vote counts, so the button says Voted and the list shows 1 vote.
    const voted = page.getByRole('button', { name: 'Voted: Bulk edit deals' });
    await voted.waitFor();
    expect(await voted.getAttribute('aria-pressed')).toBe('true');
    const requests = page.getByRole('list', { name: 'Top requests' });
    await requests.filter({ hasText: 'Bulk edit deals · 1 vote' }).waitFor();
    expect(await requests.textContent()).not.toContain('1 votes');

    const other = await env.browser.newPage();
    await openFixturePage(other, env.server.origin);
    await callInsights(other, 'feedback.configure', { user: { id: 'crm-user-8' } });
    await callInsights(other, 'featureRequests.open');
    await other.getByRole('button', { name: 'Vote: Bulk edit deals' }).click();
    await other.getByRole('button', { name: 'Voted: Bulk edit deals' }).waitFor();
    await other.getByRole('list', { name: 'Top requests' }).filter({ hasText: 'Bulk edit deals · 2 votes' }).waitFor();
    expect(await callInsights(other, 'featureRequests.list')).toEqual([
      expect.objectContaining({ title: 'Bulk edit deals', votes: 2, voted: true }),
    ]);
  });

  it('files a user bug report with the page and recent errors attached', async () => {
    const page = await env.browser.newPage();
    await openFixturePage(page, env.server.origin);
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('contacts list failed to render');
      }, 0),
    );
    await callInsights(page, 'reportBug');
    await page.getByRole('textbox', { name: 'What went wrong?' }).fill(`${XSS} the list is empty`);
    await page.getByRole('combobox', { name: 'How bad is it?' }).selectOption('high');
    await page.getByRole('button', { name: 'Send' }).click();
    const id = (await page.getByTestId('bug-report-id').textContent())!;
    const { report } = await read(`/bug-reports/${id}`);
    expect(report).toMatchObject({
      source: 'widget',
      severity: 'high',
      description: `${XSS} the list is empty`,
      page: { path: '/feedback-fixture/' },
      category: 'triage',
    });
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('contacts list failed to render') }),
      ]),
    );
    expect(report.environment).toMatchObject({
      userAgent: expect.stringContaining('Chrome'),
      viewport: expect.stringMatching(/^\d+x\d+$/),
    });
    expect(report.missing).toEqual([{ part: 'replay', reason: expect.stringContaining('replay is off') }]);
  });
});
