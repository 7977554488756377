import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser.ts';

/** The extension's content script as seen through the DevTools protocol: code run in its world, what it threw. */
export interface ContentScriptWorld {
  /** Runs `expression` in the content script's isolated world (awaiting a promise) and returns its value. */
  evaluate(expression: string): Promise<unknown>;
  /** The messages of exceptions thrown in that world and not caught, since this was opened. */
  exceptions: string[];
}

interface ExecutionContext {
  id: number;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/**
 * Watches the isolated world the extension's content script runs in on `page`'s top frame (Chromium names it after
 * the extension). `Runtime.enable` reports the worlds already there, then new ones, so this can be opened before
 * the page loads, to hear every exception; `evaluate` waits for the world to exist.
 */
export async function openContentScriptWorld(
  browser: ExtensionBrowser,
  page: Page,
  timeoutMs = 10_000,
): Promise<ContentScriptWorld> {
  const name = (await browser.serviceWorker.evaluate(() => chrome.runtime.getManifest().name)) as string;
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  const exceptions: string[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context as ExecutionContext));
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails }) => {
    const world = contexts.find((context) => context.id === exceptionDetails.executionContextId);
    if (world?.name === name)
      exceptions.push(exceptionDetails.exception?.description ?? exceptionDetails.text ?? 'unknown exception');
  });
  await cdp.send('Runtime.enable');
  const find = () => contexts.findLast((context) => context.auxData?.type === 'isolated' && context.name === name);
  const world = async (): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    while (!find()) {
      if (Date.now() > deadline) throw new Error(`no content script world named "${name}" on ${page.url()}`);
      await new Promise((wake) => setTimeout(wake, 50));
    }
    return find()!.id;
  };
  return {
    exceptions,
    async evaluate(expression) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        contextId: await world(),
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(`content script world threw: ${exceptionDetails.exception?.description}`);
      return result.value;
    },
  };
}
