import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchWithExtension } from '../support/browser.ts';
import type { ExtensionBrowser } from '../support/browser.ts';

describe('"Report a bug" without access to all sites', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    // The extension as installed: no host access granted, so Chrome refuses panel screenshots without a toolbar click.
    browser = await launchWithExtension(EXTENSION_DIR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says in one line why a screenshot needs a toolbar click, and how to allow it from the panel', async () => {
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 360, height: 800 });
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tab=bug`);
    expect(await panel.evaluate(() => chrome.permissions.contains({ origins: ['<all_urls>'] }))).toBe(false);
    await expect
      .poll(() => panel.getByTestId('screenshot-hint').textContent())
      .toBe(
        'Chrome screenshots a tab only right after a click on the crm-insights toolbar button there, or with Settings → "Screenshots from the panel".',
      );
    await panel.screenshot({ path: 'docs/screenshots/extension-bug-report-hint.png' });
    await panel.close();
  });
});
