import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR } from './browser.ts';
import type { ExtensionBrowser } from './browser.ts';

/**
 * A copy of the built extension whose manifest also holds `<all_urls>`, standing in for the user's "Allow" in the
 * browser's permission prompt (Settings → "Screenshots from the panel" asks for exactly that): a test cannot click
 * browser UI. Every line of the extension's own code is the built one. Returns the folder and how to remove it.
 */
export function extensionWithHostGrant(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-extension-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), '<all_urls>'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the extension's side panel inspecting `page`'s tab, on `tab` (flags by default). */
export async function openPanel(
  browser: ExtensionBrowser,
  page: Page,
  tab = 'flags',
): Promise<{ panel: Page; tabId: number }> {
  const tabId = (await browser.serviceWorker.evaluate(
    async (url) => (await chrome.tabs.query({ url }))[0]?.id,
    page.url(),
  )) as number;
  if (typeof tabId !== 'number') throw new Error(`no tab for ${page.url()}`);
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 360, height: 800 });
  await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tabId=${tabId}&tab=${tab}`);
  return { panel, tabId };
}

/** Adds a CRM site the way staff do (Settings → CRM sites → Add), and waits until the content script is registered. */
export async function addCrmSite(browser: ExtensionBrowser, origin: string): Promise<void> {
  const settings = await browser.context.newPage();
  await settings.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tab=settings`);
  await settings.getByTestId('crm-site-input').fill(origin);
  await settings.getByTestId('crm-site-add').click();
  await settings.getByText(/Active on \d+ site/).waitFor();
  await settings.close();
}

/**
 * Pairs the extension with the test server as staff do: the dashboard makes a one-time code (here with a staff
 * token), Settings trades it for a staff session. Waits until Settings says it is paired.
 */
export async function pairExtension(browser: ExtensionBrowser, origin: string, staffToken: string): Promise<void> {
  const made = await fetch(`${origin}/api/extension/pairing`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${staffToken}` },
  });
  if (made.status !== 201) throw new Error(`pairing code refused: ${made.status} ${await made.text()}`);
  const { code } = (await made.json()) as { code: string };
  const settings = await browser.context.newPage();
  await settings.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tab=settings`);
  await settings.getByTestId('pair-dashboard').fill(`${origin}/dashboard/`);
  await settings.getByTestId('pair-code').fill(code);
  await settings.getByTestId('pair-submit').click();
  await settings.getByText(/\(paired\)/).waitFor();
  await settings.close();
}

/** Signs the extension in with a staff token as staff do (Settings → Use a staff token instead) for `endpoint`. */
export async function signInWithStaffToken(browser: ExtensionBrowser, endpoint: string, token: string): Promise<void> {
  const settings = await browser.context.newPage();
  await settings.goto(`chrome-extension://${browser.extensionId}/sidepanel.html?tab=settings`);
  await settings.getByText('Use a staff token instead').click();
  await settings.getByTestId('settings-endpoint').fill(endpoint);
  await settings.getByLabel('Staff token').fill(token);
  await settings.getByRole('button', { name: 'Save staff token' }).click();
  await settings.getByText(/\(staff token\)/).waitFor();
  await settings.close();
}
