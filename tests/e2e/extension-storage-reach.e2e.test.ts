import { describe, expect, it } from 'vitest';
import { openContentScriptWorld } from '../support/content-script-world.ts';
import { useServerAndExtension } from '../support/environment.ts';
import { pairExtension } from '../support/extension.ts';

const STAFF_TOKEN = 'staff_e2e_storage_reach';

/**
 * Run in the content script's world, as code a page exploit would run there: everything every storage area
 * answers, or why it refused, and every storage change it was told of.
 */
const READ_EVERY_AREA = `(async () => {
  const read = {};
  for (const name of ['local', 'session', 'sync', 'managed']) {
    try {
      const area = globalThis.chrome?.storage?.[name];
      read[name] = area ? await area.get(null) : 'no such area';
    } catch (error) {
      read[name] = 'refused: ' + error.message;
    }
  }
  return JSON.stringify({ read, heard: globalThis.heardChanges ?? [] });
})()`;

/** Listens to every storage change the content script's world is told of, from now on. */
const LISTEN_TO_CHANGES = `(() => {
  globalThis.heardChanges = [];
  try {
    chrome.storage.onChanged.addListener((changes, area) => globalThis.heardChanges.push({ area, changes }));
    return 'listening';
  } catch (error) {
    return 'refused: ' + error.message;
  }
})()`;

describe('what the content script can reach of extension storage', () => {
  const env = useServerAndExtension({ staffTokens: [STAFF_TOKEN] });

  it('never the staff credential: not in any storage area, not in a change it hears of, even once paired', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/demo/`);
    const world = await openContentScriptWorld(env.browser, page);
    await world.evaluate(LISTEN_TO_CHANGES);

    await pairExtension(env.browser, env.server.origin, STAFF_TOKEN);
    const stored = (await env.browser.serviceWorker.evaluate(() => chrome.storage.local.get('auth'))) as {
      auth?: { token?: string };
    };
    const sessionToken = stored.auth?.token;
    expect(sessionToken).toMatch(/.{16,}/);

    const reached = JSON.parse((await world.evaluate(READ_EVERY_AREA)) as string) as {
      read: Record<string, unknown>;
    };
    expect(JSON.stringify(reached)).not.toContain(sessionToken);
    expect(reached.read.local).toMatch(/^refused: /);
    expect(world.exceptions).toEqual([]);
    await page.close();
  });
});
