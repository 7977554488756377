import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../support/browser.ts';
import { addCrmSite, extensionWithHostGrant, openPanel } from '../../support/extension.ts';
import type { ExtensionBrowser } from '../../support/browser.ts';
import { TEST_READ_KEY, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { callInsights, openFixturePage } from './fixture-page.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

const XSS = '<img src=x onerror=alert(1)>';

describe('"Report a bug" in the loaded extension', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let receiver: WebhookReceiver;
  let extension: ReturnType<typeof extensionWithHostGrant>;
  beforeAll(async () => {
    extension = extensionWithHostGrant();
    // The receiver listens on loopback, which the server refuses to call unless the operator allows it.
    server = await startTestServer({ outboundAllow: ['127.0.0.1'] });
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

  it('files a report with a screenshot taken without a toolbar click, replay and errors, routed to the webhook, text shown as text, then listed under "My reports"', async () => {
    await api('PUT', '/bug-reports/routing-rules', {
      rules: [
        { name: 'checkout', keywords: ['checkout'], minSeverity: 'high', category: 'payments', webhook: receiver.url },
      ],
    });
    // The credential Settings stores ("Use a staff token instead"); the server takes its read key as a staff credential.
    await browser.serviceWorker.evaluate(
      ([endpoint, token]) => chrome.storage.local.set({ auth: { endpoint, token, kind: 'token' } }),
      [`${server.origin}/api`, TEST_READ_KEY] as const,
    );

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

    // "My reports" lists it with its status from the API: delivered to the payments webhook.
    const mine = panel.getByTestId(`my-report-${id}`);
    await expect
      .poll(async () => {
        await panel.getByRole('button', { name: 'refresh' }).click();
        return mine.getByTestId('my-report-status').textContent();
      })
      .toBe('delivered');
    expect(await mine.textContent()).toMatch(/delivered to the payments webhook/);

    // The API read returns the text as sent, and nothing anywhere opened a dialog.
    expect((await api('GET', '/bug-reports')).reports[0].description).toBe(`${XSS} checkout button does nothing`);
    expect(dialogs).toEqual([]);
  });
});
