import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../../support/environment.ts';

type Insights = { flush(): Promise<unknown>; getSessionId(): string; captureError(error: unknown): void };

const insights = (page: Page) =>
  page.waitForFunction(
    () => typeof (window as unknown as { crmInsights?: Insights }).crmInsights?.getSessionId === 'function',
  );
// Every part of the address: the whole, the local part, its pieces and the domain.
const EMAIL_PARTS = /jane\.doe@example\.com|jane|doe|example\.com/i;

const FIXTURE = `
function lookupContact() {
  window.crmInsights.captureError(new Error('lookup failed for jane.doe@example.com'));
}
lookupContact();
setTimeout(function syncContacts() {
  throw new TypeError('sync failed for jane.doe@example.com:8080\\nsee https://help.acme.test/faq and jane.doe@example.com');
});
function loadQuota() {
  return Promise.reject(new RangeError('no quota for jane.doe@example.com'));
}
void loadQuota();
void Promise.reject('jane.doe@example.com');
`;

describe('no part of an email in an error leaves the page', () => {
  const env = useServerAndBrowser();

  it('for captureError, an uncaught error and an unhandled rejection, in what is sent and what is stored', async () => {
    const page = await env.browser.newPage();
    const bodies: string[] = [];
    page.on('request', (request) => {
      const raw =
        request.method() === 'POST' && request.url().startsWith(`${env.server.origin}/api/`)
          ? request.postDataBuffer()
          : null;
      if (raw)
        bodies.push(
          request.headers()['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8'),
        );
    });
    await page.goto(`${env.server.origin}/demo/pipeline`);
    await insights(page);
    const sessionId = await page.evaluate(() =>
      (window as unknown as { crmInsights: Insights }).crmInsights.getSessionId(),
    );
    // A same-origin script (served by the test, allowed by the page's CSP), so the errors have real frames under
    // the message V8 puts first.
    await page.route(`${env.server.origin}/demo/privacy-fixture.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: FIXTURE }),
    );
    await page.addScriptTag({ url: `${env.server.origin}/demo/privacy-fixture.js` });
    const read = async () =>
      (await env.server.events({ type: 'error', sessionId })).filter((event) => event.name !== 'ResourceError');
    let errors = await read();
    for (let round = 0; round < 40 && errors.length < 4; round++) {
      await page
        .evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flush())
        .catch(() => undefined);
      await page.waitForTimeout(250);
      errors = await read();
    }
    expect(errors.map((event) => event.name).sort()).toEqual([
      'Error',
      'RangeError',
      'TypeError',
      'UnhandledRejection',
    ]);
    const stored = JSON.stringify(errors);
    expect(stored).not.toMatch(EMAIL_PARTS);
    expect(bodies.join('\n')).not.toMatch(EMAIL_PARTS);
    expect(bodies.join('\n')).toContain('[email]');

    type ErrorProps = { message: string; frames: { function?: string; file?: string }[] };
    const byName: Record<string, ErrorProps> = Object.fromEntries(
      errors.map((event) => [event.name, event.props as unknown as ErrorProps]),
    );
    expect(byName.Error!.message).toBe('lookup failed for [email]');
    expect(byName.UnhandledRejection!.message).toBe('[email]');
    // The frames are the page's own code, none made of message text: each has a file on the server's origin.
    expect(byName.Error!.frames.map((frame) => frame.function)).toContain('lookupContact');
    expect(byName.TypeError!.frames[0]).toMatchObject({
      function: 'syncContacts',
      file: `${env.server.origin}/demo/privacy-fixture.js`,
      line: 7,
    });
    expect(byName.RangeError!.frames[0]).toMatchObject({
      function: 'loadQuota',
      file: `${env.server.origin}/demo/privacy-fixture.js`,
    });
    for (const props of Object.values(byName)) {
      for (const frame of props.frames)
        expect(frame.file ?? '', JSON.stringify(frame)).toMatch(
          new RegExp(`^(${env.server.origin.replace(/\./g, '\\.')}/|$)`),
        );
    }
    await page.close();
  });
});
