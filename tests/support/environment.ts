import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, launchWithExtension } from './browser.ts';
import { addCrmSite, extensionWithHostGrant } from './extension.ts';
import type { ExtensionBrowser } from './browser.ts';
import { startTestServer } from './server.ts';
import type { TestServer } from './server.ts';

/** The real server and Chromium a suite runs against; read them inside tests, after the hooks ran. */
export interface TestEnvironment {
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * Registers hooks that start a test server (fresh SQLite file, 127.0.0.1) and headless Chromium before the
 * suite, and stop both after it.
 */
export function useServerAndBrowser(): TestEnvironment {
  const environment = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    environment.server = await startTestServer();
    environment.browser = await launchBrowser();
  });
  afterAll(async () => {
    await environment.browser?.close();
    await environment.server?.stop();
  });
  return environment;
}

/** The real server and Chromium with the built extension loaded. */
export interface ExtensionTestEnvironment {
  readonly server: TestServer;
  readonly browser: ExtensionBrowser;
}

/**
 * Like `useServerAndBrowser`, with the built Chrome extension loaded in a fresh persistent profile, host access
 * granted (see `extensionWithHostGrant`) and the test server's host added as a CRM site through Settings.
 */
export function useServerAndExtension(settings: Parameters<typeof startTestServer>[0] = {}): ExtensionTestEnvironment {
  const environment = {} as { server: TestServer; browser: ExtensionBrowser };
  let extension: { dir: string; remove(): void } | undefined;
  beforeAll(async () => {
    extension = extensionWithHostGrant();
    environment.server = await startTestServer(settings);
    environment.browser = await launchWithExtension(extension.dir);
    await addCrmSite(environment.browser, environment.server.origin);
  });
  afterAll(async () => {
    await environment.browser?.close();
    await environment.server?.stop();
    extension?.remove();
  });
  return environment;
}
