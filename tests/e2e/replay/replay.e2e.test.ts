import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_READ_KEY } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { outboxEvents } from '../../support/faults.ts';
import { captureRequestBodies } from './request-bodies.ts';
import { useServerAndBrowser } from '../../support/environment.ts';

const SECRET_NAME = 'Zanzibar-Quokka-7731';
const SECRET_EMAIL = 'vault.keeper@secret-example.org';
const SECRET_PHONE = '+44 7700 900461';
const SECRET_PASSWORD = 'hunter2-Very-Secret';
const PLANTED_EMAIL = 'planted.person@hidden-example.net';
const PLANTED_TOKEN = 'sk_live_PLANTEDtoken9f8e7d6c';
// Not masked: shown as plain page text, so only scrubbing of the recorded strings keeps it in the page.
const VISIBLE_EMAIL = 'visible.owner@plain-example.com';
const SECRETS = [SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_PASSWORD, PLANTED_EMAIL, PLANTED_TOKEN, VISIBLE_EMAIL];

interface Insights {
  flush(): Promise<unknown>;
  getSessionId(): string;
  replay: { flush(): Promise<{ chunks: number }> };
}

/** Serves the demo with replay switched on by the script tag's attributes, as a customer would configure it. */
async function demoWithReplay(page: Page, attributes: string): Promise<void> {
  await page.route('**/demo/contacts/new', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('data-release=', `${attributes} data-release=`);
    await route.fulfill({ response, body: html });
  });
}

/** Queues the unsent recording and delivers the outbox, as a page would on an explicit call. */
const uploadReplay = (page: Page) =>
  page.evaluate(async () => {
    const api = (window as unknown as { crmInsights: Insights }).crmInsights;
    const { chunks } = await api.replay.flush();
    await api.flush();
    return { chunks, sessionId: api.getSessionId() };
  });

/** The API's reassembled replay of a session. */
const readReplay = (server: TestServer, sessionId: string) =>
  fetch(`${server.origin}/api/replay/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${TEST_READ_KEY}` } });

const insights = (page: Page) =>
  page.waitForFunction(() => 'replay' in ((window as unknown as { crmInsights?: object }).crmInsights ?? {}));

describe('session replay on the demo CRM', () => {
  const env = useServerAndBrowser();

  it('sends no secret typed into a form or planted in a masked element, and the viewer plays the recording', async () => {
    const page = await env.browser.newPage();
    const bodies = captureRequestBodies(page);
    await demoWithReplay(page, 'data-replay="session" data-replay-sample-rate="1"');
    await page.goto(`${env.server.origin}/demo/contacts/new`);
    await insights(page);
    // Planted with DOM calls (no innerHTML): a masked element holding an email and a token, and a password field.
    await page.evaluate(
      ([email, token, visible]) => {
        const note = document.createElement('p');
        note.dataset.insightsMask = '';
        note.id = 'planted';
        note.textContent = `Account owner ${email}, API token ${token}`;
        const password = document.createElement('input');
        password.type = 'password';
        password.setAttribute('aria-label', 'Password');
        const owner = document.createElement('p');
        owner.id = 'owner';
        owner.textContent = `Record owner: ${visible}`;
        document.querySelector('form')!.append(note, password, owner);
      },
      [PLANTED_EMAIL, PLANTED_TOKEN, VISIBLE_EMAIL],
    );
    await page.getByLabel('Full name').fill('');
    await page.getByLabel('Full name').pressSequentially(SECRET_NAME);
    await page.getByLabel('Email').pressSequentially(SECRET_EMAIL);
    await page.getByLabel('Phone (optional)').pressSequentially(SECRET_PHONE);
    await page.getByLabel('Password').pressSequentially(SECRET_PASSWORD);
    await page.getByLabel('Company').pressSequentially('Acme Widgets');
    const { sessionId } = await uploadReplay(page);

    // The server has the replay, reassembled: a full snapshot of the form, and the typing as masked input.
    const response = await readReplay(env.server, sessionId);
    expect(response.status).toBe(200);
    const replay = (await response.json()) as {
      recordings: { events: { type: number; data?: { source?: number } }[]; missingSeqs: number[] }[];
    };
    expect(replay.recordings).toHaveLength(1);
    expect(replay.recordings[0]!.events.map((event) => event.type)).toContain(2);
    expect(replay.recordings[0]!.missingSeqs).toEqual([]);
    // Input events (incremental snapshot 3, source Input 5) exist only for the two masked text fields: the blocked
    // email, phone and password fields send none at all, so not even the length of what was typed leaves the page.
    const inputs = replay.recordings[0]!.events.filter((event) => event.type === 3 && event.data?.source === 5).map(
      (event) => event.data as { id: number; text: string },
    );
    expect(new Set(inputs.map((input) => input.id)).size).toBe(2);
    expect(inputs.every((input) => /^\**$/.test(input.text))).toBe(true);

    // Every byte sent, decoded: the page really was recorded (its heading, the name's masked asterisks), and no
    // secret is anywhere, nor the company typed into a masked field.
    const texts = bodies.texts();
    const everything = texts.join('\n');
    expect(everything).toContain('New contact');
    expect(everything).toContain('*'.repeat(SECRET_NAME.length));
    expect(everything).not.toContain('Acme Widgets');
    for (const secret of SECRETS) expect(everything, `secret ${secret} was sent`).not.toContain(secret);
    // The planted text was recorded, as asterisks of its shape rather than not at all.
    expect(everything).toContain('*'.repeat('planted.person@hidden-example.net,'.length));
    // Unmasked text is recorded, with the email scrubbed out of it.
    expect(everything).toContain('Record owner: [email]');

    // The viewer page plays it with rrweb's player: the recorded heading inside the player's iframe.
    const viewer = await env.browser.newPage();
    const cspViolations: string[] = [];
    viewer.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await viewer.goto(`${env.server.origin}/demo/replay/index.html?session=${sessionId}`);
    await viewer.getByLabel('Read key').fill(TEST_READ_KEY);
    await viewer.getByRole('button', { name: 'Load replay' }).click();
    const played = viewer.frameLocator('#player iframe');
    await expect.poll(() => played.locator('h1').textContent(), { timeout: 15_000 }).toBe('New contact');
    await expect.poll(() => played.locator('#planted').textContent()).toMatch(/^[\s*]+$/);
    expect(await played.locator('input[type="password"]').count()).toBe(0);
    expect(cspViolations.filter((text) => /script/i.test(text))).toEqual([]);
    // The session is listed among recent sessions with replay, and picking it loads it again.
    await viewer.getByRole('button', { name: 'Recent sessions' }).click();
    await viewer.getByRole('button', { name: sessionId }).click();
    await expect
      .poll(() => viewer.frameLocator('#player iframe').locator('h1').textContent(), { timeout: 15_000 })
      .toBe('New contact');
    await viewer.close();
    await page.close();
  });

  it('keeps chunks through a reload while the API is unreachable, and returns both page loads in order', async () => {
    const page = await env.browser.newPage();
    await demoWithReplay(page, 'data-replay="session"');
    // The ingest route is down: chunks must wait in the outbox.
    await page.route('**/api/analytics/events', (route) => route.abort());
    await page.goto(`${env.server.origin}/demo/contacts/new`);
    await insights(page);
    await page.getByLabel('Company').pressSequentially('Initech');
    const { chunks } = await page.evaluate(() =>
      (window as unknown as { crmInsights: Insights }).crmInsights.replay.flush(),
    );
    expect(chunks).toBeGreaterThan(0);
    const queuedReplay = async () => (await outboxEvents(page)).filter((event) => event.type === 'replay').length;
    await expect.poll(queuedReplay).toBe(chunks);

    await page.unroute('**/api/analytics/events');
    await page.reload();
    await insights(page);
    await page.getByLabel('Company').pressSequentially('Hooli');
    const { sessionId } = await uploadReplay(page);
    const replay = (await (await readReplay(env.server, sessionId)).json()) as {
      recordings: { replayId: string; events: { type: number; timestamp: number }[]; missingSeqs: number[] }[];
    };
    expect(replay.recordings).toHaveLength(2);
    for (const recording of replay.recordings) {
      expect(recording.events.slice(0, 2).map((event) => event.type)).toEqual([4, 2]);
      expect(recording.missingSeqs).toEqual([]);
    }
    expect(replay.recordings[0]!.events.at(-1)!.timestamp).toBeLessThan(replay.recordings[1]!.events[0]!.timestamp);
    await page.close();
  });

  it('in buffer mode sends nothing until asked, then the last minute starting with a full snapshot', async () => {
    const page = await env.browser.newPage();
    const bodies = captureRequestBodies(page);
    await demoWithReplay(page, 'data-replay="buffer"');
    await page.goto(`${env.server.origin}/demo/contacts/new`);
    await insights(page);
    await page.getByLabel('Company').pressSequentially('Globex');
    await page.evaluate(() => (window as unknown as { crmInsights: Insights }).crmInsights.flush());
    const sessionId = await page.evaluate(() =>
      (window as unknown as { crmInsights: Insights }).crmInsights.getSessionId(),
    );
    expect(bodies.texts().join('\n')).not.toContain('"type":"replay"');
    expect((await readReplay(env.server, sessionId)).status).toBe(404);

    const { chunks } = await uploadReplay(page);
    expect(chunks).toBeGreaterThan(0);
    const stored = await env.server.events({ type: 'replay', sessionId });
    expect(stored).toHaveLength(chunks);
    expect(stored.map((event) => event.props)).toEqual(
      stored.map(() => expect.objectContaining({ mode: 'buffer', reason: 'flush', encoding: 'gzip' })),
    );
    const replay = (await (await readReplay(env.server, sessionId)).json()) as {
      recordings: { events: { type: number }[] }[];
    };
    // rrweb starts a recording with Meta (4) then FullSnapshot (2): playable on its own.
    expect(replay.recordings[0]!.events.slice(0, 2).map((event) => event.type)).toEqual([4, 2]);
    await page.close();
  });

  it('in buffer mode uploads the buffer by itself when the page throws an uncaught error', async () => {
    const page = await env.browser.newPage();
    await demoWithReplay(page, 'data-replay="buffer"');
    await page.goto(`${env.server.origin}/demo/contacts/new`);
    await insights(page);
    await page.getByLabel('Company').pressSequentially('Umbrella');
    const sessionId = await page.evaluate(() =>
      (window as unknown as { crmInsights: Insights }).crmInsights.getSessionId(),
    );
    // Thrown from a timer, as an app bug would be: uncaught, so the widget's error collector captures it.
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('Replay trigger test failure');
      }),
    );
    await expect
      .poll(
        async () => {
          await page.evaluate(() =>
            (window as unknown as { crmInsights: Insights }).crmInsights.flush().catch(() => undefined),
          );
          return (await env.server.events({ type: 'replay', sessionId })).map((event) => event.props?.reason);
        },
        { timeout: 15_000 },
      )
      .toEqual([expect.any(String)]);
    const [chunk] = await env.server.events({ type: 'replay', sessionId });
    expect(chunk!.props).toMatchObject({ mode: 'buffer', reason: 'error', seq: 0 });
    expect((await env.server.events({ type: 'error', sessionId })).length).toBeGreaterThan(0);
    await page.close();
  });
});
