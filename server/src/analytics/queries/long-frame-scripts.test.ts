import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { storageOn } from '../../storage/storage.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage } from '../../storage/types.ts';
import { splitScript } from './long-frame-scripts.ts';
import type { LongFrameScriptsAnswer } from './long-frame-scripts.ts';

const WRITE = 'pk_frames';
const READ = 'sk_frames';
const T = Date.UTC(2026, 10, 2, 12);
const uuid = (index: number) => `0190a000-0003-7000-8000-${String(index).padStart(12, '0')}`;
let next = 1;
/**
 * A long animation frame of `duration` ms led by `script`, which itself ran `scriptDuration` ms (none: a frame
 * sent by a widget from before the script's own time was sent), on `path`, at T + `minute` minutes.
 */
const frame = (
  minute: number,
  script: string | undefined,
  [duration, scriptDuration]: [number, number?],
  path = '/deals',
  invoker?: string,
) => ({
  id: uuid(next++),
  type: 'resource',
  name: 'long-animation-frame',
  ts: T + minute * 60_000,
  sessionId: uuid(9000),
  anonymousId: uuid(9001),
  page: { url: `https://crm.test${path}`, path },
  props: {
    duration,
    blockingDuration: duration - 50,
    ...(script ? { script } : {}),
    ...(scriptDuration === undefined ? {} : { scriptDuration }),
    ...(invoker ? { invoker } : {}),
  },
});
const SAVE = 'https://crm.test/app.js saveDeal';
const CHART = 'https://crm.test/chart.js';
// saveDeal on click ran 55, 90, 280 ms in frames of 60, 100, 300 ms, and 80 ms in an 80 ms frame sent without its
// own time (total 505, nearest-rank p75 90, max 280) on /deals ×3 and /contacts/7. chart.js by a timer ran only
// 35 and 25 ms in frames of 400 and 350 ms (750 ms of frames, more than saveDeal's 540: ranked by frame time it
// would come first). A frame without attribution: 70. One frame outside the range.
const FIXTURE = [
  frame(1, SAVE, [60, 55], '/deals', 'BUTTON#save.onclick'),
  frame(2, SAVE, [100, 90], '/deals', 'BUTTON#save.onclick'),
  frame(3, SAVE, [300, 280], '/contacts/7', 'BUTTON#save.onclick'),
  frame(4, SAVE, [80], '/deals', 'BUTTON#save.onclick'),
  frame(5, CHART, [400, 35], '/reports', 'TimerHandler:setTimeout'),
  frame(6, CHART, [350, 25], '/reports', 'TimerHandler:setTimeout'),
  frame(7, undefined, [70]),
  frame(24 * 60, SAVE, [900, 900], '/deals', 'BUTTON#save.onclick'),
];
const RANGE = `since=${T}&until=${T + 3_600_000}`;

forEachTestDatabase('long-animation-frame scripts', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  const get = (path: string) => app.request(path, { headers: { Authorization: `Bearer ${READ}` } });
  beforeAll(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => T + 2 * 86_400_000 });
    const response = await app.request('/api/analytics/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sentAt: T + 2 * 86_400_000, events: FIXTURE }),
    });
    expect(await response.json()).toMatchObject({ accepted: FIXTURE.length });
  });
  afterAll(() => storage.close());

  it("ranks scripts by their own total run time with count, p75, max, the frames' blocking time and busiest routes", async () => {
    const response = await get(`/api/analytics/long-frame-scripts?${RANGE}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as LongFrameScriptsAnswer;
    expect(answer).toMatchObject({ scriptCount: 3, frames: 7 });
    expect(answer.scripts).toEqual([
      {
        source: 'https://crm.test/app.js',
        function: 'saveDeal',
        invoker: 'BUTTON#save.onclick',
        frames: 4,
        totalMs: 505,
        p75Ms: 90,
        maxMs: 280,
        blockingMs: 340,
        routes: ['/deals', '/contacts/:id'],
      },
      {
        source: '',
        function: '',
        invoker: '',
        frames: 1,
        totalMs: 70,
        p75Ms: 70,
        maxMs: 70,
        blockingMs: 20,
        routes: ['/deals'],
      },
      {
        source: 'https://crm.test/chart.js',
        function: '',
        invoker: 'TimerHandler:setTimeout',
        frames: 2,
        totalMs: 60,
        p75Ms: 35,
        maxMs: 35,
        blockingMs: 650,
        routes: ['/reports'],
      },
    ]);
  });

  it('narrows to one route template and cuts the list at the limit, still counting every script', async () => {
    const one = (await (
      await get(`/api/analytics/long-frame-scripts?${RANGE}&limit=1`)
    ).json()) as LongFrameScriptsAnswer;
    expect(one.scripts.map((script) => script.source)).toEqual(['https://crm.test/app.js']);
    expect(one.scriptCount).toBe(3);
    const contacts = (await (
      await get(`/api/analytics/long-frame-scripts?${RANGE}&route=/contacts/:id`)
    ).json()) as LongFrameScriptsAnswer;
    expect(contacts.scripts).toEqual([expect.objectContaining({ function: 'saveDeal', frames: 1, totalMs: 280 })]);
  });

  it.each([
    ['limit=0', 'limit: must be an integer from 1 to 200'],
    ['limit=500', 'limit: must be an integer from 1 to 200'],
    ['since=yesterday', 'since'],
  ])('refuses %s with a 400 that says what is wrong', async (query, message) => {
    const response = await get(`/api/analytics/long-frame-scripts?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it('needs the read key', async () => {
    expect((await app.request(`/api/analytics/long-frame-scripts?${RANGE}`)).status).toBe(401);
  });
});

describe('splitScript', () => {
  it.each([
    ['https://crm.test/app.js saveDeal', { source: 'https://crm.test/app.js', function: 'saveDeal' }],
    ['https://crm.test/app.js', { source: 'https://crm.test/app.js', function: '' }],
    ['saveDeal', { source: '', function: 'saveDeal' }],
    ['', { source: '', function: '' }],
  ])('%s', (script, expected) => expect(splitScript(script)).toEqual(expected));
});
