import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/uuid.ts';
import { launchWithExtension } from '../support/browser.ts';
import type { ExtensionBrowser } from '../support/browser.ts';
import { addCrmSite, extensionWithHostGrant, openPanel, pairExtension } from '../support/extension.ts';
import { errorProps } from '../support/error-props.ts';
import { TEST_READ_KEY, TEST_WRITE_KEY, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const STAFF = 'staff_e2e_incidents_token';

describe('"This page": open incidents for the inspected site only', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let extension: ReturnType<typeof extensionWithHostGrant>;
  beforeAll(async () => {
    extension = extensionWithHostGrant();
    // The evaluator runs every 200 ms instead of every minute, on the real clock.
    server = await startTestServer({ staffTokens: [STAFF], metricsSampleMs: 0 }, { alertEvaluateMs: 200 });
    browser = await launchWithExtension(extension.dir);
    await addCrmSite(browser, server.origin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    extension?.remove();
  });

  /** Sends one error thrown on `url` through the ingest API, as a widget there would. */
  const throwOn = async (url: string, fingerprint: string, message: string) => {
    const ts = Date.now();
    const response = await fetch(`${server.origin}/api/analytics/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_WRITE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        sentAt: ts,
        events: [
          {
            id: uuidv7(ts),
            type: 'error',
            name: 'TypeError',
            ts,
            sessionId: uuidv7(ts),
            anonymousId: uuidv7(ts),
            page: { url, path: new URL(url).pathname },
            props: errorProps({ fingerprint, message }),
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
  };

  it('lists the incident opened by errors on this origin, not the one opened by errors on another', async () => {
    const rule = await fetch(`${server.origin}/api/alerts/rules`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'New errors', kind: 'error.new', windowMinutes: 5, channels: [] }),
    });
    expect(rule.status).toBe(201);
    const other = `http://localhost:${new URL(server.origin).port}`;
    await throwOn(`${server.origin}/demo/deals`, 'fp-here', 'deal total is undefined');
    await throwOn(`${other}/demo/deals`, 'fp-elsewhere', 'contact list exploded');

    // Both incidents open, each naming the site its errors came from.
    const listed = async (query: string) => {
      const response = await fetch(`${server.origin}/api/alerts/incidents?${query}`, {
        headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
      });
      return ((await response.json()) as { incidents: { key: string; origins: string[] }[] }).incidents;
    };
    await expect
      .poll(async () => (await listed('status=open')).map((incident) => [incident.key, incident.origins]).sort(), {
        timeout: 20_000,
      })
      .toEqual([
        ['fp-elsewhere', [other]],
        ['fp-here', [server.origin]],
      ]);
    expect((await listed(`status=open&origin=${encodeURIComponent(other)}`)).map((incident) => incident.key)).toEqual([
      'fp-elsewhere',
    ]);
    const refused = await fetch(`${server.origin}/api/alerts/incidents?origin=${encodeURIComponent(`${other}/demo`)}`, {
      headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
    });
    expect(refused.status).toBe(400);

    // The extension, paired with the dashboard, shows this page's origin's incident and not the other one.
    await pairExtension(browser, server.origin, STAFF);
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/demo/`);
    const { panel } = await openPanel(browser, page, 'page');
    const cards = panel.getByTestId('incidents').getByTestId('incident');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toMatch(/^new-errors.*this site.*New error: deal total is undefined/);
    expect(await cards.first().getByRole('link').getAttribute('href')).toBe(
      `${server.origin}/dashboard/errors?fingerprint=fp-here`,
    );
    expect(await panel.getByTestId('incidents').textContent()).not.toMatch(/contact list exploded/);
    await panel.screenshot({ path: 'docs/screenshots/extension-page.png', fullPage: true });
    await page.close();
    await panel.close();
  });
});
