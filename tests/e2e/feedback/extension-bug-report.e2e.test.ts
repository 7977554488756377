import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../support/browser.ts';
import { addCrmSite, extensionWithHostGrant, openPanel, pairExtension } from '../../support/extension.ts';
import type { ExtensionBrowser } from '../../support/browser.ts';
import { TEST_READ_KEY, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { callInsights, openFixturePage } from './fixture-page.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

const XSS = '<img src=x onerror=alert(1)>';
const STAFF = 'staff_e2e_bug_token';

describe('"Report a bug" in the loaded extension', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let receiver: WebhookReceiver;
  let extension: ReturnType<typeof extensionWithHostGrant>;
  beforeAll(async () => {
    extension = extensionWithHostGrant();
    // The receiver listens on loopback, which the server refuses to call unless the operator allows it.
    server = await startTestServer({ outboundAllow: ['127.0.0.1'], staffTokens: [STAFF] });
    receiver = await startWebhookReceiver();
    browser = await launchWithExtension(extension.dir);
    await addCrmSite(browser, server.origin);
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.stop();
    extension?.remove();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.origin}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${TEST_READ_KEY}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as Record<string, any>;
  };

  it('files a report with a screenshot taken without a toolbar click, replay and errors, routed to the webhook, text shown as text, then listed under "My reports" with the triage status set in the dashboard', async () => {
    await api('PUT', '/bug-reports/routing-rules', {
      rules: [
        { name: 'checkout', keywords: ['checkout'], minSeverity: 'high', category: 'payments', webhook: receiver.url },
      ],
    });
    // Paired with the dashboard as Settings does it: a one-time code traded for a staff session.
    await pairExtension(browser, server.origin, STAFF);

    const page = await browser.context.newPage();
    const { dialogs } = await openFixturePage(page, server.origin, '/feedback-fixture/replay/');
    await page.click('#page-button');
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('checkout exploded');
      }, 0),
    );
    await callInsights(page, 'track', 'Checkout Clicked');

    const { panel } = await openPanel(browser, page, 'bug');
    panel.on('dialog', (dialog) => {
      dialogs.push(`panel ${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await panel.getByTestId('bundle-summary').waitFor();

    // With access to all sites granted, the panel screenshots directly and has nothing to explain.
    expect(await panel.getByTestId('screenshot-hint').count()).toBe(0);
    await panel.getByTestId('capture-screenshot').click();
    const canvas = panel.getByTestId('screenshot-canvas');
    await canvas.or(panel.getByRole('alert')).waitFor();
    expect(await panel.getByRole('alert').allTextContents()).toEqual([]);
    const box = (await canvas.boundingBox())!;
    await panel.mouse.move(box.x + 5, box.y + 5);
    await panel.mouse.down();
    await panel.mouse.move(box.x + 60, box.y + 40);
    await panel.mouse.up();
    await expect.poll(() => canvas.getAttribute('aria-label')).toMatch(/1 area\(s\) blacked out/);

    // Screenshot pixels per displayed pixel, to find the box in the stored image.
    const scale = await canvas.evaluate(
      (element: HTMLCanvasElement) => element.width / element.getBoundingClientRect().width,
    );
    await panel.getByTestId('bug-description').fill(`${XSS} checkout button does nothing`);
    await panel.getByTestId('bug-severity').selectOption('high');
    await panel.screenshot({ path: 'docs/screenshots/extension-bug-report.png', fullPage: true });
    await panel.getByTestId('submit-bug-report').click();
    const id = (await panel.getByTestId('bug-report-id').textContent())!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await panel.getByTestId('bug-report-description').textContent()).toBe(`${XSS} checkout button does nothing`);
    expect(await panel.locator('[data-testid="bug-report-description"] img').count()).toBe(0);
    expect(await panel.getByTestId('bug-report-link').getAttribute('href')).toBe(
      `${server.origin}/dashboard/feedback/bugs/${id}`,
    );

    const { report } = await api('GET', `/bug-reports/${id}`);
    expect(report).toMatchObject({
      source: 'extension',
      severity: 'high',
      category: 'payments',
      description: `${XSS} checkout button does nothing`,
      page: { path: '/feedback-fixture/replay/' },
    });
    expect(report.screenshot).toMatch(/^data:image\/png;base64,/);
    expect(report.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('checkout exploded') })]),
    );
    // Replay was on and recording; nothing the report needs was missing.
    expect(report.missing ?? []).toEqual([]);
    expect(report.replayChunks).toEqual(expect.any(Number));

    // The redacted box is black in what the server stored (the screenshot is scaled to the canvas's pixels).
    const pixel = await panel.evaluate(
      async ([dataUrl, scale]) => {
        const image = new Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return [...context.getImageData(Math.round(30 * scale), Math.round(20 * scale), 1, 1).data];
      },
      [report.screenshot as string, scale] as const,
    );
    expect(pixel).toEqual([0, 0, 0, 255]);

    // The replay the widget queued for the report reaches the server as the session's replay events.
    await callInsights(page, 'flush');
    const replay = await server.events({ type: 'replay', sessionId: report.sessionId });
    expect(replay.length).toBeGreaterThan(0);

    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    expect(receiver.received[0]).toMatchObject({
      id,
      category: 'payments',
      rule: 'checkout',
      severity: 'high',
      attachments: { screenshot: true },
    });
    expect((receiver.received[0] as { attachments: { errors: number } }).attachments.errors).toBeGreaterThan(0);
    await expect
      .poll(async () => (await api('GET', `/bug-reports/${id}`)).deliveries)
      .toEqual([expect.objectContaining({ attempt: 1, ok: true, status: 204 })]);

    // "My reports" lists this extension's reports with their triage status from the API: open at first…
    const mine = panel.getByTestId(`my-report-${id}`);
    const shownStatus = async () => {
      await panel.getByRole('button', { name: 'refresh' }).click();
      return mine.getByTestId('my-report-status').textContent();
    };
    await expect.poll(shownStatus).toBe('open');
    expect(await mine.textContent()).toMatch(/nobody has triaged it yet/);
    // …and not a report someone else filed (another reporter id, same staff credentials).
    const other = await fetch(`${server.origin}/api/bug-reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        source: 'extension',
        description: 'not mine',
        severity: 'low',
        reporterId: 'someone-else',
      }),
    });
    const otherId = ((await other.json()) as { id: string }).id;

    // Staff set its status in the dashboard's inbox, opened at the link the panel gave.
    const dashboard = await browser.context.newPage();
    await dashboard.goto(`${server.origin}/dashboard/`);
    await dashboard.getByLabel('Read key or staff token').fill(STAFF);
    await dashboard.getByRole('button', { name: 'Sign in' }).click();
    await dashboard.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    await dashboard.goto(`${server.origin}/dashboard/feedback/bugs/${id}`);
    const detail = dashboard.getByTestId('bug-report-detail');
    await detail.getByTestId('bug-report-status-select').selectOption('in-progress');
    await expect.poll(() => detail.textContent()).toMatch(/set .+ by session:[0-9a-f]{12}/);
    expect(await dashboard.locator(`[data-report="${id}"] > [data-testid="bug-report-status"]`).textContent()).toBe(
      'in-progress',
    );
    await dashboard
      .getByRole('region', { name: 'Bug reports' })
      .screenshot({ path: 'docs/screenshots/dashboard-bug-triage.png' });
    // The inbox shows one status at a time when asked: the report in progress leaves the open ones.
    await dashboard.getByTestId('bug-report-status-filter').selectOption('open');
    await expect.poll(() => dashboard.locator('[data-report]').count()).toBe(1);
    expect(await dashboard.locator(`[data-report="${otherId}"]`).count()).toBe(1);
    expect(new URL(dashboard.url()).searchParams.get('bugStatus')).toBe('open');
    await dashboard.close();

    await expect.poll(shownStatus).toBe('in-progress');
    expect(await mine.textContent()).toMatch(/in-progress since .+, set by session:[0-9a-f]{12}/);
    expect(await panel.getByTestId(`my-report-${otherId}`).count()).toBe(0);
    expect(await panel.getByTestId('my-reports').locator('li').count()).toBe(1);
    await panel.screenshot({ path: 'docs/screenshots/extension-my-reports.png', fullPage: true });

    // The API read returns the text as sent, and nothing anywhere opened a dialog.
    expect(
      (await api('GET', '/bug-reports')).reports.find((listed: { id: string }) => listed.id === id).description,
    ).toBe(`${XSS} checkout button does nothing`);
    expect(dialogs).toEqual([]);
  });
});
