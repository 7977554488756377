import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { useServerAndBrowser } from '../../support/environment.ts';
import { TEST_READ_KEY } from '../../support/server.ts';
import { storeLongRecording } from './long-recording.ts';

describe('a session replay longer than one answer, in the dashboard', () => {
  const env = useServerAndBrowser();

  it('plays the first part, then the next part from its link, which the last part has not', async () => {
    const sessionId = uuidv7();
    // 2000 chunks of a long recording decode to more than one answer holds (it stops at about seq 1850).
    await storeLongRecording(env.server.storage, sessionId, 2_000, Date.now());
    const page = await env.browser.newPage();
    await page.goto(`${env.server.origin}/dashboard/`);
    await page.getByLabel('Read key or staff token').fill(TEST_READ_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();

    await page.goto(`${env.server.origin}/dashboard/replay.html?session=${sessionId}`);
    await page.locator('.replayer-wrapper iframe').waitFor();
    const nextPart = page.getByRole('link', { name: 'Play the next part' });
    await nextPart.waitFor();
    expect(await page.locator('#status').textContent()).toMatch(
      /^1 page load · \d+ events · a long session: this is one part of it, the rest plays in the next part$/,
    );

    await nextPart.click();
    await page.waitForURL(/[?&]cursor=/);
    await page.locator('.replayer-wrapper iframe').waitFor();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^1 page load · \d+ events$/);
    expect(await nextPart.isHidden()).toBe(true);
    await page.close();
  });
});
