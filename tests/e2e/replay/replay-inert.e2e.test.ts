import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { useServerAndBrowser } from '../../support/environment.ts';
import { TEST_READ_KEY, TEST_WRITE_KEY } from '../../support/server.ts';

const T0 = Date.now() - 60_000;
const element = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});
const text = (id: number, textContent: string) => ({ type: 3, id, textContent });

/**
 * A recording as a hostile page would have it stored: an image whose `onerror` and a link whose `javascript:` URL
 * would run in the viewer if rebuilt as recorded, and a later mutation adding more of the same.
 */
const HOSTILE_RECORDING = [
  { type: 4, timestamp: T0, data: { href: 'https://crm.example.com/contacts', width: 800, height: 600 } },
  {
    type: 2,
    timestamp: T0 + 1,
    data: {
      initialOffset: { top: 0, left: 0 },
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
          element(3, 'html', {}, [
            element(4, 'head', {}),
            element(5, 'body', {}, [
              element(6, 'h1', {}, [text(7, 'Recorded page')]),
              element(8, 'img', {
                id: 'first-img',
                src: '/missing-image.png',
                onerror: 'window.top.postMessage("pwned:onerror", "*")',
              }),
              element(9, 'a', { id: 'bad-link', href: 'javascript:window.top.postMessage("pwned:link", "*")' }, [
                text(10, 'open'),
              ]),
            ]),
          ]),
        ],
      },
    },
  },
  {
    type: 3,
    timestamp: T0 + 200,
    data: {
      source: 0,
      texts: [],
      removes: [],
      attributes: [
        {
          id: 9,
          attributes: {
            href: ' java\tscript:window.top.postMessage("pwned:mutation", "*")',
            onclick: 'window.top.postMessage("pwned:click", "*")',
          },
        },
      ],
      adds: [
        {
          parentId: 5,
          nextId: null,
          node: element(11, 'img', {
            id: 'late-img',
            src: '/missing-too.png',
            onerror: 'window.top.postMessage("pwned:late", "*")',
          }),
        },
      ],
    },
  },
  { type: 3, timestamp: T0 + 1500, data: { source: 2, type: 2, id: 6, x: 1, y: 1 } },
];

describe('the replay viewer rebuilds recorded handlers and script URLs inert', () => {
  const env = useServerAndBrowser();

  it('an onerror and a javascript: link recorded by a page come out of the API and the player without them', async () => {
    const sessionId = uuidv7();
    const ingest = await fetch(`${env.server.origin}/api/analytics/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_WRITE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        sentAt: Date.now(),
        events: [
          {
            id: uuidv7(),
            type: 'replay',
            ts: T0,
            sessionId,
            anonymousId: uuidv7(),
            props: { replayId: uuidv7(), seq: 0, part: 0, final: true, encoding: 'none' },
            data: JSON.stringify(HOSTILE_RECORDING),
          },
        ],
      }),
    });
    expect(ingest.status).toBe(200);

    const api = await fetch(`${env.server.origin}/api/replay/sessions/${sessionId}`, {
      headers: { Authorization: `Bearer ${TEST_READ_KEY}` },
    });
    const served = await api.text();
    expect(api.status).toBe(200);
    expect(served).toContain('Recorded page');
    expect(served).not.toMatch(/onerror|onclick|javascript|java\\tscript|pwned/i);

    const viewer = await env.browser.newPage();
    // Anything a rebuilt handler runs reports here through the viewer's own window.
    await viewer.addInitScript(() =>
      window.addEventListener('message', (event) => {
        const page = window as unknown as { ran?: unknown[] };
        page.ran = [...(page.ran ?? []), event.data];
      }),
    );
    await viewer.goto(`${env.server.origin}/demo/replay/index.html?session=${sessionId}`);
    await viewer.getByLabel('Read key').fill(TEST_READ_KEY);
    await viewer.getByRole('button', { name: 'Load replay' }).click();
    const played = viewer.frameLocator('#player iframe');
    await expect.poll(() => played.locator('h1').textContent(), { timeout: 15_000 }).toBe('Recorded page');
    await expect.poll(() => played.locator('#late-img').count(), { timeout: 15_000 }).toBe(1);
    const attributesOf = (selector: string) =>
      played
        .locator(selector)
        .evaluate((node) => node.getAttributeNames().map((name) => `${name}=${node.getAttribute(name)}`));
    expect(await attributesOf('#first-img')).not.toContainEqual(expect.stringMatching(/^on/));
    expect(await attributesOf('#late-img')).not.toContainEqual(expect.stringMatching(/^on/));
    expect(await attributesOf('#bad-link')).not.toContainEqual(expect.stringMatching(/javascript|^on/i));
    // Both images failed to load (their onerror would have fired by now), and nothing ran.
    await viewer.waitForTimeout(300);
    expect(await viewer.evaluate(() => (window as unknown as { ran?: unknown[] }).ran ?? [])).toEqual([]);
    await viewer.close();
  });
});
