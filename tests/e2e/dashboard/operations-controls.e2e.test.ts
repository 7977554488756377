import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../support/axe.ts';
import { launchBrowser } from '../../support/browser.ts';
import { startHttpReceiver } from '../../support/http-receiver.ts';
import type { HttpReceiver } from '../../support/http-receiver.ts';
import { startTestServer, TEST_READ_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

const STAFF = 'staff_token_operations_e2e';

interface ShownRule {
  id: string;
  name: string;
  kind: string;
  threshold?: number;
  enabled: boolean;
  channels: { type: string; url?: string }[];
}

/**
 * The Operations page's controls in real Chromium against the real server: staff create, edit, disable and test an
 * alert rule through the form (the API's messages shown under their fields), run a load test and watch its
 * progress bar and result, and see a scaling decision the server made; a read-key session sees all of it without
 * the controls, and the API refuses it a rule.
 */
describe('the Operations page controls', () => {
  let server: TestServer;
  let browser: Browser;
  let slack: HttpReceiver;
  let dir: string;
  beforeAll(async () => {
    slack = await startHttpReceiver(200);
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-ops-e2e-'));
    const policies = join(dir, 'scaling.json');
    writeFileSync(
      policies,
      JSON.stringify([
        {
          name: 'ingest',
          metric: 'ingest_events_per_second',
          threshold: 1,
          durationSeconds: 10,
          cooldownSeconds: 60,
          minReplicas: 1,
          maxReplicas: 3,
        },
      ]),
    );
    server = await startTestServer({
      staffTokens: [STAFF],
      outboundAllow: ['127.0.0.1'],
      scalingPoliciesFile: policies,
      metricsSampleMs: 0,
      trackingPlan: false,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rules = async (): Promise<ShownRule[]> =>
    (
      (await (
        await fetch(`${server.origin}/api/alerts/rules`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } })
      ).json()) as { rules: ShownRule[] }
    ).rules;

  async function openOperations(key: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // The form's own 400s are expected (the API's messages are shown by field), and 404s are judged by URL below.
      if (message.type() === 'error' && !/status of (400|404)/.test(message.text())) problems.push(message.text());
    });
    // Every read the page makes exists: a 404 from anything but the browser's own favicon request is a problem.
    page.on('response', (response) => {
      if (response.status() === 404 && new URL(response.url()).pathname !== '/favicon.ico')
        problems.push(`404 ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${server.origin}/dashboard/`);
    await page.getByLabel('Read key or staff token').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.origin}/dashboard/operations`);
    await page.locator('section[aria-label="Alert rules"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.state.loading').count(), { timeout: 20_000 }).toBe(0);
    return { page, problems };
  }

  it('lets staff create, edit, disable and test an alert rule, run a load test and see scaling decisions', {
    timeout: 120_000,
  }, async () => {
    const { page, problems } = await openOperations(STAFF);
    const panel = page.locator('section[aria-label="Alert rules"]');
    await expect.poll(() => panel.locator('.state.empty').textContent()).toMatch(/No alert rules yet/);
    // Keyboard only for the first steps: the controls are real buttons and the form submits on Enter.
    await panel.getByRole('button', { name: 'New rule' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New alert rule' });
    // Empty name and a Slack channel without a URL: the API's messages under their fields.
    await form.getByRole('button', { name: 'Add Slack channel' }).click();
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => form.locator('#rule-new-problem-name').textContent()).toMatch(/name: must not be empty/);
    expect(await form.locator('#rule-new-problem-channels').textContent()).toMatch(/channels\.0\.url: must be a URL/);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Name').fill('Checkout spike');
    await form.getByLabel('Kind').selectOption('error.spike');
    await form.getByLabel('Threshold').fill('4');
    await form.getByLabel('Window (minutes)').fill('10');
    await form.getByLabel('Incoming-webhook URL').fill(`${slack.origin}/services/T0/B0/secret`);
    await page.screenshot({ path: 'docs/screenshots/operations-rule-editor.png', fullPage: true });
    // The open editor, its field problems and its channel rows pass axe as the rest of the dashboard does.
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel('Name').press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved “Checkout spike”' }).count()).toBe(1);
    expect(await rules()).toEqual([
      expect.objectContaining({
        id: 'checkout-spike',
        kind: 'error.spike',
        threshold: 4,
        windowMinutes: 10,
        enabled: true,
        channels: [{ type: 'slack', url: `${slack.origin}/…` }],
      }),
    ]);

    // Edit the threshold only: the Slack URL the editor never saw stays stored (the test message reaches it).
    const row = page.locator('tr[data-rule="checkout-spike"]');
    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('form', { name: 'Edit alert rule Checkout spike' });
    await editor.getByLabel('Threshold').fill('5');
    await editor.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(async () => (await rules())[0]!.threshold).toBe(5);
    await row.getByRole('button', { name: 'Send test notification' }).click();
    await slack.waitFor(1);
    expect(JSON.parse(slack.received[0]!.body).blocks[0].text.text).toBe('[TEST] Checkout spike');
    expect(slack.received[0]!.path).toBe('/services/T0/B0/secret');
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(async () => (await rules())[0]!.enabled).toBe(false);
    await expect.poll(() => row.getByRole('button', { name: 'Enable' }).count()).toBe(1);

    // A load test from the page: the progress bar while it runs, then the result with the widget's traffic mix.
    const tests = page.locator('section[aria-label="Load tests"]');
    await tests.getByLabel('Requests').fill('400');
    await tests.getByLabel('Concurrency').fill('1');
    await tests.getByLabel('Events per batch').fill('10');
    await tests.getByRole('button', { name: 'Run load test' }).click();
    await tests.locator('progress').waitFor({ timeout: 10_000 });
    expect(await tests.getByRole('button', { name: 'Running…' }).isDisabled()).toBe(true);
    const mix = tests.locator('[data-load-test-result] tr').filter({ hasText: 'Traffic mix' });
    await mix.waitFor({ timeout: 60_000 });
    for (const type of ['page', 'vital', 'api', 'track', 'error']) expect(await mix.textContent()).toContain(type);
    const runs = (await (
      await fetch(`${server.origin}/api/load-tests/runs`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } })
    ).json()) as { runs: { status: string; result: { ok: number } }[] };
    expect(runs.runs[0]).toMatchObject({ status: 'done', result: { ok: 400 } });
    expect(await tests.locator('[data-load-test-result]').textContent()).toContain('400 ok');

    // The load test's ingest rate crosses the policy's threshold: the next sample and evaluation scale out.
    await server.operations.sampler.sample();
    expect(await server.operations.scaling!.evaluate()).toHaveLength(1);
    const scaling = page.locator('section[aria-label="Scaling"]');
    await scaling.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => scaling.locator('tr[data-decision]').count()).toBe(1);
    expect(await scaling.locator('tr[data-decision] td').nth(2).textContent()).toBe('1 → 2');
    expect(await scaling.locator('tr[data-decision] td').nth(3).textContent()).toMatch(
      /^scale out to 2: ingest_events_per_second /,
    );
    expect(await scaling.locator('tr[data-policy="ingest"] [data-figure="desired-replicas"]').textContent()).toBe('2');
    await page.screenshot({ path: 'docs/screenshots/operations-controls.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a read-key session the rules, scaling and load tests without controls; the API refuses it a rule', async () => {
    const { page, problems } = await openOperations(TEST_READ_KEY, 800);
    const panel = page.locator('section[aria-label="Alert rules"]');
    await panel.locator('tr[data-rule]').first().waitFor();
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await page.locator('section[aria-label="Load tests"] form').count()).toBe(0);
    expect(await page.locator('section[aria-label="Scaling"] tr[data-policy="ingest"]').count()).toBe(1);
    const before = (await rules()).length;
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/alerts/rules', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Sneaky', kind: 'error.new', channels: [] }),
      });
      return { status: response.status, body: (await response.json()) as { error: string } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/read-only .*sign in with a staff token/);
    expect(await rules()).toHaveLength(before);
    await page.screenshot({ path: 'docs/screenshots/operations-800px-read-key.png', fullPage: true });
    expect(problems.filter((text) => !/status of 403/.test(text))).toEqual([]);
    await page.context().close();
  });
});
