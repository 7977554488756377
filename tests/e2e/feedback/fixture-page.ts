import type { Page } from 'playwright-core';
import { TEST_WRITE_KEY } from '../../support/server.ts';

/**
 * Serves, at `${origin}/feedback-fixture/`, a page with the widget installed by script tag under a strict CSP
 * (no inline script or style allowed), so what these tests prove holds on the strictest CRM page. Every dialog
 * (alert/confirm/prompt) the page ever opens is recorded in `dialogs`.
 */
export async function openFixturePage(
  page: Page,
  origin: string,
  path = '/feedback-fixture/',
): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route(`${origin}/feedback-fixture/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: {
        'Content-Security-Policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'",
      },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fixture CRM</title>
        <script async src="/insights.js" data-endpoint="/api" data-key="${TEST_WRITE_KEY}" data-replay="${path.includes('/replay/') ? 'buffer' : 'off'}" data-debug></script></head>
        <body><main><h1>Deals</h1><button type="button" id="page-button">Page button</button></main></body></html>`,
    }),
  );
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(
    () => typeof (window as unknown as { crmInsights?: { feedback?: unknown } }).crmInsights?.feedback === 'object',
  );
  return { dialogs };
}

/** Runs `crmInsights.<path>(...args)` in the page. */
export function callInsights(page: Page, path: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    ([path, args]) => {
      const parts = (path as string).split('.');
      let target: unknown = (window as unknown as { crmInsights: unknown }).crmInsights;
      let owner: unknown = target;
      for (const part of parts) {
        owner = target;
        target = (target as Record<string, unknown>)[part];
      }
      return (target as (...a: unknown[]) => unknown).apply(owner, args as unknown[]);
    },
    [path, args] as const,
  );
}
