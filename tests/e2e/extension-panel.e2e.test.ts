import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hash } from '../../shared/flags/hash.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { useServerAndExtension } from '../support/environment.ts';
import { openPanel } from '../support/extension.ts';

const STAFF = 'staff_e2e_panel_token';
type Insights = {
  flags: {
    state(): { configSource: string; attributes?: { id?: string } };
    setAttributes(attributes: Record<string, unknown>): void;
  };
};

/** An anonymous id the half rollout of `deal-value-badge` leaves out (hash above 0.5), and its hash. */
function idOutsideRollout(): { id: string; n: number } {
  for (let i = 0; ; i++) {
    const id = uuidv7(Date.now() + i);
    const n = hash('deal-value-badge', id, 2)!;
    if (n > 0.5) return { id, n };
  }
}

/** Opens a demo page as `anonymousId` and waits for its flags config. */
async function openDemo(page: Page, origin: string, path: string, anonymousId?: string): Promise<void> {
  if (anonymousId) await page.addInitScript((id) => localStorage.setItem('crm-insights:anonymous-id', id), anonymousId);
  await page.goto(`${origin}${path}`);
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { crmInsights?: Insights }).crmInsights?.flags?.state().configSource),
    )
    .toMatch(/^(network|cache)$/);
}

describe('the extension panel as QA and support use it', () => {
  const env = useServerAndExtension({ staffTokens: [STAFF] });

  it('Live, opened after the page loaded, shows that page load’s LCP, FCP and TTFB with ratings', async () => {
    const page = await env.browser.context.newPage();
    await openDemo(page, env.server.origin, '/demo/');
    // The vitals are captured (and sent) before any panel exists.
    await expect
      .poll(async () => (await env.server.events({ type: 'vital' })).map((event) => event.name))
      .toEqual(expect.arrayContaining(['LCP', 'FCP', 'TTFB']));
    await page.evaluate(() =>
      (window as unknown as { crmInsights: { track(name: string): void } }).crmInsights.track('Live History Check'),
    );
    const { panel } = await openPanel(env.browser, page, 'live');
    for (const name of ['LCP', 'FCP', 'TTFB']) {
      await expect
        .poll(() => panel.getByTestId(`vital-${name}`).textContent(), { timeout: 10_000 })
        .toMatch(new RegExp(`^${name}\\d+ ms(good|needs-improvement|poor)$`));
    }
    // A vital's card opens on its attribution (web-vitals' attribution build: LCP names its element).
    await panel.getByTestId('vital-LCP').getByRole('button').click();
    expect(
      Object.keys(JSON.parse((await panel.getByTestId('vital-LCP').locator('.json').textContent())!) as object).length,
    ).toBeGreaterThan(0);
    await panel.getByTestId('vital-LCP').getByRole('button').click();
    // Filter and search narrow the list; a click shows an item's JSON.
    await panel.getByLabel('Search events').fill('Live History');
    await expect.poll(() => panel.getByTestId('live-count').textContent()).toMatch(/^1 of \d+ event/);
    await panel.getByTestId('live-events').getByRole('button').first().click();
    expect(JSON.parse((await panel.locator('.json').textContent())!)).toMatchObject({
      type: 'track',
      name: 'Live History Check',
    });
    await panel.getByLabel('Search events').fill('');
    await panel.screenshot({ path: 'docs/screenshots/extension-live.png', fullPage: true });
    await page.close();
    await panel.close();
  });

  it('Flags keeps a typed, uncommitted value through 3 s of refreshes, and explains a rollout rule by rule', async () => {
    const page = await env.browser.context.newPage();
    const { id, n } = idOutsideRollout();
    await openDemo(page, env.server.origin, '/demo/pipeline', id);
    const { panel } = await openPanel(env.browser, page, 'flags');
    expect(
      await page.evaluate(
        () => (window as unknown as { crmInsights: Insights }).crmInsights.flags.state().attributes?.id,
      ),
    ).toBe(id);
    await expect
      .poll(() => panel.getByTestId('flag-why-deal-value-badge').textContent(), { timeout: 10_000 })
      .toBe(`rule 1 (staff): condition false; rule 2 (half-rollout): hash ${n} outside coverage 0.5 → default false`);
    await expect.poll(() => panel.getByTestId('simulate-attributes').textContent()).toMatch(/hashes on: id;/);

    const box = panel.getByLabel('Force contacts-page-size (JSON; empty releases it)');
    await box.click();
    await box.pressSequentially('50');
    // Every 200 ms for 3 s the page changes its attributes: each change pushes new flags that re-render the panel.
    const pushes = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let count = 0;
          const timer = setInterval(() => {
            (window as unknown as { crmInsights: Insights }).crmInsights.flags.setAttributes({
              plan: count++ % 2 ? 'starter' : 'team',
            });
            if (count === 15) {
              clearInterval(timer);
              resolve(count);
            }
          }, 200);
        }),
    );
    expect(pushes).toBe(15);
    expect(await box.inputValue()).toBe('50');
    await expect(box.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await panel.screenshot({ path: 'docs/screenshots/extension-flags.png', fullPage: true });
    await box.press('Escape');
    await page.close();
    await panel.close();
  });

  it('pairs with the dashboard by a one-time code, without typing a secret, and signs out', async () => {
    const made = await fetch(`${env.server.origin}/api/extension/pairing`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF}` },
    });
    expect(made.status).toBe(201);
    const { code } = (await made.json()) as { code: string };
    const page = await env.browser.context.newPage();
    await openDemo(page, env.server.origin, '/demo/');
    const { panel } = await openPanel(env.browser, page, 'settings');
    await panel.getByTestId('pair-dashboard').fill(`${env.server.origin}/dashboard/`);
    await panel.getByTestId('pair-code').fill(code);
    await panel.getByTestId('pair-submit').click();
    await expect
      .poll(() => panel.getByTestId('auth-status').textContent())
      .toMatch(new RegExp(`^Signed in to ${env.server.origin}/api \\(paired\\) until `));
    // The paired session is a staff credential: the API signs an override token with it.
    const issued = await panel.evaluate(
      (anonymousId) =>
        chrome.runtime.sendMessage({ type: 'issue-override-token', origin: 'http://127.0.0.1', anonymousId }),
      'a1',
    );
    expect(issued).toMatchObject({ ok: true, token: expect.stringMatching(/^ot1\./) });
    // No secret reaches the panel.
    expect(JSON.stringify(await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'auth-status' })))).not.toMatch(
      /token"/,
    );
    await panel.screenshot({ path: 'docs/screenshots/extension-settings.png', fullPage: true });

    await panel.getByTestId('tab-page').click();
    await expect
      .poll(() => panel.getByTestId('incidents-error').or(panel.getByTestId('incidents-none')).first().textContent())
      .toMatch(/.+/);

    await panel.getByTestId('tab-settings').click();
    await panel.getByTestId('sign-out').click();
    await expect.poll(() => panel.getByTestId('auth-status').textContent()).toMatch(/^Signed out of /);
    const refused = await panel.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'issue-override-token', origin: 'http://127.0.0.1', anonymousId: 'a1' }),
    );
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/Not signed in/) });
    await page.close();
    await panel.close();
  });

  it('runs the content script on a CRM site added at run time, and on no other', async () => {
    const registered = await env.browser.serviceWorker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.matches),
    );
    expect(registered).toEqual([['http://127.0.0.1/*']]);
    const handshakes = async (url: string) => {
      const page = await env.browser.context.newPage();
      await page.addInitScript(() => {
        (window as unknown as { connects: number }).connects = 0;
        window.addEventListener('message', (event) => {
          if ((event.data as { kind?: string } | null)?.kind === 'connect')
            (window as unknown as { connects: number }).connects++;
        });
      });
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { crmInsights?: unknown }).crmInsights);
      // The content script runs at document idle; give it time to speak where it is not expected either.
      await page.waitForTimeout(1500);
      const count = await page.evaluate(() => (window as unknown as { connects: number }).connects);
      await page.close();
      return count;
    };
    const port = new URL(env.server.origin).port;
    expect(await handshakes(`http://127.0.0.1:${port}/demo/`)).toBeGreaterThan(0);
    expect(await handshakes(`http://localhost:${port}/demo/`)).toBe(0);
  });
});
