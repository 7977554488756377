import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { serveFaultPage } from './faults.ts';
import { startTestServer } from './server.ts';
import type { TestServer } from './server.ts';

/** What a fault suite shares: one real server and browser per file, a fresh profile per test. */
export interface FaultLab {
  server: TestServer;
  browser: Browser;
  /** Errors that escaped into any page of the current context (must stay empty). */
  pageErrors: string[];
  /** A fresh context (own IndexedDB, locks, storage) serving the fault page with these `data-*` attributes. */
  newContext(attributes?: Record<string, string>, headers?: Record<string, string>): Promise<BrowserContext>;
  /** A promise the test holds a request on; released after the test. */
  hold(): Promise<void>;
  /** Releases every held request now. */
  release(): void;
}

/** Registers the suite's hooks and returns the lab they fill in. */
export function useFaultLab(): FaultLab {
  const held: (() => void)[] = [];
  let context: BrowserContext | undefined;
  const lab: FaultLab = {
    server: undefined as unknown as TestServer,
    browser: undefined as unknown as Browser,
    pageErrors: [],
    async newContext(attributes = {}, headers = {}) {
      context = await lab.browser.newContext();
      lab.pageErrors = [];
      context.on('page', (page) => page.on('pageerror', (error) => lab.pageErrors.push(error.message)));
      await serveFaultPage(context, lab.server, attributes, headers);
      return context;
    },
    hold: () => new Promise<void>((resolve) => held.push(resolve)),
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
  };
  beforeAll(async () => {
    lab.server = await startTestServer();
    lab.browser = await launchBrowser();
  });
  afterEach(async () => {
    lab.release();
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await lab.browser?.close();
    await lab.server?.stop();
  });
  return lab;
}
