import { describe, expect, it } from 'vitest';
import { TEST_READ_KEY } from '../../support/server.ts';
import { callInsights, openFixturePage } from './fixture-page.ts';
import { useServerAndBrowser } from '../../support/environment.ts';

const SURVEY = { surveys: [{ id: 'nps-q4', afterEvent: 'Deal Won', throttleDays: 30 }] };

describe('an NPS survey on a page with the widget', () => {
  const env = useServerAndBrowser();

  it('appears when its schedule says so, is answered by keyboard alone, arrives, and is throttled after', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(message.text()));
    const { dialogs } = await openFixturePage(page, env.server.origin);
    const survey = page.getByRole('dialog', { name: 'Quick question' });

    // Scheduled after "Deal Won": configuring alone shows nothing, and debug mode says why.
    await callInsights(page, 'feedback.configure', SURVEY);
    await expect
      .poll(() => console.some((line) => line.includes('survey "nps-q4" not shown: waits for the "Deal Won" event')))
      .toBe(true);
    expect(await survey.count()).toBe(0);

    await callInsights(page, 'track', 'Deal Won');
    await survey.waitFor();
    // Keyboard only: focus starts on the scale; arrows choose, Tab reaches Next, Enter submits.
    for (let step = 0; step < 9; step++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const followUp = page.getByRole('textbox', { name: 'What do you like most?' });
    await expect
      .poll(() => followUp.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement))
      .toBe(true);
    await page.keyboard.type('Fast pipeline, love it');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
    await page.keyboard.press('Escape');
    await survey.waitFor({ state: 'detached' });

    await callInsights(page, 'flush');
    const response = await fetch(`${env.server.origin}/api/feedback/nps?surveyId=nps-q4`, {
      headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
    });
    const nps = (await response.json()) as {
      responses: number;
      promoters: number;
      comments: { score: number; comment: string }[];
    };
    expect(nps).toMatchObject({ responses: 1, promoters: 1 });
    expect(nps.comments).toEqual([expect.objectContaining({ score: 9, comment: 'Fast pipeline, love it' })]);

    // Same user, next page: the event happens again but the 30-day throttle holds, and debug mode says so.
    await page.reload();
    await page.waitForFunction(
      () => typeof (window as unknown as { crmInsights?: { feedback?: unknown } }).crmInsights?.feedback === 'object',
    );
    console.length = 0;
    await callInsights(page, 'feedback.configure', SURVEY);
    await callInsights(page, 'track', 'Deal Won');
    await expect
      .poll(() => console.some((line) => /survey "nps-q4" not shown: shown .* ago; throttled for 30 days/.test(line)))
      .toBe(true);
    expect(await survey.count()).toBe(0);

    // Once the throttle has passed (its record aged 31 days), the same event shows it again.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage).filter((name) => name.startsWith('crm-insights:surveys:'))) {
        const history = JSON.parse(localStorage.getItem(key)!);
        history.shown['nps-q4'] -= 31 * 86_400_000;
        localStorage.setItem(key, JSON.stringify(history));
      }
    });
    await callInsights(page, 'track', 'Deal Won');
    await survey.waitFor();

    // Closing it without an answer is recorded as a dismissal, locally and at the env.server.
    await page.keyboard.press('Escape');
    await survey.waitFor({ state: 'detached' });
    await callInsights(page, 'flush');
    const answers = await env.server.events({ type: 'nps' });
    expect(answers.map((event) => event.props)).toEqual(
      expect.arrayContaining([
        { surveyId: 'nps-q4', dismissed: true },
        { surveyId: 'nps-q4', score: 9, comment: 'Fast pipeline, love it' },
      ]),
    );
    expect(answers).toHaveLength(2);
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage)
          .filter((key) => key.startsWith('crm-insights:surveys:'))
          .map((key) => Object.keys(JSON.parse(localStorage.getItem(key)!).dismissed)),
      ),
    ).toEqual([['nps-q4']]);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
